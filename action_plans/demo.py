"""Demo action plans in every state, with actions in every RAG state, and learning briefings, for each
partnership (seed_demo, CSPR_DEMO_BUILDERS), built through the real workflow.

Plans answer approved reviews. Where the reviews' own demo left none, approved reviews with
recommendations are created here directly from the review models (the review stage's workflow is not
this stage's to drive).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from action_plans import briefings, workflow
from action_plans.models import Action, ActionPlan, Theme
from cspr import services
from cspr.models import Agency, Membership, Partnership
from cspr.roles import Role
from reviews.models import Recommendation, ReportSection, ReportVersion, Review

RECOMMENDATIONS = [
    (
        "Agencies should share information about missed health appointments with the allocated social worker "
        "within one working day.",
        Theme.INFORMATION_SHARING,
    ),
    (
        "Practitioners should be supported to show professional curiosity about adults in the household.",
        Theme.PROFESSIONAL_CURIOSITY,
    ),
    ("Safe sleep advice should be repeated at every contact with the family of a baby.", Theme.SAFE_SLEEP),
]
SUMMARY = (
    "Child A was a baby who died suddenly at home. The review looked at how agencies worked together in the "
    "year before, and found that information about missed appointments did not reach the social worker."
)


def approved_review(
    *, partnership: Partnership, by: AbstractBaseUser, pseudonym: str, decided_on: date, recommendations=None
) -> Review:
    """An approved local review with a final report and recommendations (review records, not its workflow)."""
    case = services.open_case(
        partnership=partnership,
        child_pseudonym=pseudonym,
        aware_of_incident=decided_on - timedelta(days=30),
        referral_received=decided_on - timedelta(days=29),
        by=by,
    )
    review = Review.unscoped.create(
        partnership=partnership,
        case=case,
        kind=Review.Kind.LOCAL_CSPR,
        decided_on=decided_on,
        state=Review.State.APPROVED,
        approved_at=timezone.now(),
    )
    version = ReportVersion.unscoped.create(
        partnership=partnership, review=review, number=1, title=f"Review of {pseudonym}", created_by=by
    )
    ReportSection.unscoped.create(
        partnership=partnership, version=version, order=1, key="summary", heading="Summary", body=SUMMARY
    )
    review.approved_version = version
    review.save(update_fields=["approved_version"])
    for number, (text, _theme) in enumerate(recommendations or RECOMMENDATIONS, start=1):
        Recommendation.unscoped.create(partnership=partnership, review=review, number=number, text=text)
    return review


def _agency_user(agency: Agency, fallback: AbstractBaseUser) -> AbstractBaseUser:
    member = Membership.unscoped.filter(agency=agency, role=Role.AGENCY_CONTACT, is_active=True).first()
    return member.user if member else fallback


def _agencies(partnership: Partnership) -> list[Agency]:
    """The demo agency contacts' agencies first, so their portal shows actions."""
    contacted = list(
        Agency.unscoped.filter(
            partnership=partnership, membership__role=Role.AGENCY_CONTACT, membership__is_active=True
        ).distinct()
    )
    others = [
        a for a in Agency.unscoped.filter(partnership=partnership).order_by("name") if a not in contacted
    ]
    return (contacted + others)[:3]


def _plan(review: Review, *, by: AbstractBaseUser, agencies: list[Agency], stop: str) -> ActionPlan:
    today = timezone.localdate()
    plan = workflow.draft_plan(review=review, by=by, monitored_by="The case review group")
    themes = dict(enumerate((t for _, t in RECOMMENDATIONS), start=1))
    recommendations = list(Recommendation.unscoped.filter(review=review).order_by("number"))
    # Two actions for the first recommendation, one for each other: six in all, one per RAG state below.
    specs = [(recommendations[0], 0), (recommendations[0], 1)] + [
        (r, i + 1) for i, r in enumerate(recommendations[1:])
    ]
    specs += [(recommendations[-1], 0), (recommendations[1 % len(recommendations)], 2)]
    for n, (recommendation, agency_index) in enumerate(specs):
        agency = agencies[agency_index % len(agencies)]
        workflow.add_action(
            plan=plan,
            recommendation=recommendation,
            by=by,
            description=f"{agency.name} to put recommendation {recommendation.number} into practice (step {n + 1}).",
            owner_agency=agency,
            lead_name=f"Safeguarding lead, {agency.name}",
            lead_email=agency.safeguarding_lead_email,
            measure="An audit of 20 cases shows the new practice in at least 18.",
            target_date=today + timedelta(days=30 * (n + 1)),
            theme=themes.get(recommendation.number, Theme.OTHER),
        )
    if stop == ActionPlan.State.DRAFTED:
        return plan
    plan = workflow.agree_plan(plan=plan, by=by, agreed_by="The three safeguarding partners", agreed_on=today)
    if stop == ActionPlan.State.AGREED:
        return plan
    plan = workflow.start_monitoring(plan=plan, by=by)
    actions = list(Action.unscoped.filter(plan=plan).order_by("pk"))
    finish_all = stop == ActionPlan.State.CLOSED
    for action, state in zip(actions, ["red", "amber", "green", "open", "completed", "closed"], strict=False):
        user = _agency_user(action.owner_agency, by)
        if state in {"red", "amber", "green"} or (finish_all and state == "open"):
            action = workflow.record_progress(
                action=action,
                by=user,
                version=action.version,
                rag=state if state != "open" else "green",
                text="Briefings held with two of the three teams; the audit is booked.",
            )
        if state == "completed" or (finish_all and state != "closed"):
            workflow.complete_action(
                action=action,
                by=user,
                version=action.version,
                impact_evidence="Re-audit of 20 cases: 19 show the new practice, against 6 before the review.",
            )
        elif state == "closed":
            workflow.close_action(
                action=action,
                by=by,
                reason="Superseded by the national safe sleep programme, which covers it.",
            )
    if finish_all:
        workflow.close_plan(plan=plan, by=by, note="Signed off by the partnership board.")
    return plan


def build(*, partnership: Partnership, by: AbstractBaseUser) -> int:
    """Action plans drafted, agreed, being monitored (every RAG state) and closed; two learning briefings."""
    agencies = _agencies(partnership)
    if not agencies:
        return 0
    stops = [
        ActionPlan.State.DRAFTED,
        ActionPlan.State.AGREED,
        ActionPlan.State.MONITORING,
        ActionPlan.State.CLOSED,
    ]
    available = list(
        Review.unscoped.filter(
            partnership=partnership, state__in=workflow.APPROVED_REVIEW_STATES, action_plan__isnull=True
        )
        .filter(recommendations__isnull=False)
        .distinct()
    )
    today = timezone.localdate()
    plans = []
    for n, stop in enumerate(stops):
        review = (
            available[n]
            if n < len(available)
            else approved_review(
                partnership=partnership,
                by=by,
                pseudonym=f"Child {chr(ord('P') + n)}",
                decided_on=today - timedelta(days=200 + n),
            )
        )
        plans.append(_plan(review, by=by, agencies=agencies, stop=stop))
    published = briefings.draft_briefing(review=plans[2].review, by=by)
    published = briefings.save_briefing(
        briefing=published,
        by=by,
        version=published.version,
        title=published.title,
        bodies=[
            s["body"] or f"{s['heading']}: what every practitioner should take from this review."
            for s in published.steps
        ],
    )
    published = briefings.finalise(briefing=published, by=by)
    briefings.record_dispatch(
        briefing=published, by=by, audience="Team managers of every agency", method="meeting", shared_on=today
    )
    if not briefings.publication_holds(published):
        briefings.publish(briefing=published, by=by)
    briefings.draft_briefing(review=plans[3].review, by=by)
    return len(plans)
