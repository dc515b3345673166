"""Triage and withdrawal: accept for a rapid review, the LLR case review group path, decline, withdraw."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.utils import timezone

from cspr.models import CaseEvent, Deadline
from cspr.models.cases import Stage
from cspr.tenancy import scope
from cspr.workflow import TransitionRefused
from referrals import workflow
from referrals.models import Referral
from tests.factories import PartnershipFactory
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db
State = Referral.State


def _event(referral: Referral, code: str) -> CaseEvent:
    return CaseEvent.objects.get(case=referral.case, code=code)


def test_every_transition_has_one_function():
    pairs = {(src, dst) for src, targets in workflow.TRANSITIONS.items() for dst in targets}
    assert pairs == set(workflow.TRANSITION_FUNCTIONS)


def test_accept_for_rapid_review(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    with scope(partnership_a):
        referral = workflow.accept_for_rapid_review(referral=referral, by=bo_a)
        event = _event(referral, "referral.accepted_for_rapid_review")
    assert referral.state == State.ACCEPTED_FOR_RAPID_REVIEW
    assert referral.case.stage == Stage.RAPID_REVIEW
    assert (event.from_state, event.to_state, event.by) == ("submitted", "accepted_for_rapid_review", bo_a)


def test_accept_refuses_a_draft(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a)
    with scope(partnership_a), pytest.raises(TransitionRefused) as refused:
        workflow.accept_for_rapid_review(referral=referral, by=bo_a)
    assert str(refused.value) == workflow.NOT_ALLOWED.format(
        from_state="draft", to_state="accepted for a rapid review"
    )


@pytest.fixture
def partnership_llr(db):
    return PartnershipFactory(slug="llr-test", procedure="llr")


def test_llr_agency_referral_goes_to_the_case_review_group_with_month_clocks(partnership_llr, bo_a):
    referral = ReferralFactory(partnership=partnership_llr, from_agency=True)
    with scope(partnership_llr):
        referral = workflow.submit_referral(referral=referral, by=bo_a)  # received today, 4 March
        referral = workflow.send_to_case_review_group(referral=referral, by=bo_a)
        clocks = {d.key: d for d in Deadline.objects.filter(case=referral.case)}
        event = _event(referral, "referral.sent_to_case_review_group")
    assert referral.state == State.TO_CASE_REVIEW_GROUP
    assert (event.from_state, event.to_state) == ("submitted", "to_case_review_group")
    discussion, decision = clocks["case_review_group_discussion"], clocks["case_review_group_decision"]
    assert timezone.localtime(discussion.origin).date() == date(2026, 3, 4)
    # LLR §4.9: "Within one month" and "Within two months of receiving the referral".
    assert timezone.localtime(discussion.due_at).date() == date(2026, 4, 4)
    assert timezone.localtime(decision.due_at).date() == date(2026, 5, 4)
    assert clocks["complete_rapid_review"].cancelled_at is not None  # no rapid review on this path


def test_case_review_group_path_is_refused_where_the_procedure_has_none(partnership_a, bo_a):
    referral = ReferralFactory(
        partnership=partnership_a,
        from_agency=True,
        submitted=True,
        aware_of_incident=date(2026, 3, 2),
        referral_received=date(2026, 3, 2),
    )
    with scope(partnership_a), pytest.raises(TransitionRefused, match=workflow.NO_AGENCY_PATH):
        workflow.send_to_case_review_group(referral=referral, by=bo_a)


def test_case_review_group_path_is_refused_for_a_la_notification(partnership_llr, bo_a):
    referral = ReferralFactory(partnership=partnership_llr, submitted=True)
    with scope(partnership_llr), pytest.raises(TransitionRefused) as refused:
        workflow.send_to_case_review_group(referral=referral, by=bo_a)
    assert str(refused.value) == workflow.NOT_AN_AGENCY_REFERRAL


def test_decline_tells_the_referrer_after_commit(partnership_a, bo_a, django_capture_on_commit_callbacks):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    with scope(partnership_a), django_capture_on_commit_callbacks(execute=True) as callbacks:
        referral = workflow.decline_referral(referral=referral, by=bo_a, reason="Harm was accidental.")
        event = _event(referral, "referral.not_accepted")
    assert len(callbacks) == 1
    assert referral.state == State.NOT_ACCEPTED and referral.decision_reason == "Harm was accidental."
    assert referral.case.stage == Stage.CLOSED
    assert event.reason == "Harm was accidental."
    [email] = mail.outbox
    assert email.to == ["pat.referrer@example.org"]
    assert referral.case.reference in email.subject
    assert "Harm was accidental." in email.body
    assert "Jamie" not in email.body  # no identifying details by email
    assert email.alternatives[0][1] == "text/html"


def test_decline_needs_a_reason(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    with scope(partnership_a), pytest.raises(TransitionRefused, match=workflow.REASON_REQUIRED):
        workflow.decline_referral(referral=referral, by=bo_a, reason="  ")
    assert mail.outbox == []


def test_withdraw_a_submitted_referral(partnership_a, agency_contact_a):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    with scope(partnership_a):
        referral = workflow.withdraw_referral(referral=referral, by=agency_contact_a, reason="Sent in error")
        event = _event(referral, "referral.withdrawn")
        open_clocks = Deadline.objects.filter(case=referral.case, cancelled_at=None).count()
    assert referral.state == State.WITHDRAWN
    assert (event.from_state, event.reason) == ("submitted", "Sent in error")
    assert open_clocks == 0


def test_withdraw_a_draft_is_kept_in_its_history(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a)
    with scope(partnership_a):
        referral = workflow.withdraw_referral(referral=referral, by=bo_a, reason="Duplicate of an email")
    latest = referral.history.first()
    assert (latest.state, latest.history_user) == (State.WITHDRAWN, bo_a)


def test_withdraw_needs_a_reason_and_refuses_a_decided_referral(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a, accepted=True)
    with scope(partnership_a):
        with pytest.raises(TransitionRefused, match=workflow.WITHDRAW_REASON_REQUIRED):
            workflow.withdraw_referral(referral=referral, by=bo_a, reason="")
        with pytest.raises(TransitionRefused) as refused:
            workflow.withdraw_referral(referral=referral, by=bo_a, reason="Changed our mind")
    assert str(refused.value) == workflow.NOT_ALLOWED.format(
        from_state="accepted for a rapid review", to_state="withdrawn"
    )
