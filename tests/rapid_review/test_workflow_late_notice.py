"""The late notice (Cambridgeshire & Peterborough) and the meeting record draft (services)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cspr.models import CaseEvent
from cspr.workflow import TransitionRefused
from rapid_review import selectors, services
from rapid_review.models import Dispatch, RapidReview
from tests.factories import PartnershipFactory
from tests.rapid_review.office_factories import LONDON, TODAY, at, rapid_review

pytestmark = pytest.mark.django_db
State = RapidReview.State


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def cambs(db):
    return PartnershipFactory(slug="cambs", procedure="cambridgeshire-peterborough")


def test_it_is_due_once_the_target_is_projected_to_be_missed(cambs, bo_a, unscoped):
    rr = rapid_review(cambs, bo_a, to=State.MEETING_SCHEDULED)  # meeting Thu 7 Jan: on time
    assert not selectors.late_notice_due(rr)
    rr.meeting_at = at(date(2027, 1, 11))  # + 2 working days = Wed 13 Jan, after Tue 12 Jan
    assert selectors.late_notice_due(rr)


def test_it_is_due_once_the_target_has_passed(cambs, bo_a, time_machine, unscoped):
    rr = rapid_review(cambs, bo_a, to=State.AWAITING_RETURNS)
    time_machine.move_to(datetime(2027, 1, 13, 9, 0, tzinfo=LONDON), tick=False)
    assert selectors.late_notice_due(rr)


def test_it_is_not_due_where_the_procedure_has_no_late_notice(cambs, bo_a, time_machine, unscoped):
    cambs.option_overrides = {"late_rapid_review_notice": False}
    cambs.save()
    rr = rapid_review(cambs, bo_a, to=State.AWAITING_RETURNS)
    time_machine.move_to(datetime(2027, 1, 13, 9, 0, tzinfo=LONDON), tick=False)
    assert not selectors.late_notice_due(rr)


def test_draft_late_notice_records_the_dispatch_and_the_event(cambs, bo_a, unscoped):
    rr = rapid_review(cambs, bo_a, to=State.MEETING_SCHEDULED)
    dispatch = services.draft_late_notice(
        rapid_review=rr, by=bo_a, reasons="Health returns arrived late", expected_on=date(2027, 1, 14)
    )
    assert dispatch.kind == Dispatch.Kind.LATE_NOTICE
    assert dispatch.to == [cambs.framework.recipient("national_panel")]
    assert "Health returns arrived late" in dispatch.body and "Thu 14 Jan 2027" in dispatch.body
    event = CaseEvent.unscoped.get(case=rr.case, code="rapid_review.late_notice_sent")
    assert event.data["expected_on"] == "2027-01-14" and event.reason == "Health returns arrived late"
    assert event.processed_at is None  # the outbox sends it


def test_draft_late_notice_needs_reasons_and_a_future_date(cambs, bo_a, unscoped):
    rr = rapid_review(cambs, bo_a, to=State.MEETING_SCHEDULED)
    with pytest.raises(TransitionRefused, match=services.NO_LATE_REASONS):
        services.draft_late_notice(rapid_review=rr, by=bo_a, reasons=" ", expected_on=date(2027, 1, 14))
    with pytest.raises(TransitionRefused, match=services.EXPECTED_IN_PAST):
        services.draft_late_notice(rapid_review=rr, by=bo_a, reasons="Late", expected_on=date(2026, 12, 1))
    assert not Dispatch.unscoped.filter(rapid_review=rr).exists()


def test_the_meeting_record_is_a_draft_until_the_decision(partnership_a, bo_a, time_machine, unscoped):
    record = {
        "immediate_action_taken": "yes",
        "immediate_action_details": "Siblings placed with grandparents",
        "criteria": ["recurrent_themes", "working_together"],
        "nature_of_harm": "Fractures",
        "analysis_against_criteria": "Meets",
        "immediate_learning": "Bruising protocol reminder",
        "legal_advice": "",
    }
    rr = rapid_review(partnership_a, bo_a, to=State.MEETING_SCHEDULED)
    services.save_meeting_record(rapid_review=rr, by=bo_a, **record)
    rr.refresh_from_db()
    assert rr.criteria == ["recurrent_themes", "working_together"]
    assert rr.history.first().history_user == bo_a
    decided = rapid_review(partnership_a, bo_a, to=State.DECISION_RECORDED, time_machine=time_machine)
    with pytest.raises(TransitionRefused, match=services.MEETING_RECORD_CLOSED):
        services.save_meeting_record(rapid_review=decided, by=bo_a, **record)
