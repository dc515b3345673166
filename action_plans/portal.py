"""What an agency contact sees of the actions their agency owns. Selectors read only.

The portal lists actions across every partnership the person works with, so it runs with scopes disabled
and filters strictly by their active agency-contact memberships *and* their per-action grants. Drafts (a
plan not yet sent for monitoring) are not shown. Lists show the case reference, never a child's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from action_plans.models import Action, ActionPlan
from action_plans.permissions import UPDATE
from cspr.tenancy import scopes_disabled
from rapid_review.portal import agency_contact_memberships

VISIBLE_PLAN_STATES = [ActionPlan.State.MONITORING, ActionPlan.State.CLOSED]


@dataclass
class AgencyActions:
    outstanding: list[Action]
    finished: list[Action]
    today: date

    @property
    def template(self) -> str:
        return "action_plans/portal/_home_section.html"


def agency_actions(user: AbstractBaseUser) -> AgencyActions:
    """The actions of the user's agencies (granted to them), outstanding first; three queries at most."""
    today = timezone.localdate()
    memberships = agency_contact_memberships(user)
    if not memberships:
        return AgencyActions(outstanding=[], finished=[], today=today)
    owned = Q(pk__in=[])
    for m in memberships:
        owned |= Q(partnership_id=m.partnership_id, owner_agency_id=m.agency_id)
    with scopes_disabled():
        candidates = Action.objects.filter(owned, plan__state__in=VISIBLE_PLAN_STATES)
        granted = get_objects_for_user(user, UPDATE, klass=candidates, accept_global_perms=False)
        actions = list(
            granted.select_related("partnership", "owner_agency", "plan__case", "recommendation").order_by(
                "target_date", "pk"
            )
        )
    return AgencyActions(
        outstanding=[a for a in actions if not a.is_finished],
        finished=[a for a in actions if a.is_finished],
        today=today,
    )


def home_section(*, user: AbstractBaseUser) -> AgencyActions:
    """The agency portal home's "Your agency's actions" section (settings.CSPR_PORTAL_SECTIONS)."""
    return agency_actions(user)


def actions_in(partnership: Any) -> QuerySet[Action]:
    """A partnership's actions with what the action page shows."""
    return Action.objects.filter(partnership=partnership).select_related(
        "plan__case", "plan__review", "owner_agency", "recommendation", "partnership"
    )
