"""send_scoping_requests and add_scoping_request: guards, request states and each agency's return clock."""

from __future__ import annotations

from datetime import date

import pytest

from cspr.models import Deadline
from cspr.workflow import TransitionRefused
from rapid_review import workflow
from rapid_review.models import RapidReview, ScopingRequest
from tests.factories import AgencyFactory
from tests.rapid_review.office_factories import TODAY, rapid_review

pytestmark = pytest.mark.django_db
State = RapidReview.State


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _send(rr, by, agencies, summary="What happened"):
    return workflow.send_scoping_requests(
        rapid_review=rr, agencies=agencies, case_summary=summary, period_under_review="", by=by
    )


def test_it_needs_an_agency(partnership_a, bo_a, unscoped):
    rr = rapid_review(partnership_a, bo_a)
    with pytest.raises(TransitionRefused, match=workflow.NO_AGENCIES):
        _send(rr, bo_a, [])


def test_it_needs_the_case_summary(partnership_a, bo_a, agency_a, unscoped):
    rr = rapid_review(partnership_a, bo_a)
    with pytest.raises(TransitionRefused) as refused:
        _send(rr, bo_a, [agency_a], summary="  ")
    assert str(refused.value) == workflow.NO_CASE_SUMMARY


def test_it_sends_each_request_with_its_own_clock(partnership_a, bo_a, agency_a, other_agency_a, unscoped):
    rr = rapid_review(partnership_a, bo_a)
    requests = _send(rr, bo_a, [agency_a, other_agency_a])
    rr.refresh_from_db()
    assert rr.state == State.AWAITING_RETURNS
    assert {r.state for r in requests} == {ScopingRequest.State.SENT}
    clocks = Deadline.unscoped.filter(case=rr.case, key="scoping_return")
    assert clocks.count() == 2
    # Sent Mon 21 Dec 2026: 5 working days skip Christmas Day and the 28th (substitute Boxing Day).
    assert {c.due_at.date() for c in clocks} == {date(2026, 12, 30)}
    assert Deadline.unscoped.get(case=rr.case, key="send_scoping_requests").met_at is not None


def test_it_refuses_to_send_twice(partnership_a, bo_a, agency_a, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.AWAITING_RETURNS)
    with pytest.raises(
        TransitionRefused, match="cannot be done while the rapid review is scoping requests sent"
    ):
        _send(rr, bo_a, [agency_a])


def test_a_further_agency_can_be_added_while_awaiting_returns(partnership_a, bo_a, unscoped):
    rr = rapid_review(partnership_a, bo_a, to=State.AWAITING_RETURNS)
    request = workflow.add_scoping_request(
        rapid_review=rr, agency=AgencyFactory(partnership=partnership_a), by=bo_a
    )
    assert request.state == ScopingRequest.State.SENT
    assert Deadline.unscoped.filter(case=rr.case, key="scoping_return", subject_id=request.public_id).exists()


def test_no_agency_can_be_added_before_the_requests_go_out(partnership_a, bo_a, agency_a, unscoped):
    rr = rapid_review(partnership_a, bo_a)
    with pytest.raises(TransitionRefused, match="preparing scoping requests"):
        workflow.add_scoping_request(rapid_review=rr, agency=agency_a, by=bo_a)
