"""submit_to_national_panel: meets the submission and 15-working-day deadlines."""

from __future__ import annotations

from datetime import datetime

import pytest

from cspr.models import CaseEvent, Deadline
from cspr.workflow import TransitionRefused
from rapid_review import workflow
from rapid_review.models import RapidReview
from tests.rapid_review.office_factories import LONDON, TODAY, rapid_review

pytestmark = pytest.mark.django_db
State = RapidReview.State


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_it_meets_both_deadlines_on_time(partnership_a, bo_a, time_machine, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.DECISION_RECORDED, time_machine=time_machine)
    time_machine.move_to(datetime(2027, 1, 8, 11, 0, tzinfo=LONDON), tick=False)
    workflow.submit_to_national_panel(rapid_review=rr, by=bo_a)
    rr.refresh_from_db()
    assert rr.state == State.SUBMITTED and rr.submitted_by == bo_a
    for key in ("submit_to_national_panel", "complete_rapid_review"):
        deadline = Deadline.unscoped.get(case=rr.case, key=key)
        assert deadline.met_at is not None and deadline.met_at <= deadline.due_at, key
    # The email and its PDFs leave through the outbox.
    assert CaseEvent.unscoped.get(case=rr.case, code="rapid_review.submitted").processed_at is None


def test_it_needs_the_decision_first(partnership_a, bo_a, time_machine, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.MEETING_HELD, time_machine=time_machine)
    with pytest.raises(TransitionRefused, match="cannot be done while the rapid review is meeting held"):
        workflow.submit_to_national_panel(rapid_review=rr, by=bo_a)


def test_it_needs_the_national_panel_mailbox(partnership_a, bo_a, time_machine, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.DECISION_RECORDED, time_machine=time_machine)
    framework = partnership_a.framework
    framework.rules = {**framework.rules, "recipients": {}}
    framework.save()
    rr.partnership.refresh_from_db()
    with pytest.raises(TransitionRefused, match=workflow.NO_PANEL_ADDRESS):
        workflow.submit_to_national_panel(rapid_review=RapidReview.unscoped.get(pk=rr.pk), by=bo_a)
