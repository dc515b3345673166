"""record_panel_response, revise_decision and conclude: the case moves on to a review or closes."""

from __future__ import annotations

from datetime import date

import pytest

from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from rapid_review import workflow
from rapid_review.models import RapidReview
from tests.rapid_review.office_factories import TODAY, rapid_review

pytestmark = pytest.mark.django_db
State = RapidReview.State
Response = RapidReview.PanelResponse


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_it_needs_the_submission_first(partnership_a, bo_a, time_machine, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.DECISION_RECORDED, time_machine=time_machine)
    with pytest.raises(TransitionRefused, match=workflow.NOT_SUBMITTED_YET):
        workflow.record_panel_response(
            rapid_review=rr, by=bo_a, response=Response.AGREES, received_on=date(2027, 1, 8), notes=""
        )


def test_it_records_the_response(partnership_a, bo_a, time_machine, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.SUBMITTED, time_machine=time_machine)
    workflow.record_panel_response(
        rapid_review=rr,
        by=bo_a,
        response=Response.MORE_INFORMATION,
        received_on=date(2027, 1, 7),
        notes="Police",
    )
    rr.refresh_from_db()
    assert rr.state == State.PANEL_RESPONDED and rr.panel_response == Response.MORE_INFORMATION


@pytest.mark.parametrize(
    ("outcome", "state", "stage"),
    [
        ("b", State.PROGRESSED, Stage.REVIEW),
        ("e", State.PROGRESSED, Stage.REVIEW),
        ("h", State.CLOSED, Stage.CLOSED),
    ],
    ids=["local-review", "single-agency-review", "no-further-action"],
)
def test_conclude_moves_the_case_on(partnership_a, bo_a, time_machine, outcome, state, stage, unscoped):
    rr = rapid_review(
        partnership_a, bo_a, to=State.PANEL_RESPONDED, time_machine=time_machine, outcome=outcome
    )
    workflow.conclude(rapid_review=rr, by=bo_a)
    rr.refresh_from_db()
    rr.case.refresh_from_db()
    assert rr.state == state and rr.case.stage == stage


def test_conclude_waits_for_the_panel(partnership_a, bo_a, time_machine, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.SUBMITTED, time_machine=time_machine)
    with pytest.raises(TransitionRefused, match="submitted to the national panel"):
        workflow.conclude(rapid_review=rr, by=bo_a)


def test_revise_reopens_the_decision_for_resubmission(partnership_a, bo_a, time_machine, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.PANEL_RESPONDED, time_machine=time_machine)
    workflow.revise_decision(rapid_review=rr, by=bo_a, reason="The Panel asked about health involvement")
    rr.refresh_from_db()
    assert rr.state == State.DECISION_RECORDED
    workflow.submit_to_national_panel(rapid_review=rr, by=bo_a)
    rr.refresh_from_db()
    assert rr.state == State.SUBMITTED
