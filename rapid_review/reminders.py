"""Reminders and escalations for agencies' scoping returns, sent by the daily deadline scan.

Each open request gets at most one reminder of each kind: before the return is due (the framework's
`return_reminder_before` working days ahead, or later if the scan missed that day), on the due day, and an
escalation to the business office and the agency's safeguarding lead once the return is
`return_escalation_after` working days overdue (West Midlands §2.1.7). The `ReminderLog` row is written
first under its unique (request, kind) constraint, so a second or concurrent scan sends nothing twice;
the email leaves through the outbox (`rapid_review.notifications.on_reminder_due`) once the row
commits. The business office's reminders page reads the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cspr import audit
from cspr.deadlines.calendar import WorkingCalendar
from cspr.models import ClosureDay, Deadline, Partnership
from cspr.models.cases import Stage
from cspr.tenancy import scope
from rapid_review.models import ReminderLog, ScopingRequest
from rapid_review.permissions import agency_contacts

Kind = ReminderLog.Kind
OPEN_STATES = [ScopingRequest.State.SENT, ScopingRequest.State.IN_PROGRESS, ScopingRequest.State.REOPENED]
AUDIT_CODES = {
    Kind.BEFORE: "scoping.reminder_sent",
    Kind.DUE_TODAY: "scoping.reminder_sent",
    Kind.ESCALATED: "scoping.escalated",
}
TEMPLATES = {
    Kind.BEFORE: "rapid_review/email/return_reminder",
    Kind.DUE_TODAY: "rapid_review/email/return_reminder",
    Kind.ESCALATED: "rapid_review/email/return_escalated",
}


@dataclass(frozen=True)
class ReminderPlan:
    """When each reminder of one return falls, in the partnership's working days."""

    due: date
    remind_from: date | None  # the first day of the "before" reminder; None when the procedure sets none
    escalate_from: date | None

    def kinds_due(self, today: date) -> list[str]:
        """The kinds of reminder that belong to `today` (each is still sent only once)."""
        kinds = []
        if self.remind_from is not None and self.remind_from <= today < self.due:
            kinds.append(Kind.BEFORE)
        if today == self.due:
            kinds.append(Kind.DUE_TODAY)
        if self.escalate_from is not None and today >= self.escalate_from:
            kinds.append(Kind.ESCALATED)
        return kinds


def plan_for(
    deadline: Deadline, *, partnership: Partnership, calendar: WorkingCalendar
) -> ReminderPlan | None:
    """The reminder days for a return clock, or None while the clock is paused."""
    if deadline.due_at is None:
        return None
    framework = partnership.framework
    due = timezone.localtime(deadline.due_at).date()
    before = framework.timescale("return_reminder_before")
    after = framework.timescale("return_escalation_after")
    return ReminderPlan(
        due=due,
        remind_from=calendar.add_working_days(due, -before.amount) if before.amount else None,
        escalate_from=calendar.add_working_days(due, after.amount) if after.amount is not None else None,
    )


def _open_requests(partnership: Partnership) -> list[tuple[ScopingRequest, Deadline]]:
    """Requests still with the agency whose return clock is running, each with its clock."""
    requests = {
        r.public_id: r
        for r in ScopingRequest.objects.filter(partnership=partnership, state__in=OPEN_STATES).select_related(
            "agency", "rapid_review__case"
        )
    }
    clocks = Deadline.objects.filter(
        partnership=partnership,
        key="scoping_return",
        subject_id__in=list(requests),
        met_at=None,
        cancelled_at=None,
    )
    return [(requests[d.subject_id], d) for d in clocks.order_by("due_at", "pk")]


def recipients(request: ScopingRequest, kind: str) -> list[str]:
    """Reminders go to the agency (its mailbox and contacts); escalations to the office and the lead."""
    agency = request.agency
    if kind == Kind.ESCALATED:
        addresses = [request.partnership.mailbox, agency.safeguarding_lead_email]
    else:
        addresses = [agency.email, *(user.email for user in agency_contacts(agency))]
    return list(dict.fromkeys(a for a in addresses if a))


def scan(*, partnership: Partnership, now: datetime) -> int:
    """Send the reminders due today for the partnership's open returns; returns how many were sent."""
    return _scan(now=now, partnership=partnership)


def scan_all(*, now: datetime) -> int:
    """The daily scan for every partnership at once (cspr.tasks.scan_deadlines); returns how many were sent."""
    return _scan(now=now)


scan.across_partnerships = scan_all  # type: ignore[attr-defined]

# Reminders go out at most this far ahead of the due day (the "before" reminder is a few working days).
REMINDER_HORIZON = timedelta(days=45)


def _candidates(now: datetime, partnership: Partnership | None) -> list[Deadline]:
    """Running return clocks that may need a reminder today, read with the partial index
    deadline_scan_open_returns. Left out: clocks due beyond the horizon, and those already escalated
    whose due day has passed (nothing else can fall due for them), which otherwise pile up."""
    today_starts = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    escalated = ReminderLog.unscoped.filter(request__public_id=OuterRef("subject_id"), kind=Kind.ESCALATED)
    clocks = Deadline.unscoped.filter(
        key="scoping_return",
        met_at=None,
        cancelled_at=None,
        due_at__lt=now + REMINDER_HORIZON,
        subject_id__in=ScopingRequest.unscoped.filter(state__in=OPEN_STATES).values("public_id"),
    ).exclude(Q(due_at__lt=today_starts) & Exists(escalated))
    if partnership is not None:
        clocks = clocks.filter(partnership=partnership)
    return list(clocks.order_by("due_at", "pk"))


def _scan(*, now: datetime, partnership: Partnership | None = None) -> int:
    """Three reads for all open returns (the clocks, their requests, the reminders already sent), then
    work only where a reminder falls due today and has not gone yet; ReminderLog's unique constraint
    still guards against a concurrent scan."""
    today = timezone.localdate(now)
    clocks = _candidates(now, partnership)
    if not clocks:
        return 0
    requests = {
        r.public_id: r
        for r in ScopingRequest.unscoped.filter(
            public_id__in=[d.subject_id for d in clocks], state__in=OPEN_STATES
        ).select_related("agency", "rapid_review__case", "partnership__framework")
    }
    already = set(
        ReminderLog.unscoped.filter(request__in=requests.values()).values_list("request_id", "kind")
    )
    calendars = _calendars({r.partnership for r in requests.values()})
    sent = 0
    for deadline in clocks:
        request = requests.get(deadline.subject_id)
        if request is None:
            continue
        calendar = calendars[request.partnership_id]
        plan = plan_for(deadline, partnership=request.partnership, calendar=calendar)
        if plan is None:
            continue
        for kind in plan.kinds_due(today):
            if (request.pk, kind) in already:
                continue
            with scope(request.partnership):
                sent += _send_once(request, deadline, plan=plan, kind=kind, today=today, calendar=calendar)
    return sent


def _calendars(partnerships: set[Partnership]) -> dict[int, WorkingCalendar]:
    """Each partnership's working calendar, with the closure days of all of them read in one query."""
    closures: dict[int, dict[date, str]] = {p.pk: {} for p in partnerships}
    for day in ClosureDay.unscoped.filter(partnership__in=partnerships):
        closures[day.partnership_id][day.date] = day.reason
    return {
        p.pk: WorkingCalendar(region=p.region, closure_days=closures[p.pk], name=p.name) for p in partnerships
    }


def _send_once(
    request: ScopingRequest,
    deadline: Deadline,
    *,
    plan: ReminderPlan,
    kind: str,
    today: date,
    calendar: WorkingCalendar,
) -> int:
    to = recipients(request, kind)
    if not to:
        return 0
    overdue_by = max(calendar.working_days_between(plan.due, today), 0)
    try:
        with transaction.atomic():
            # The row first: its unique (request, kind) constraint is what makes the reminder go once.
            ReminderLog.objects.create(
                partnership=request.partnership, request=request, kind=kind, recipients=to
            )
            audit.record(
                case=request.rapid_review.case,
                code=AUDIT_CODES[kind],
                by=None,
                stage=Stage.RAPID_REVIEW,
                reason=Kind(kind).label,
                subject=f"scoping request to {request.agency.name}",
                subject_id=request.public_id,
                data={
                    "kind": kind,
                    "to": to,
                    "due": plan.due.isoformat(),
                    "working_days_overdue": overdue_by,
                    "explanation": deadline.explanation,
                },
                # The email goes through the outbox (rapid_review.notifications.on_reminder_due), so a
                # worker or Redis failure after this commit delays it but cannot lose it.
                needs_processing=True,
            )
    except IntegrityError:
        return 0  # already sent by an earlier (or concurrent) scan
    return 1


def subject_line(kind: str, context: dict) -> str:
    reference, agency = context["reference"], context["agency"].name
    if kind == Kind.ESCALATED:
        return f"Overdue scoping return: {agency}, rapid review {reference}"
    if kind == Kind.DUE_TODAY:
        return f"Your scoping return for rapid review {reference} is due today"
    return f"Reminder: your scoping return for rapid review {reference} is due on {context['due_on']}"


# --- The business office's list ----------------------------------------------------------------------


@dataclass
class ReminderRow:
    """An outstanding return as the reminders page shows it: when it is due and what has been sent."""

    request: ScopingRequest
    deadline: Deadline
    plan: ReminderPlan | None
    status: str
    colour: str
    sent: list[ReminderLog] = field(default_factory=list)


NOT_YET_DUE, DUE_SOON, DUE_TODAY, OVERDUE, ESCALATED, PAUSED = (
    "Not yet due",
    "Due soon",
    "Due today",
    "Overdue",
    "Escalated",
    "Clock paused",
)


def reminder_rows(partnership: Partnership, *, now: datetime | None = None) -> list[ReminderRow]:
    """Every outstanding return with its reminder days and the reminders already sent, soonest first."""
    today = timezone.localdate(now or timezone.now())
    calendar = partnership.working_calendar()
    pairs = _open_requests(partnership)
    logs: dict[int, list[ReminderLog]] = {}
    for log in ReminderLog.objects.filter(request__in=[r for r, _ in pairs]):
        logs.setdefault(log.request_id, []).append(log)
    rows = []
    for request, deadline in pairs:
        plan = plan_for(deadline, partnership=partnership, calendar=calendar)
        sent = logs.get(request.pk, [])
        if plan is None:
            status, colour = PAUSED, "yellow"
        elif any(log.kind == Kind.ESCALATED for log in sent):
            status, colour = ESCALATED, "red"
        elif today > plan.due:
            status, colour = OVERDUE, "red"
        elif today == plan.due:
            status, colour = DUE_TODAY, "orange"
        elif plan.remind_from is not None and today >= plan.remind_from:
            status, colour = DUE_SOON, "yellow"
        else:
            status, colour = NOT_YET_DUE, "grey"
        rows.append(
            ReminderRow(
                request=request, deadline=deadline, plan=plan, status=status, colour=colour, sent=sent
            )
        )
    return rows
