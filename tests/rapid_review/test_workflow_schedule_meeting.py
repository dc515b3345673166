"""schedule_meeting: the WD7–WD13 window across the Christmas bank holidays, and the 15-day warning."""

from __future__ import annotations

from datetime import date

import pytest

from cspr.workflow import TransitionRefused
from rapid_review import rules, workflow
from rapid_review.models import RapidReview
from tests.rapid_review.office_factories import (
    FIFTEEN_DAYS,
    TODAY,
    WINDOW_CLOSES,
    WINDOW_OPENS,
    at,
    rapid_review,
)

pytestmark = pytest.mark.django_db
State = RapidReview.State
OUTSIDE = workflow.OUTSIDE_WINDOW.split("(")[0]


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def rr(partnership_a, bo_a):
    return rapid_review(partnership_a, bo_a, to=State.AWAITING_RETURNS)


def _schedule(rr, by, day, reason=""):
    return workflow.schedule_meeting(
        rapid_review=rr, meeting_at=at(day), meeting_format="in_person", by=by, outside_window_reason=reason
    )


@pytest.mark.parametrize("day", [date(2026, 12, 30), date(2027, 1, 12)], ids=["WD6", "WD14"])
def test_a_day_outside_the_window_needs_a_reason(rr, bo_a, day, unscoped):
    with pytest.raises(TransitionRefused) as refused:
        _schedule(rr, bo_a, day)
    assert str(refused.value).startswith(OUTSIDE)
    assert "Thu 31 Dec 2026 to Mon 11 Jan 2027" in str(refused.value)
    rr.refresh_from_db()
    assert rr.state == State.AWAITING_RETURNS and rr.meeting_at is None


@pytest.mark.parametrize("day", [WINDOW_OPENS, WINDOW_CLOSES], ids=["WD7", "WD13"])
def test_the_window_is_inclusive(rr, bo_a, day, unscoped):
    _schedule(rr, bo_a, day)
    rr.refresh_from_db()
    assert rr.state == State.MEETING_SCHEDULED
    assert rr.meeting_outside_window_reason == ""


def test_a_reason_allows_a_day_outside_the_window(rr, bo_a, unscoped):
    _schedule(rr, bo_a, date(2027, 1, 13), reason="The police lead is in court until then")
    rr.refresh_from_db()
    assert rr.state == State.MEETING_SCHEDULED
    assert rr.meeting_outside_window_reason == "The police lead is in court until then"


def test_it_refuses_a_day_in_the_past(rr, bo_a, unscoped):
    with pytest.raises(TransitionRefused, match=workflow.MEETING_IN_PAST):
        _schedule(rr, bo_a, date(2026, 12, 18), reason="Already held")


def test_rescheduling_keeps_the_state(rr, bo_a, unscoped):
    _schedule(rr, bo_a, date(2027, 1, 5))
    _schedule(rr, bo_a, date(2027, 1, 6))
    rr.refresh_from_db()
    assert rr.state == State.MEETING_SCHEDULED and rr.meeting_at == at(date(2027, 1, 6))


def test_fifteen_day_risk_is_a_warning_only(rr, bo_a, unscoped):
    # Meeting Mon 11 Jan + 2 working days = Wed 13 Jan, after the target of Tue 12 Jan 2027.
    assert "Wed 13 Jan 2027" in rules.fifteen_day_risk(rr, WINDOW_CLOSES)
    assert f"{FIFTEEN_DAYS.day} Jan 2027" in rules.fifteen_day_risk(rr, WINDOW_CLOSES)
    assert rules.fifteen_day_risk(rr, date(2027, 1, 8)) == ""  # + 2 WD = Tue 12 Jan: on time
    _schedule(rr, bo_a, WINDOW_CLOSES)  # still allowed
