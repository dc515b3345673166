"""record_decision: outcome, reasons, quorum and each procedure's decision model."""

from __future__ import annotations

import pytest

from cspr.workflow import TransitionRefused
from rapid_review import workflow
from rapid_review.models import Position, RapidReview
from tests.factories import PartnershipFactory
from tests.rapid_review.office_factories import TODAY, agree_all, plain_outcome, rapid_review

pytestmark = pytest.mark.django_db
State = RapidReview.State
INCOMPLETE = workflow.DECISION_INCOMPLETE.split("{")[0]


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _held(partnership, by, time_machine):
    return rapid_review(partnership, by, to=State.MEETING_HELD, time_machine=time_machine)


def _decide(rr, by, outcome=None, text="", rationale="Learning for the partnership"):
    return workflow.record_decision(
        rapid_review=rr,
        by=by,
        outcome=outcome or plain_outcome(rr.partnership).code,
        outcome_text=text,
        rationale=rationale,
    )


def _position(rr, by, role, stance=Position.Stance.AGREES):
    workflow.record_position(
        rapid_review=rr,
        by=by,
        role=role,
        person="Someone",
        stance=stance,
        comment="",
        recorded_on=TODAY.date(),
    )


def test_it_records_the_decision(partnership_a, bo_a, time_machine, unscoped):
    rr = _held(partnership_a, bo_a, time_machine)
    agree_all(rr, bo_a)
    _decide(rr, bo_a, outcome="b")
    rr.refresh_from_db()
    assert rr.state == State.DECISION_RECORDED and rr.outcome == "b" and rr.decided_at


def test_it_refuses_an_outcome_not_in_the_procedure(partnership_a, bo_a, time_machine, unscoped):
    rr = _held(partnership_a, bo_a, time_machine)
    agree_all(rr, bo_a)
    with pytest.raises(TransitionRefused, match=workflow.UNKNOWN_OUTCOME):
        _decide(rr, bo_a, outcome="cspr")  # Northamptonshire's code, not West Midlands'


def test_other_needs_its_text(partnership_a, bo_a, time_machine, unscoped):
    rr = _held(partnership_a, bo_a, time_machine)
    agree_all(rr, bo_a)
    with pytest.raises(TransitionRefused, match=workflow.OUTCOME_NEEDS_TEXT):
        _decide(rr, bo_a, outcome="j")
    _decide(rr, bo_a, outcome="j", text="A thematic review with a neighbouring partnership")


def test_it_needs_the_reasons(partnership_a, bo_a, time_machine, unscoped):
    rr = _held(partnership_a, bo_a, time_machine)
    agree_all(rr, bo_a)
    with pytest.raises(TransitionRefused) as refused:
        _decide(rr, bo_a, rationale=" ")
    assert str(refused.value) == workflow.NO_RATIONALE


def test_it_refuses_before_the_meeting_is_held(partnership_a, bo_a, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.MEETING_SCHEDULED)
    with pytest.raises(TransitionRefused, match=workflow.NOT_QUORATE.split("{")[0]):
        _decide(rr, bo_a)


def test_west_midlands_needs_each_partners_position(partnership_a, bo_a, time_machine, unscoped):
    rr = _held(partnership_a, bo_a, time_machine)
    _position(rr, bo_a, Position.Role.LOCAL_AUTHORITY)
    _position(rr, bo_a, Position.Role.POLICE)
    with pytest.raises(TransitionRefused) as refused:
        _decide(rr, bo_a)
    assert str(refused.value).startswith(INCOMPLETE) and "health" in str(refused.value)
    _position(rr, bo_a, Position.Role.HEALTH, stance=Position.Stance.DISAGREES)  # dissent is minuted
    _decide(rr, bo_a)


def test_northamptonshire_strategic_leads_decide(bo_a, time_machine, unscoped):
    northants = PartnershipFactory(slug="northants", procedure="northamptonshire")
    rr = _held(northants, bo_a, time_machine)
    with pytest.raises(TransitionRefused, match="strategic lead"):
        _decide(rr, bo_a)
    _position(rr, bo_a, Position.Role.STRATEGIC_LEAD, stance=Position.Stance.DISAGREES)
    with pytest.raises(TransitionRefused, match="does not agree"):
        _decide(rr, bo_a)
    _position(rr, bo_a, Position.Role.STRATEGIC_LEAD)  # the position is replaced, not added
    _decide(rr, bo_a, outcome="case_mapping_exercise")
    rr.refresh_from_db()
    assert rr.state == State.DECISION_RECORDED


def test_lewisham_also_needs_the_executive(partnership_b, bo_b, time_machine, unscoped):
    rr = _held(partnership_b, bo_b, time_machine)
    for role in (Position.Role.LOCAL_AUTHORITY, Position.Role.POLICE, Position.Role.HEALTH):
        _position(rr, bo_b, role)
    with pytest.raises(TransitionRefused, match="executive"):
        _decide(rr, bo_b)
    _position(rr, bo_b, Position.Role.EXECUTIVE)
    _decide(rr, bo_b, outcome="b")
