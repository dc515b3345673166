"""The demo builder: requests in every state and a few hundred entries in the integrated chronology."""

import pytest

from chronologies import demo
from chronologies.models import AgencyRequest, ChronologyEntry
from cspr.roles import Role
from cspr.tenancy import scope
from tests.chronologies.factories import office
from tests.factories import AgencyFactory, member


@pytest.mark.django_db
def test_demo(partnership_a):
    agencies = [AgencyFactory(partnership=partnership_a) for _ in range(8)]
    member(partnership_a, Role.AGENCY_CONTACT, agency=agencies[3])
    by = office(partnership_a)
    with scope(partnership_a):
        assert demo.build(partnership=partnership_a, by=by) == 11
        assert set(AgencyRequest.objects.values_list("state", flat=True)) == set(AgencyRequest.State.values)
        assert ChronologyEntry.objects.filter(current=True).count() == 300
