"""The tenant safety net: tenant models refuse to be queried outside a partnership scope."""

import pytest

from cspr.models import Agency, Case
from cspr.tenancy import ScopeError, scope, scopes_disabled


@pytest.mark.django_db
def test_a_query_without_a_scope_fails_loudly(case_a):
    with pytest.raises(ScopeError):
        list(Case.objects.all())


@pytest.mark.django_db
def test_a_scope_shows_only_its_own_partnership(case_a, case_b, partnership_a):
    with scope(partnership_a):
        assert list(Case.objects.all()) == [case_a]


@pytest.mark.django_db
def test_disabled_scopes_are_explicit(case_a, case_b, agency_a):
    with scopes_disabled():
        assert Case.objects.count() == 2
        assert Agency.objects.count() == 1
