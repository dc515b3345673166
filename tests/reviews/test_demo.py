"""The demo builder makes a review in every state of the stage, through the real workflow."""

from __future__ import annotations

import pytest

from cspr.roles import Role
from cspr.tenancy import scope
from reviews import demo
from reviews.models import Review
from tests.factories import AgencyFactory, PartnershipFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("procedure", ["west-midlands", "northamptonshire"])
def test_a_review_in_every_state(procedure):
    partnership = PartnershipFactory(slug=f"demo-{procedure}", procedure=procedure)
    AgencyFactory(partnership=partnership, name="City Hospital NHS Trust")
    AgencyFactory(partnership=partnership, name="Example Primary School")
    bo = member(partnership, Role.BUSINESS_OFFICE)
    member(partnership, Role.REVIEWER)
    with scope(partnership):
        assert demo.build(partnership=partnership, by=bo) == len(demo.STOPS)
        states = set(Review.objects.values_list("state", flat=True))
        kinds = set(Review.objects.values_list("kind", flat=True))
    assert states == set(Review.State.values)
    assert kinds == set(Review.Kind.values)
