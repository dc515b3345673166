"""The demo builder: plans in every state and actions in every RAG state, for each seed procedure."""

from __future__ import annotations

import pytest

from action_plans import demo
from action_plans.models import Action, ActionPlan, LearningBriefing
from cspr.roles import Role
from cspr.tenancy import scope
from tests.factories import AgencyFactory, PartnershipFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("procedure", ["west-midlands", "northamptonshire", "lewisham"])
def test_the_demo_has_every_state(procedure):
    partnership = PartnershipFactory(slug=f"demo-{procedure}", procedure=procedure)
    for name in ("Demo Hospital", "Demo School", "Demo Police"):
        agency = AgencyFactory(partnership=partnership, name=name)
    member(partnership, Role.AGENCY_CONTACT, agency=agency)
    office = member(partnership, Role.BUSINESS_OFFICE)
    with scope(partnership):
        assert demo.build(partnership=partnership, by=office) == 4
        assert set(ActionPlan.objects.values_list("state", flat=True)) == set(ActionPlan.State.values)
        monitored = ActionPlan.objects.get(state=ActionPlan.State.MONITORING)
        actions = Action.objects.filter(plan=monitored)
        assert {a.rag for a in actions if not a.is_finished} == {"red", "amber", "green", ""}
        assert {a.state for a in actions} == set(Action.State.values)
        assert LearningBriefing.objects.filter(state=LearningBriefing.State.PUBLISHED).count() == 1
