"""Read-only queries of the action plan stage. Selectors take the partnership first and stay within it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from action_plans.models import Action, ActionPlan, BriefingDispatch, LearningBriefing, ProgressUpdate
from action_plans.workflow import APPROVED_REVIEW_STATES, DRAFTABLE_REVIEW_STATES
from cspr.models import Partnership
from reviews.models import Review

PLAN_COLOURS = {
    ActionPlan.State.DRAFTED: "grey",
    ActionPlan.State.AGREED: "blue",
    ActionPlan.State.MONITORING: "light-blue",
    ActionPlan.State.CLOSED: "green",
}
BRIEFING_COLOURS = {
    LearningBriefing.State.DRAFT: "grey",
    LearningBriefing.State.FINAL: "blue",
    LearningBriefing.State.PUBLISHED: "green",
    LearningBriefing.State.WITHDRAWN: "orange",
}


def plans(partnership: Partnership) -> QuerySet[ActionPlan]:
    """The partnership's action plans with their action counts by status (one query)."""
    finished = Q(actions__state__in=[Action.State.COMPLETED, Action.State.CLOSED])
    return (
        ActionPlan.objects.filter(partnership=partnership)
        .select_related("case", "review")
        .annotate(
            action_count=Count("actions"),
            finished_count=Count("actions", filter=finished),
            red_count=Count("actions", filter=Q(actions__rag=Action.Rag.RED) & ~finished),
        )
        .order_by("-created_at")
    )


def reviews_without_plan(partnership: Partnership) -> list[Review]:
    """Reviews far enough on to plan (a draft report with recommendations) that have no plan yet."""
    return list(
        Review.objects.filter(
            partnership=partnership, state__in=DRAFTABLE_REVIEW_STATES, action_plan__isnull=True
        )
        .annotate(recommendation_count=Count("recommendations"))
        .filter(recommendation_count__gt=0)
        .select_related("case")
        .order_by("-approved_at", "-created_at")
    )


def reviews_for_briefing(partnership: Partnership) -> list[Review]:
    """Approved reviews a learning briefing can be written from."""
    return list(
        Review.objects.filter(partnership=partnership, state__in=APPROVED_REVIEW_STATES)
        .select_related("case")
        .order_by("-approved_at")
    )


def plan_actions(plan: ActionPlan) -> list[Action]:
    """The plan's actions with what their rows show (three queries)."""
    return list(
        Action.objects.filter(plan=plan)
        .select_related("owner_agency", "recommendation")
        .prefetch_related("evidence")
        .order_by("recommendation__number", "created_at", "pk")
    )


@dataclass
class RecommendationRow:
    recommendation: Any
    actions: list[Action]


def plan_rows(plan: ActionPlan) -> list[RecommendationRow]:
    recommendations = list(plan.review.recommendations.order_by("number"))
    by_recommendation: dict[int, list[Action]] = {r.pk: [] for r in recommendations}
    for action in plan_actions(plan):
        by_recommendation.setdefault(action.recommendation_id, []).append(action)
    return [RecommendationRow(r, by_recommendation[r.pk]) for r in recommendations]


def history(action: Action) -> list[ProgressUpdate]:
    return list(ProgressUpdate.objects.filter(action=action).select_related("by").order_by("-at", "-pk"))


def briefings(partnership: Partnership) -> QuerySet[LearningBriefing]:
    return (
        LearningBriefing.objects.filter(partnership=partnership)
        .select_related("case")
        .annotate(dispatch_count=Count("dispatches"))
        .order_by("-created_at")
    )


def dispatches(briefing: LearningBriefing) -> list[BriefingDispatch]:
    return list(
        BriefingDispatch.objects.filter(briefing=briefing).select_related("by").order_by("-shared_on", "-pk")
    )


def public_briefings(partnership: Partnership) -> list[LearningBriefing]:
    """A partnership's learning briefings on its public page, newest first (one query, no login needed).

    For the public reports page (publication.views): each has `title`, `published_at` and
    `get_public_url()` (the stored PDF). Withdrawn and unpublished briefings never appear.
    """
    return list(
        LearningBriefing.unscoped.filter(partnership=partnership, state=LearningBriefing.State.PUBLISHED)
        .select_related("partnership")
        .only("public_id", "title", "published_at", "state", "partnership__slug")
        .order_by("-published_at", "-pk")
    )


def plan_with_actions(partnership: Partnership) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(partnership=partnership).prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("owner_agency"))
    )
