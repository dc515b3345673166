"""Core selectors: what people see. Each takes the partnership first and reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from cspr import audit
from cspr.models import Case, CaseEvent, Deadline, Membership, Partnership
from cspr.tenancy import scopes_disabled


def partnerships_for(user: AbstractBaseUser) -> list[Partnership]:
    """The partnerships where the user holds an active role (a police force may cover several)."""
    with scopes_disabled():
        ids = Membership.objects.filter(user=user, is_active=True).values_list("partnership_id", flat=True)
        return list(Partnership.objects.filter(pk__in=ids).order_by("name"))


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


@dataclass
class DeadlineBoard:
    overdue: list[Deadline]
    due_today: list[Deadline]
    due_this_week: list[Deadline]
    paused: list[Deadline]

    @property
    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in vars(self).items()}


def deadline_board(partnership: Partnership, *, today: date | None = None) -> DeadlineBoard:
    """Open clocks in the buckets the business office works from: overdue, today, this week, paused."""
    today = today or timezone.localdate()
    start_of_today = timezone.make_aware(datetime.combine(today, time.min))
    week_end = _end_of(today + timedelta(days=6 - today.weekday()))
    open_deadlines = open_deadlines_qs(partnership).filter(due_at__lte=week_end) | open_deadlines_qs(
        partnership
    ).filter(due_at=None)
    board = DeadlineBoard([], [], [], [])
    # case__partnership: each row links to its case, whose URL needs the partnership's slug.
    for d in open_deadlines.select_related("case__partnership").order_by("due_at"):
        if d.due_at is None:
            board.paused.append(d)
        elif d.due_at < start_of_today:
            board.overdue.append(d)
        elif d.due_at <= _end_of(today):
            board.due_today.append(d)
        else:
            board.due_this_week.append(d)
    return board


def open_deadlines_qs(partnership: Partnership) -> QuerySet[Deadline]:
    return Deadline.objects.filter(partnership=partnership, met_at=None, cancelled_at=None)


def cases(partnership: Partnership) -> QuerySet[Case]:
    return (
        Case.objects.filter(partnership=partnership)
        .select_related("partnership")  # get_absolute_url needs the slug
        .order_by("-referral_received", "-created_at")
    )


@dataclass
class TimelineEntry:
    at: datetime
    sentence: str
    event: CaseEvent


def case_history(case: Case) -> list[TimelineEntry]:
    """The audit trail of a case as sentences, oldest first."""
    events = CaseEvent.objects.filter(case=case).select_related("by").order_by("at", "pk")
    return [TimelineEntry(at=e.at, sentence=audit.describe(e.code), event=e) for e in events]


def case_deadlines(case: Case) -> list[Deadline]:
    return list(
        Deadline.objects.filter(case=case, cancelled_at=None).prefetch_related("pauses").order_by("due_at")
    )


def case_clocks_paused(case: Case) -> bool:
    return Deadline.objects.filter(
        case=case, met_at=None, cancelled_at=None, pauses__ended=None, pauses__isnull=False
    ).exists()


def days_off(partnership: Partnership, start: date, end: date) -> list[tuple[date, str]]:
    """Weekdays between `start` and `end` that are not working days (bank holidays and closures)."""
    calendar = partnership.working_calendar()
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [(d, reason) for d in days if d.weekday() < 5 and (reason := calendar.non_working_reason(d))]
