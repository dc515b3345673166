"""The plan's transitions: drafted → agreed → monitoring → closed, each refused out of turn."""

from __future__ import annotations

from datetime import date

import pytest

from action_plans import workflow
from action_plans.models import Action, ActionPlan
from cspr.models import CaseEvent
from cspr.workflow import TransitionRefused
from reviews.models import Recommendation, Review
from tests.action_plans.factories import ActionPlanFactory, action_fields, action_of, approved_review

pytestmark = pytest.mark.django_db
State = ActionPlan.State


def test_every_transition_has_its_function():
    functions = {
        (State.DRAFTED, State.AGREED): workflow.agree_plan,
        (State.AGREED, State.MONITORING): workflow.start_monitoring,
        (State.MONITORING, State.CLOSED): workflow.close_plan,
    }
    pairs = {(a, b) for a, targets in workflow.TRANSITIONS.items() for b in targets}
    assert pairs == set(functions)


def test_it_drafts_a_plan_from_a_review_with_recommendations(partnership_a, bo_a, unscoped):
    review = approved_review(partnership_a)
    plan = workflow.draft_plan(review=review, by=bo_a, monitored_by="MESI subgroup")
    assert plan.state == State.DRAFTED and plan.case == review.case
    assert CaseEvent.unscoped.filter(case=review.case, code="action_plan.drafted").count() == 1
    with pytest.raises(TransitionRefused, match=workflow.ALREADY_PLANNED):
        workflow.draft_plan(review=review, by=bo_a)


def test_it_refuses_a_review_not_far_enough_on(partnership_a, bo_a, unscoped):
    review = approved_review(partnership_a)
    Review.unscoped.filter(pk=review.pk).update(state=Review.State.ANALYSIS)
    review.refresh_from_db()
    with pytest.raises(TransitionRefused, match=workflow.REVIEW_NOT_READY):
        workflow.draft_plan(review=review, by=bo_a)


def test_it_refuses_a_review_without_recommendations(partnership_a, bo_a, unscoped):
    review = approved_review(partnership_a)
    Recommendation.unscoped.filter(review=review).delete()
    with pytest.raises(TransitionRefused, match=workflow.NO_RECOMMENDATIONS):
        workflow.draft_plan(review=review, by=bo_a)


def test_agreeing_needs_an_action_for_every_recommendation(partnership_a, agency_a, bo_a, unscoped):
    review = approved_review(partnership_a)
    plan = workflow.draft_plan(review=review, by=bo_a)
    first = review.recommendations.order_by("number").first()
    workflow.add_action(plan=plan, recommendation=first, by=bo_a, **action_fields(agency_a))
    with pytest.raises(TransitionRefused) as refused:
        workflow.agree_plan(plan=plan, by=bo_a, agreed_by="Partners", agreed_on=date(2026, 12, 1))
    assert str(refused.value) == workflow.UNPLANNED_RECOMMENDATIONS.format(numbers="2")
    plan.refresh_from_db()
    assert plan.state == State.DRAFTED


def test_agreeing_waits_for_the_approved_report(partnership_a, agency_a, bo_a, unscoped):
    plan = ActionPlanFactory(partnership=partnership_a)
    Review.unscoped.filter(pk=plan.review_id).update(state=Review.State.FACTUAL_ACCURACY)
    with pytest.raises(TransitionRefused, match="only after the final report"):
        workflow.agree_plan(plan=plan, by=bo_a, agreed_by="Partners", agreed_on=date(2026, 12, 1))


def test_it_refuses_steps_out_of_turn(partnership_a, bo_a, unscoped):
    plan = ActionPlanFactory(partnership=partnership_a)
    with pytest.raises(TransitionRefused, match="while the action plan is draft"):
        workflow.start_monitoring(plan=plan, by=bo_a)
    with pytest.raises(TransitionRefused, match="while the action plan is draft"):
        workflow.close_plan(plan=plan, by=bo_a)
    agreed = ActionPlanFactory(partnership=partnership_a, agreed=True)
    with pytest.raises(TransitionRefused, match="while the action plan is agreed"):
        workflow.agree_plan(plan=agreed, by=bo_a, agreed_by="Partners", agreed_on=date(2026, 12, 1))


def test_closing_is_blocked_until_every_action_is_finished(
    partnership_a, agency_a, other_agency_a, bo_a, unscoped
):
    plan = ActionPlanFactory(
        partnership=partnership_a, agency=agency_a, other_agency=other_agency_a, monitoring=True
    )
    first, second = action_of(plan, agency_a), action_of(plan, other_agency_a)
    workflow.complete_action(
        action=first, by=bo_a, version=first.version, impact_evidence="Audit: 19 of 20 cases"
    )
    with pytest.raises(TransitionRefused) as refused:
        workflow.close_plan(plan=plan, by=bo_a)
    message = str(refused.value)
    assert message.startswith(
        "The plan cannot close yet. 1 action is still open: recommendation 2, Alpha Academy Trust"
    )
    assert "(not started)" in message and "recommendation 1" not in message
    workflow.close_action(action=second, by=bo_a, reason="Superseded by the national programme")
    closed = workflow.close_plan(plan=plan, by=bo_a, note="Signed off")
    assert closed.state == State.CLOSED and closed.closed_at is not None
    assert CaseEvent.unscoped.filter(case=plan.case, code="action_plan.closed").count() == 1


def test_a_completed_action_whose_evidence_was_removed_blocks_closing(
    partnership_a, agency_a, bo_a, unscoped
):
    plan = ActionPlanFactory(partnership=partnership_a, agency=agency_a, closed=False, monitoring=True)
    for action in plan.actions.all():
        workflow.complete_action(action=action, by=bo_a, version=action.version, impact_evidence="Audit")
    Action.unscoped.filter(plan=plan, owner_agency=agency_a).update(impact_evidence="")
    with pytest.raises(TransitionRefused, match="completed without evidence of impact"):
        workflow.close_plan(plan=plan, by=bo_a)
