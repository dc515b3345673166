"""Reminders and escalations for actions, sent by the daily deadline scan (CSPR_DEADLINE_SCANNERS).

Each open action of a monitored plan gets, in the partnership's working days: a reminder to its owner
`action_reminder_before` days before the target date and one on the day; an escalation to the business
office and the agency's safeguarding lead `action_overdue_escalation` days after it; and an escalation
when nobody has updated it for `action_update_escalation` days (West Midlands §11.4.1: the arrangements
"will regularly audit progress"). The days come from the framework; the plan of one target date is
rapid_review's `ReminderPlan`. An `ActionReminder` row is written first under its unique (action, kind,
key) constraint, so a second or concurrent scan sends nothing twice; the email leaves after the commit.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from action_plans.models import Action, ActionPlan, ActionReminder
from action_plans.workflow import _subject
from cspr import audit, notifications
from cspr.deadlines.calendar import WorkingCalendar
from cspr.deadlines.projection import explain_date
from cspr.models import Partnership
from cspr.models.cases import Stage
from rapid_review.permissions import agency_contacts
from rapid_review.reminders import ReminderPlan

Kind = ActionReminder.Kind
OPEN_STATES = [Action.State.OPEN, Action.State.IN_PROGRESS]
AUDIT_CODES = {
    Kind.BEFORE: "action.reminder_sent",
    Kind.DUE_TODAY: "action.reminder_sent",
    Kind.ESCALATED: "action.escalated",
    Kind.NOT_UPDATED: "action.escalated",
}
TEMPLATES = {
    Kind.BEFORE: "action_plans/email/action_reminder",
    Kind.DUE_TODAY: "action_plans/email/action_reminder",
    Kind.ESCALATED: "action_plans/email/action_escalated",
    Kind.NOT_UPDATED: "action_plans/email/action_escalated",
}


def plan_for(action: Action, *, partnership: Partnership, calendar: WorkingCalendar) -> ReminderPlan:
    """The reminder days around the action's target date."""
    framework = partnership.framework
    before = framework.timescale("action_reminder_before")
    after = framework.timescale("action_overdue_escalation")
    due = action.target_date
    return ReminderPlan(
        due=due,
        remind_from=calendar.add_working_days(due, -before.amount) if before.amount else None,
        escalate_from=calendar.add_working_days(due, after.amount) if after.amount is not None else None,
    )


def stale_from(action: Action, *, partnership: Partnership, calendar: WorkingCalendar) -> date | None:
    """The day an action not updated since its last update is escalated (None: the procedure sets none)."""
    period = partnership.framework.timescale("action_update_escalation")
    if period.amount is None or action.last_updated_at is None:
        return None
    return calendar.add_working_days(timezone.localdate(action.last_updated_at), period.amount)


def open_actions(partnership: Partnership) -> list[Action]:
    """Actions still being worked on in the partnership's monitored plans."""
    return list(
        Action.objects.filter(
            partnership=partnership, state__in=OPEN_STATES, plan__state=ActionPlan.State.MONITORING
        )
        .select_related("owner_agency", "recommendation", "plan__case", "partnership")
        .order_by("target_date", "pk")
    )


def scan(*, partnership: Partnership, now: datetime) -> int:
    """Send the reminders and escalations due today; returns how many were sent."""
    today = timezone.localdate(now)
    calendar = partnership.working_calendar()
    contacts: dict[int, list[str]] = {}
    sent = 0
    for action in open_actions(partnership):
        plan = plan_for(action, partnership=partnership, calendar=calendar)
        due: list[tuple[str, date]] = [(kind, action.target_date) for kind in plan.kinds_due(today)]
        stale = stale_from(action, partnership=partnership, calendar=calendar)
        if stale is not None and today >= stale:
            due.append((Kind.NOT_UPDATED, timezone.localdate(action.last_updated_at)))
        for kind, key in due:
            if action.owner_agency_id not in contacts:
                contacts[action.owner_agency_id] = [u.email for u in agency_contacts(action.owner_agency)]
            to = recipients(action, kind, contacts=contacts[action.owner_agency_id])
            sent += _send_once(action, kind=kind, key=key, to=to, today=today, calendar=calendar)
    return sent


def recipients(action: Action, kind: str, *, contacts: list[str]) -> list[str]:
    """Reminders go to the named lead and the agency's contacts; escalations to the office and the lead."""
    if kind in {Kind.ESCALATED, Kind.NOT_UPDATED}:
        addresses = [action.partnership.mailbox, action.owner_agency.safeguarding_lead_email]
    else:
        addresses = [action.lead_email, *contacts]
    return list(dict.fromkeys(a for a in addresses if a))


def _send_once(
    action: Action, *, kind: str, key: date, to: list[str], today: date, calendar: WorkingCalendar
) -> int:
    if not to:
        return 0
    overdue_by = max(calendar.working_days_between(action.target_date, today), 0)
    try:
        with transaction.atomic():
            # The row first: its unique (action, kind, key) constraint is what makes the reminder go once.
            ActionReminder.objects.create(
                partnership=action.partnership, action=action, kind=kind, key=key, recipients=to
            )
            audit.record(
                case=action.plan.case,
                code=AUDIT_CODES[kind],
                by=None,
                stage=Stage.ACTION_PLAN,
                reason=Kind(kind).label,
                subject=_subject(action),
                subject_id=action.public_id,
                data={"kind": kind, "to": to, "key": key.isoformat(), "working_days_overdue": overdue_by},
            )
            context = {
                "action": action,
                "agency": action.owner_agency,
                "partnership": action.partnership,
                "reference": action.plan.case.reference,
                "kind": kind,
                "target": explain_date(action.target_date),
                "last_updated": explain_date(timezone.localdate(action.last_updated_at))
                if action.last_updated_at
                else "",
                "working_days_overdue": overdue_by,
                "action_url": settings.SITE_URL + action.get_absolute_url(),
                "portal_url": settings.SITE_URL + reverse("portal:actions"),
            }
            transaction.on_commit(
                partial(
                    notifications.send_email,
                    to=to,
                    subject=_subject_line(kind, context),
                    template=TEMPLATES[kind],
                    context=context,
                    reply_to=[action.partnership.mailbox],
                )
            )
    except IntegrityError:
        return 0  # already sent by an earlier (or concurrent) scan
    return 1


def _subject_line(kind: str, context: dict) -> str:
    reference, agency = context["reference"], context["agency"].name
    if kind == Kind.ESCALATED:
        return f"Overdue action: {agency}, action plan {reference}"
    if kind == Kind.NOT_UPDATED:
        return f"Action not updated: {agency}, action plan {reference}"
    if kind == Kind.DUE_TODAY:
        return f"Your action for {reference} is due today"
    return f"Reminder: your action for {reference} is due on {context['target']}"
