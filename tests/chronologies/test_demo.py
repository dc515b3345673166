import pytest
from cspr.tenancy import scope
from chronologies import demo
from chronologies.models import AgencyRequest, ChronologyEntry
from tests.chronologies.factories import office
from tests.factories import AgencyFactory, member
from cspr.roles import Role


@pytest.mark.django_db
def test_demo(partnership_a):
    agencies = [AgencyFactory(partnership=partnership_a) for _ in range(8)]
    member(partnership_a, Role.AGENCY_CONTACT, agency=agencies[3])
    by = office(partnership_a)
    with scope(partnership_a):
        assert demo.build(partnership=partnership_a, by=by) == 11
        assert set(AgencyRequest.objects.values_list("state", flat=True)) == set(AgencyRequest.State.values)
        assert ChronologyEntry.objects.filter(current=True).count() == 300
