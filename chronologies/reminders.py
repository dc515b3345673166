"""Reminders and escalations for chronologies and information reports, sent by the daily deadline scan.

The rules are the rapid review's (rapid_review/reminders.py, whose plan and recipients this reuses): one
reminder `return_reminder_before` working days ahead, one on the due day, and an escalation to the business
office and the agency's safeguarding lead once `return_escalation_after` working days overdue (West Midlands
§2.1.7). The `RequestReminder` row is written first under its unique (request, kind) constraint, so a second
or concurrent scan sends nothing twice; the email leaves only after the row commits.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from chronologies import documents
from chronologies.models import AgencyRequest, RequestReminder
from cspr import audit, notifications
from cspr.deadlines.calendar import WorkingCalendar
from cspr.deadlines.projection import explain_date
from cspr.models import Deadline, Partnership
from cspr.models.cases import Stage
from rapid_review.reminders import Kind, ReminderPlan, plan_for, recipients

OPEN_STATES = [AgencyRequest.State.SENT, AgencyRequest.State.IN_PROGRESS]
CLOCK_KEYS = ["chronology_return", "information_report_return"]
AUDIT_CODES = {
    Kind.BEFORE: "chronology.reminder_sent",
    Kind.DUE_TODAY: "chronology.reminder_sent",
    Kind.ESCALATED: "chronology.escalated",
}
TEMPLATES = {
    Kind.BEFORE: "chronologies/email/reminder",
    Kind.DUE_TODAY: "chronologies/email/reminder",
    Kind.ESCALATED: "chronologies/email/escalated",
}


def _open_requests(partnership: Partnership) -> list[tuple[AgencyRequest, Deadline]]:
    """Requests still with the agency whose return clock is running, each with its clock."""
    requests = {
        r.public_id: r
        for r in AgencyRequest.objects.filter(partnership=partnership, state__in=OPEN_STATES).select_related(
            "agency", "review__case", "partnership"
        )
    }
    clocks = Deadline.objects.filter(
        partnership=partnership,
        key__in=CLOCK_KEYS,
        subject_id__in=list(requests),
        met_at=None,
        cancelled_at=None,
    )
    return [(requests[d.subject_id], d) for d in clocks.order_by("due_at", "pk")]


def scan(*, partnership: Partnership, now: datetime) -> int:
    """Send the reminders due today for the partnership's open requests; returns how many were sent."""
    today = timezone.localdate(now)
    calendar = partnership.working_calendar()
    sent = 0
    for request, deadline in _open_requests(partnership):
        plan = plan_for(deadline, partnership=partnership, calendar=calendar)
        if plan is None:
            continue
        for kind in plan.kinds_due(today):
            sent += _send_once(request, deadline, plan=plan, kind=kind, today=today, calendar=calendar)
    return sent


def _send_once(
    request: AgencyRequest,
    deadline: Deadline,
    *,
    plan: ReminderPlan,
    kind: str,
    today: date,
    calendar: WorkingCalendar,
) -> int:
    to = recipients(request, kind)  # duck-typed: an agency and a partnership are all it reads
    if not to:
        return 0
    overdue_by = max(calendar.working_days_between(plan.due, today), 0)
    try:
        with transaction.atomic():
            RequestReminder.objects.create(
                partnership=request.partnership, request=request, kind=kind, recipients=to
            )
            audit.record(
                case=request.review.case,
                code=AUDIT_CODES[kind],
                by=None,
                stage=Stage.REVIEW,
                reason=Kind(kind).label,
                subject=request.subject,
                subject_id=request.public_id,
                data={
                    "kind": kind,
                    "to": to,
                    "due": plan.due.isoformat(),
                    "working_days_overdue": overdue_by,
                },
            )
            context = {
                "request": request,
                "agency": request.agency,
                "partnership": request.partnership,
                "reference": request.review.case.reference,
                "what": request.get_kind_display().lower(),
                "kind": kind,
                "due_on": explain_date(plan.due),
                "explanation": deadline.explanation,
                "working_days_overdue": overdue_by,
                "portal_url": documents.portal_url(request),
            }
            transaction.on_commit(
                partial(
                    notifications.send_email,
                    to=to,
                    subject=_subject(kind, context),
                    template=TEMPLATES[kind],
                    context=context,
                    reply_to=[request.partnership.mailbox],
                )
            )
    except IntegrityError:
        return 0  # already sent by an earlier (or concurrent) scan
    return 1


def _subject(kind: str, context: dict) -> str:
    reference, agency, what = context["reference"], context["agency"].name, context["what"]
    if kind == Kind.ESCALATED:
        return f"Overdue {what}: {agency}, review {reference}"
    if kind == Kind.DUE_TODAY:
        return f"Your {what} for review {reference} is due today"
    return f"Reminder: your {what} for review {reference} is due on {context['due_on']}"
