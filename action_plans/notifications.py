"""Emails the outbox sends for this stage (cspr.tasks.process_outbox, CSPR_OUTBOX_HANDLERS)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from action_plans.models import Action, ActionPlan
from cspr import notifications
from cspr.models import CaseEvent
from rapid_review.permissions import agency_contacts


def on_monitoring_started(*, event: CaseEvent) -> None:
    """Tell each owner agency which actions it holds in the plan now being monitored."""
    plan = ActionPlan.unscoped.select_related("case", "partnership").get(public_id=event.subject_id)
    by_agency: dict[int, list[Action]] = {}
    for action in Action.unscoped.filter(plan=plan).select_related("owner_agency").order_by("target_date"):
        by_agency.setdefault(action.owner_agency_id, []).append(action)
    for actions in by_agency.values():
        agency = actions[0].owner_agency
        to = list(dict.fromkeys(a for a in [agency.email, *(u.email for u in agency_contacts(agency))] if a))
        if not to:
            continue
        notifications.send_email(
            to=to,
            subject=f"Action plan {plan.case.reference}: your agency's actions",
            template="action_plans/email/monitoring_started",
            context={
                "plan": plan,
                "agency": agency,
                "actions": actions,
                "partnership": plan.partnership,
                "portal_url": settings.SITE_URL + reverse("portal:actions"),
            },
            reply_to=[plan.partnership.mailbox],
        )
