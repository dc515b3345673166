"""Core selectors: what people see. Each takes the partnership first and reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from cspr import audit
from cspr.models import Case, CaseEvent, Deadline, DeadlinePause, Membership, Partnership
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


HISTORY_PAGE_SIZE = 50


@dataclass
class TimelineEntry:
    at: datetime
    sentence: str
    who: str
    event: CaseEvent


@dataclass
class HistoryPage:
    """One page of a case's audit trail, newest first, with what GOV.UK pagination needs."""

    entries: list[TimelineEntry]
    number: int
    num_pages: int
    total: int
    links: list[int | None]  # page numbers to link to; None is an ellipsis

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.num_pages else None


def page_links(number: int, num_pages: int) -> list[int | None]:
    """GOV.UK pagination: the first, last, current and adjacent pages, with ellipses between."""
    shown = sorted({1, num_pages, number - 1, number, number + 1} & set(range(1, num_pages + 1)))
    links: list[int | None] = []
    for page in shown:
        if links and page - links[-1] > 1:
            links.append(None)
        links.append(page)
    return links


def _who(event: CaseEvent) -> str:
    if event.by is None:
        return "System"
    return event.by.get_full_name() or event.by.get_username()


def case_history(case: Case, page: int | str | None = 1, *, per_page: int = HISTORY_PAGE_SIZE) -> HistoryPage:
    """One page of the audit trail of a case as sentences, newest first.

    Two queries whatever the case's size: a count and one page, both read from the index
    caseevent_case_at_id (case, at, id), the page walking it backwards. The count filters on the case
    alone (read in scope by the caller; its events carry its partnership) so it is an index-only scan.
    """
    events = CaseEvent.objects.filter(case=case).order_by("-at", "-pk")
    total = CaseEvent.unscoped.filter(case_id=case.pk).count()
    num_pages = max(1, -(-total // per_page))
    try:
        number = min(max(int(page or 1), 1), num_pages)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = events.select_related("by")[start : start + per_page]
    return HistoryPage(
        entries=[TimelineEntry(at=e.at, sentence=audit.describe(e.code), who=_who(e), event=e) for e in rows],
        number=number,
        num_pages=num_pages,
        total=total,
        links=page_links(number, num_pages),
    )


def case_deadlines(case: Case) -> list[Deadline]:
    """The case's live clocks for its page, each marked `paused_now` when it has an open pause.

    One query: the pause check is a subquery, and the stored timescale (JSON) is left unread since
    the page shows the projection and its explanation. Pauses belong to deadlines read in scope.
    """
    open_pause = DeadlinePause.unscoped.filter(deadline=OuterRef("pk"), ended=None)
    return list(
        Deadline.objects.filter(case=case, cancelled_at=None)
        .defer("timescale")
        .annotate(paused_now=Exists(open_pause))
        .order_by("due_at", "pk")
    )


def case_with_stages(partnership: Partnership) -> QuerySet[Case]:
    """Cases with their one-to-one stage records (the referral, the rapid review) in the same query."""
    stages = [f.name for f in Case._meta.related_objects if f.one_to_one]
    return Case.objects.filter(partnership=partnership).select_related(*stages)


def clocks_paused(deadlines: list[Deadline]) -> bool:
    """Whether an open clock among `deadlines` (from case_deadlines) is paused now."""
    return any(d.is_open and d.paused_now for d in deadlines)


def days_off(partnership: Partnership, start: date, end: date) -> list[tuple[date, str]]:
    """Weekdays between `start` and `end` that are not working days (bank holidays and closures)."""
    calendar = partnership.working_calendar()
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [(d, reason) for d in days if d.weekday() < 5 and (reason := calendar.non_working_reason(d))]
