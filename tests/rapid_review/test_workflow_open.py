"""open_rapid_review: only an accepted referral starts one, once, with its clocks."""

from __future__ import annotations

import pytest

from cspr.models import Deadline
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from rapid_review import workflow
from rapid_review.models import RapidReview
from tests.rapid_review.office_factories import RECEIVED, TODAY, WINDOW_CLOSES, WINDOW_OPENS, accepted_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_it_refuses_a_referral_not_accepted(partnership_a, bo_a, unscoped):
    case = accepted_case(partnership_a)
    with pytest.raises(TransitionRefused, match=workflow.REFERRAL_NOT_ACCEPTED):
        workflow.open_rapid_review(case=case, by=bo_a, referral_accepted=False)
    assert not RapidReview.unscoped.filter(case=case).exists()


def test_it_refuses_a_second_rapid_review(partnership_a, bo_a, unscoped):
    case = accepted_case(partnership_a)
    workflow.open_rapid_review(case=case, by=bo_a, referral_accepted=True)
    with pytest.raises(TransitionRefused, match=workflow.ALREADY_OPEN):
        workflow.open_rapid_review(case=case, by=bo_a, referral_accepted=True)


def test_it_starts_the_scoping_and_meeting_clocks_across_the_bank_holidays(partnership_a, bo_a, unscoped):
    case = accepted_case(partnership_a)
    rr = workflow.open_rapid_review(case=case, by=bo_a, referral_accepted=True)
    assert rr.state == RapidReview.State.SCOPING
    case.refresh_from_db()
    assert case.stage == Stage.RAPID_REVIEW
    meeting = Deadline.unscoped.get(case=case, key="rapid_review_meeting")
    # Fri 18 Dec 2026 is day 0; 25 and 28 Dec and 1 Jan are bank holidays.
    assert meeting.window_opens_at.date() == WINDOW_OPENS  # Thu 31 Dec 2026 (WD7)
    assert meeting.due_at.date() == WINDOW_CLOSES  # Mon 11 Jan 2027 (WD13)
    send = Deadline.unscoped.get(case=case, key="send_scoping_requests")
    assert case.referral_received == RECEIVED
    assert send.due_at.date().isoformat() == "2026-12-22"  # Tue 22 Dec 2026 (WD2)
