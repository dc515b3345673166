"""Reminders before the target date and escalations after it, in working days, once each, over Christmas."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core import mail

from action_plans.models import Action, ActionReminder
from cspr.models import CaseEvent
from cspr.tasks import scan_deadlines
from cspr.tenancy import scopes_disabled
from tests.action_plans.conftest import LONDON
from tests.action_plans.factories import ActionPlanFactory, action_of

pytestmark = pytest.mark.django_db
SCANNER = "action_plans.reminders.scan"


@pytest.fixture
def action(partnership_a, agency_a, agency_contact_a):
    plan = ActionPlanFactory(partnership=partnership_a, agency=agency_a, monitoring=True)
    with scopes_disabled():
        Action.unscoped.filter(plan=plan).update(target_date=date(2026, 12, 29))
        # The other agency's action is finished: only ours is chased.
        other = Action.unscoped.filter(plan=plan).exclude(owner_agency=agency_a).get()
        Action.unscoped.filter(pk=other.pk).update(state=Action.State.COMPLETED, impact_evidence="Audit")
    return action_of(plan, agency_a)


@pytest.fixture
def scan_on(time_machine, django_capture_on_commit_callbacks):
    """Run the daily scan early on `day`; the emails leave after the commit, as in production."""

    def scan(day: date) -> int:
        time_machine.move_to(datetime.combine(day, time(6, 0), tzinfo=LONDON), tick=False)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return scan_deadlines()[SCANNER]

    return scan


def test_reminders_go_once_each_across_christmas(scan_on, action, agency_contact_a, partnership_a):
    # Target Tue 29 Dec 2026. Five working days before: Thu 24, Wed 23, Tue 22, Mon 21, Fri 18 (Fri 25 and the
    # substitute Mon 28 are bank holidays). Escalated one working day after: Wed 30 Dec.
    assert scan_on(date(2026, 12, 17)) == 0
    assert scan_on(date(2026, 12, 18)) == 1
    assert mail.outbox[
        0
    ].subject == "Reminder: your action for ALPHA-2026-001 is due on Tue 29 Dec 2026".replace(
        "ALPHA-2026-001", action.plan.case.reference
    )
    assert set(mail.outbox[0].to) == {"pat.lead@example.org", agency_contact_a.email}
    assert scan_on(date(2026, 12, 18)) == 0  # the same day again: nothing twice
    assert scan_on(date(2026, 12, 21)) == 0
    assert scan_on(date(2026, 12, 25)) == 0  # Christmas Day
    assert scan_on(date(2026, 12, 28)) == 0  # substitute bank holiday: not yet due
    assert scan_on(date(2026, 12, 29)) == 1
    assert "due today" in mail.outbox[0].subject
    assert scan_on(date(2026, 12, 30)) == 1
    escalation = mail.outbox[0]
    assert escalation.subject.startswith("Overdue action: Alpha Hospital NHS Trust")
    assert set(escalation.to) == {partnership_a.mailbox, action.owner_agency.safeguarding_lead_email}
    assert "1 working day ago" in escalation.body
    with scopes_disabled():
        kinds = list(ActionReminder.unscoped.filter(action=action).values_list("kind", flat=True))
        assert kinds == ["before", "due_today", "escalated"]
        assert CaseEvent.unscoped.filter(subject_id=action.public_id, code="action.escalated").count() == 1


def test_an_action_not_updated_for_20_working_days_is_escalated_once(scan_on, action, partnership_a):
    with scopes_disabled():
        Action.unscoped.filter(pk=action.pk).update(target_date=date(2027, 3, 31))
    # Monitoring started Tue 1 Dec; 20 working days later, skipping 25 and 28 Dec, is Thu 31 Dec.
    assert scan_on(date(2026, 12, 30)) == 0
    assert scan_on(date(2026, 12, 31)) == 1
    assert mail.outbox[0].subject.startswith("Action not updated: Alpha Hospital NHS Trust")
    assert "has not been updated since Tue 1 Dec 2026" in mail.outbox[0].body
    assert scan_on(date(2027, 1, 4)) == 0


def test_finished_actions_and_unmonitored_plans_are_not_chased(
    scan_on, partnership_a, agency_a, agency_contact_a
):
    ActionPlanFactory(partnership=partnership_a, agency=agency_a, agreed=True)
    assert scan_on(date(2027, 3, 31)) == 0
