"""Action plans walked through the real workflow, one trait per state: `ActionPlanFactory(agreed=True)`,
`(monitoring=True)`, `(closed=True)`; drafted by default. Each plan answers an approved review with two
recommendations and has one action per recommendation, owned by `agency` and `other_agency`.

Grants go to an agency's contacts when the action is added: create the contacts first.
"""

from __future__ import annotations

from datetime import date

import factory
from django.core.files.base import ContentFile

from action_plans import briefings, demo, workflow
from action_plans.models import Action, ActionEvidence, ActionPlan, LearningBriefing, Theme
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from tests.factories import AgencyFactory, MembershipFactory, PartnershipFactory, UserFactory

State = ActionPlan.State
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
RECOMMENDATIONS = [
    (
        "Share missed health appointments with the social worker within one working day.",
        Theme.INFORMATION_SHARING,
    ),
    ("Ask about every adult living in the household at each home visit.", Theme.PROFESSIONAL_CURIOSITY),
]
TARGET = date(2027, 3, 31)


def office(partnership):
    """A business office member who cannot sign in (no password hashing: these factories run often)."""
    user = UserFactory(password=None)
    MembershipFactory(user=user, partnership=partnership, role=Role.BUSINESS_OFFICE)
    return user


def approved_review(partnership, *, pseudonym: str = "Child A", decided_on: date = date(2026, 6, 1)):
    with scopes_disabled():
        return demo.approved_review(
            partnership=partnership,
            by=office(partnership),
            pseudonym=pseudonym,
            decided_on=decided_on,
            recommendations=RECOMMENDATIONS,
        )


def action_fields(agency, **overrides):
    return {
        "description": f"{agency.name if agency else 'The agency'} to brief every health visitor on sharing missed appointments.",
        "owner_agency": agency,
        "lead_name": "Pat Lead",
        "lead_email": "pat.lead@example.org",
        "measure": "An audit of 20 cases shows the practice in at least 18.",
        "target_date": TARGET,
        "theme": Theme.INFORMATION_SHARING,
        **overrides,
    }


class ActionPlanFactory(factory.Factory):
    class Meta:
        model = ActionPlan

    class Params:
        agreed = factory.Trait(state=State.AGREED)
        monitoring = factory.Trait(state=State.MONITORING)
        closed = factory.Trait(state=State.CLOSED)

    partnership = factory.SubFactory(PartnershipFactory)
    agency = factory.SubFactory(AgencyFactory, partnership=factory.SelfAttribute("..partnership"))
    other_agency = factory.SubFactory(AgencyFactory, partnership=factory.SelfAttribute("..partnership"))
    state = State.DRAFTED

    @classmethod
    def _create(cls, model_class, *, partnership, agency, other_agency, state, **kwargs):
        with scopes_disabled():
            by = office(partnership)
            review = approved_review(partnership)
            plan = workflow.draft_plan(review=review, by=by, monitored_by="The case review group")
            for recommendation, owner in zip(
                review.recommendations.order_by("number"), [agency, other_agency], strict=True
            ):
                workflow.add_action(plan=plan, recommendation=recommendation, by=by, **action_fields(owner))
            if state == State.DRAFTED:
                return plan
            plan = workflow.agree_plan(
                plan=plan, by=by, agreed_by="The safeguarding partners", agreed_on=date(2026, 11, 2)
            )
            if state == State.AGREED:
                return plan
            plan = workflow.start_monitoring(plan=plan, by=by)
            if state == State.CLOSED:
                for action in plan.actions.all():
                    workflow.complete_action(
                        action=action, by=by, version=action.version, impact_evidence="Audit: 19 of 20"
                    )
                plan = workflow.close_plan(plan=plan, by=by)
            plan.refresh_from_db()
        return plan


def action_of(plan, agency) -> Action:
    with scopes_disabled():
        return Action.unscoped.get(plan=plan, owner_agency=agency)


class ActionFactory(factory.Factory):
    """An action of a plan being monitored, owned by `plan.agency`-style agency."""

    class Meta:
        model = Action

    partnership = factory.SubFactory(PartnershipFactory)

    @classmethod
    def _create(cls, model_class, *, partnership, **kwargs):
        agency = AgencyFactory(partnership=partnership)
        plan = ActionPlanFactory(partnership=partnership, agency=agency, monitoring=True)
        return action_of(plan, agency)


class ActionEvidenceFactory(factory.Factory):
    class Meta:
        model = ActionEvidence

    action = factory.SubFactory(ActionFactory)
    store = True

    @classmethod
    def _create(cls, model_class, *, action, store, **kwargs):
        with scopes_disabled():
            evidence = ActionEvidence(
                partnership=action.partnership,
                action=action,
                original_name="audit.pdf",
                content_type="application/pdf",
                size=len(PDF_BYTES),
                uploaded_by=office(action.partnership),
            )
            if store:
                evidence.file.save("audit.pdf", ContentFile(PDF_BYTES), save=False)
            else:
                evidence.file.name = "private/action-evidence/not-stored"
            evidence.save()
        return evidence


class LearningBriefingFactory(factory.Factory):
    """A briefing from an approved report; `final=True` or `published=True` walk it on."""

    class Meta:
        model = LearningBriefing

    class Params:
        final = factory.Trait(state=LearningBriefing.State.FINAL)
        published = factory.Trait(state=LearningBriefing.State.PUBLISHED)

    partnership = factory.SubFactory(PartnershipFactory)
    state = LearningBriefing.State.DRAFT
    review = None  # an approved review of its own unless given

    @classmethod
    def _create(cls, model_class, *, partnership, state, review, **kwargs):
        with scopes_disabled():
            by = office(partnership)
            briefing = briefings.draft_briefing(review=review or approved_review(partnership), by=by)
            if state == LearningBriefing.State.DRAFT:
                return briefing
            briefing = briefings.save_briefing(
                briefing=briefing,
                by=by,
                version=briefing.version,
                title=briefing.title,
                bodies=[s["body"] or f"What {s['heading'].lower()} means for you." for s in briefing.steps],
            )
            briefing = briefings.finalise(briefing=briefing, by=by)
            if state == LearningBriefing.State.PUBLISHED:
                briefing = briefings.publish(briefing=briefing, by=by)
        return briefing
