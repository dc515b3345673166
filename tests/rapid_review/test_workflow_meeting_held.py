"""record_meeting_held: the quorum rule of each procedure, then the submission clock."""

from __future__ import annotations

import pytest

from cspr.models import Deadline
from cspr.workflow import TransitionRefused
from rapid_review import workflow
from rapid_review.models import Attendee, RapidReview
from tests.factories import PartnershipFactory
from tests.rapid_review.office_factories import AFTER_MEETING, MEETING_ON, TODAY, attend, rapid_review

pytestmark = pytest.mark.django_db
State = RapidReview.State
R = Attendee.Represents
NOT_QUORATE = workflow.NOT_QUORATE.split("{")[0]


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def llr(db):
    return PartnershipFactory(slug="leicester", procedure="llr")


def _scheduled(partnership, by, time_machine):
    rr = rapid_review(partnership, by, to=State.MEETING_SCHEDULED)
    time_machine.move_to(AFTER_MEETING, tick=False)
    return rr


@pytest.mark.parametrize("missing", [R.LOCAL_AUTHORITY, R.POLICE, R.HEALTH])
def test_west_midlands_needs_each_safeguarding_partner(partnership_a, bo_a, time_machine, missing, unscoped):
    rr = _scheduled(partnership_a, bo_a, time_machine)
    present = [r for r in (R.LOCAL_AUTHORITY, R.POLICE, R.HEALTH) if r != missing]
    attend(rr, bo_a, *present, R.AGENCY, R.AGENCY)
    with pytest.raises(TransitionRefused) as refused:
        workflow.record_meeting_held(rapid_review=rr, by=bo_a)
    assert str(refused.value).startswith(NOT_QUORATE)
    rr.refresh_from_db()
    assert rr.state == State.MEETING_SCHEDULED


def test_west_midlands_is_quorate_with_all_three(partnership_a, bo_a, time_machine, unscoped):
    rr = _scheduled(partnership_a, bo_a, time_machine)
    attend(rr, bo_a, R.LOCAL_AUTHORITY, R.POLICE, R.HEALTH)
    workflow.record_meeting_held(rapid_review=rr, by=bo_a, omissions="Education sent apologies")
    rr.refresh_from_db()
    assert rr.state == State.MEETING_HELD
    assert rr.omissions_from_attendance == "Education sent apologies"
    submit = Deadline.unscoped.get(case=rr.case, key="submit_to_national_panel")
    assert submit.due_at.date().isoformat() == "2027-01-11"  # Thu 7 Jan + 2 working days
    assert Deadline.unscoped.get(case=rr.case, key="rapid_review_meeting").met_at is not None


def test_llr_is_quorate_with_three_representatives_two_statutory(llr, bo_a, time_machine, unscoped):
    rr = _scheduled(llr, bo_a, time_machine)
    attend(rr, bo_a, R.LOCAL_AUTHORITY, R.POLICE, R.AGENCY)  # no health: still quorate under LLR §4.6.1
    workflow.record_meeting_held(rapid_review=rr, by=bo_a)
    rr.refresh_from_db()
    assert rr.state == State.MEETING_HELD


@pytest.mark.parametrize(
    "present",
    [
        (R.LOCAL_AUTHORITY, R.POLICE),
        (R.LOCAL_AUTHORITY, R.AGENCY, R.AGENCY),
        (R.POLICE, R.INDEPENDENT, R.BUSINESS_OFFICE),
    ],
    ids=["two-reps", "one-statutory", "non-partners-not-counted"],
)
def test_llr_refuses_fewer(llr, bo_a, time_machine, present, unscoped):
    rr = _scheduled(llr, bo_a, time_machine)
    attend(rr, bo_a, *present)
    with pytest.raises(TransitionRefused) as refused:
        workflow.record_meeting_held(rapid_review=rr, by=bo_a)
    assert str(refused.value).startswith(NOT_QUORATE)
    assert "at least 3 partner representatives" in str(refused.value)


def test_the_meeting_must_be_scheduled_first(partnership_a, bo_a, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.AWAITING_RETURNS)
    attend(rr, bo_a, R.LOCAL_AUTHORITY, R.POLICE, R.HEALTH)
    with pytest.raises(TransitionRefused, match="cannot be done"):
        workflow.record_meeting_held(rapid_review=rr, by=bo_a)
    assert MEETING_ON  # the fixture date the walk uses
