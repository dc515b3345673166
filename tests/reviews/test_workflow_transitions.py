"""Each transition of the review: allowed from its state, refused with its message otherwise."""

from __future__ import annotations

import pytest

from cspr.models import Deadline
from cspr.tenancy import scope
from cspr.workflow import TransitionRefused
from reviews import demo, workflow
from reviews.models import ReportVersion, Review
from tests.reviews.factories import commissioned, progressed, review_in

State = Review.State
pytestmark = pytest.mark.django_db


def test_every_transition_has_one_function():
    pairs = {(a, b) for a, targets in workflow.TRANSITIONS.items() for b in targets}
    assert pairs == set(workflow.FUNCTIONS)


def test_commission_starts_the_completion_clock(partnership_a, bo_a):
    review = commissioned(partnership_a, bo_a)
    assert review.state == State.COMMISSIONED and review.kind == Review.Kind.LOCAL_CSPR
    with scope(partnership_a):
        deadline = workflow.completion_deadline(review)
        assert deadline.key == "complete_local_review"
        assert review.family.get().relationship == "Mother"  # copied from the referral
    assert review.case.stage == "review"


def test_commission_is_refused_before_the_rapid_review_progressed(partnership_a, bo_a):
    from tests.rapid_review.office_factories import plain_outcome, rapid_review

    rr = rapid_review(
        partnership_a,
        bo_a,
        to="submitted",
        outcome=plain_outcome(partnership_a, leads_to="local_review").code,
    )
    with scope(partnership_a), pytest.raises(TransitionRefused, match="has not concluded"):
        workflow.commission(rapid_review=rr, by=bo_a)


def test_commission_is_refused_for_a_national_review(partnership_a, bo_a):
    rr = progressed(partnership_a, bo_a, leads_to="national_review")
    with scope(partnership_a), pytest.raises(TransitionRefused, match="Only a local child safeguarding"):
        workflow.commission(rapid_review=rr, by=bo_a)


def test_commission_twice_is_refused(partnership_a, bo_a):
    review = commissioned(partnership_a, bo_a)
    rr = review.case.rapid_review
    with scope(partnership_a), pytest.raises(TransitionRefused, match=workflow.ALREADY_COMMISSIONED):
        workflow.commission(rapid_review=rr, by=bo_a)


def test_other_learning_review_uses_its_own_clock(partnership_a, bo_a):
    review = commissioned(partnership_a, bo_a, leads_to="other_learning_review")
    with scope(partnership_a):
        assert workflow.completion_deadline(review).key == "complete_other_learning_review"


def test_terms_agreed_only_with_the_latest_version(partnership_a, bo_a, chair_a):
    review = commissioned(partnership_a, bo_a)
    with scope(partnership_a):
        terms = demo.draft_terms(review, by=bo_a)
        review = workflow.agree_terms_of_reference(review=review, version=terms, by=chair_a)
        assert review.state == State.TOR_AGREED
        with pytest.raises(TransitionRefused, match="already approved"):
            workflow.agree_terms_of_reference(review=review, version=terms, by=chair_a)


def test_information_gathering_needs_a_lead_reviewer_with_declarations(partnership_a, bo_a, reviewer_a):
    from reviews import services

    review = review_in(partnership_a, bo_a, State.TOR_AGREED)
    with scope(partnership_a):
        with pytest.raises(TransitionRefused, match=workflow.NO_LEAD_REVIEWER):
            workflow.start_information_gathering(review=review, by=bo_a)
        appointment = services.appoint_reviewer(review=review, by=bo_a, user=reviewer_a, role="lead")
        with pytest.raises(TransitionRefused, match="not yet declared"):
            workflow.start_information_gathering(review=review, by=bo_a)
        services.record_declarations(
            appointment=appointment, by=reviewer_a, no_conflict_declared=True, confidentiality_accepted=True
        )
        assert (
            workflow.start_information_gathering(review=review, by=bo_a).state == State.INFORMATION_GATHERING
        )


@pytest.mark.parametrize(
    ("start", "act", "expected"),
    [
        (State.INFORMATION_GATHERING, "start_analysis", State.ANALYSIS),
        (State.ANALYSIS, "record_workshop_held", State.WORKSHOP_HELD),
        (State.ANALYSIS, "start_draft_report", State.DRAFT_REPORT),
        (State.WORKSHOP_HELD, "start_draft_report", State.DRAFT_REPORT),
        (State.APPROVED, "hand_to_publication", State.HANDED_TO_PUBLICATION),
    ],
)
def test_forward_steps(partnership_a, bo_a, start, act, expected):
    review = review_in(partnership_a, bo_a, start)
    with scope(partnership_a):
        assert getattr(workflow, act)(review=review, by=bo_a).state == expected


@pytest.mark.parametrize(
    ("start", "act"),
    [
        (State.COMMISSIONED, "start_analysis"),
        (State.TOR_AGREED, "start_draft_report"),
        (State.INFORMATION_GATHERING, "record_workshop_held"),
        (State.DRAFT_REPORT, "hand_to_publication"),
        (State.HANDED_TO_PUBLICATION, "start_analysis"),
    ],
)
def test_steps_out_of_order_are_refused(partnership_a, bo_a, start, act):
    review = review_in(partnership_a, bo_a, start)
    with scope(partnership_a), pytest.raises(TransitionRefused):
        getattr(workflow, act)(review=review, by=bo_a)


def test_factual_accuracy_needs_a_draft(partnership_a, bo_a):
    review = review_in(partnership_a, bo_a, State.DRAFT_REPORT)
    with scope(partnership_a):
        with pytest.raises(TransitionRefused, match=workflow.NO_DRAFT):
            workflow.start_factual_accuracy(review=review, by=bo_a)
        demo.add_report_version(review, by=bo_a)
        review = workflow.start_factual_accuracy(review=review, by=bo_a)
        assert review.state == State.FACTUAL_ACCURACY
        with pytest.raises(TransitionRefused, match=workflow.NO_REASON):
            workflow.reopen_draft(review=review, by=bo_a, reason=" ")
        assert (
            workflow.reopen_draft(review=review, by=bo_a, reason="Police corrections").state
            == State.DRAFT_REPORT
        )


def test_approve_final_report_needs_the_latest_version(partnership_a, bo_a):
    review = review_in(partnership_a, bo_a, State.FACTUAL_ACCURACY)
    with scope(partnership_a):
        first = ReportVersion.objects.get(review=review)
        demo.add_report_version(review, by=bo_a)
        with pytest.raises(TransitionRefused, match="not the latest version"):
            workflow.approve_final_report(review=review, version=first, by=bo_a)
        latest = ReportVersion.objects.filter(review=review).latest("number")
        review = workflow.approve_final_report(review=review, version=latest, by=bo_a)
        assert review.state == State.APPROVED and review.approved_version == latest and review.approved_at
        assert workflow.completion_deadline(review).met_at is not None


def test_approve_before_factual_accuracy_is_refused(partnership_a, bo_a):
    review = review_in(partnership_a, bo_a, State.DRAFT_REPORT)
    with scope(partnership_a):
        version = demo.add_report_version(review, by=bo_a)
        with pytest.raises(TransitionRefused, match="draft report"):
            workflow.approve_final_report(review=review, version=version, by=bo_a)


def test_pause_and_resume_return_to_the_same_state_and_stop_the_clocks(partnership_a, bo_a):
    review = review_in(partnership_a, bo_a, State.INFORMATION_GATHERING)
    with scope(partnership_a):
        with pytest.raises(TransitionRefused, match=workflow.NO_REASON):
            workflow.pause(review=review, by=bo_a, reason="")
        review = workflow.pause(review=review, by=bo_a, reason="Awaiting the trial")
        assert review.state == State.PAUSED and review.paused_from == State.INFORMATION_GATHERING
        assert workflow.completion_deadline(review).due_at is None  # clock paused
        with pytest.raises(TransitionRefused):
            workflow.start_analysis(review=review, by=bo_a)
        review = workflow.resume(review=review, by=bo_a)
        assert review.state == State.INFORMATION_GATHERING and review.paused_from == ""
        assert workflow.completion_deadline(review).due_at is not None


def test_resume_when_not_paused_is_refused(partnership_a, bo_a):
    review = review_in(partnership_a, bo_a, State.TOR_AGREED)
    with scope(partnership_a), pytest.raises(TransitionRefused, match="terms of reference agreed"):
        workflow.resume(review=review, by=bo_a)


def test_stop_cancels_the_clock_and_closes_the_case(partnership_a, bo_a):
    review = review_in(partnership_a, bo_a, State.COMMISSIONED)
    with scope(partnership_a):
        with pytest.raises(TransitionRefused, match=workflow.NO_REASON):
            workflow.stop(review=review, by=bo_a, reason="")
        review = workflow.stop(review=review, by=bo_a, reason="Covered by a national review")
        assert review.state == State.STOPPED and review.case.stage == "closed"
        assert not Deadline.objects.filter(
            case=review.case, key="complete_local_review", cancelled_at=None
        ).exists()
        with pytest.raises(TransitionRefused, match="stopped"):
            workflow.pause(review=review, by=bo_a, reason="x")


def test_approved_review_cannot_be_paused(partnership_a, bo_a):
    review = review_in(partnership_a, bo_a, State.APPROVED)
    with scope(partnership_a), pytest.raises(TransitionRefused, match="final report approved"):
        workflow.pause(review=review, by=bo_a, reason="x")


def test_every_transition_is_audited(partnership_a, bo_a):
    from cspr.models import CaseEvent

    review = review_in(partnership_a, bo_a, State.HANDED_TO_PUBLICATION)
    with scope(partnership_a):
        codes = list(
            CaseEvent.objects.filter(case=review.case, stage="review").values_list("code", flat=True)
        )
    for code in [
        "review.commissioned",
        "review.terms_agreed",
        "review.information_gathering_started",
        "review.final_report_approved",
        "review.handed_to_publication",
    ]:
        assert code in codes
