"""cspr.prepared: a queryset compiled once answers exactly as the queryset does, for any values."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from cspr.models import Case, Membership
from cspr.prepared import PreparedQuery
from cspr.roles import Role
from cspr.tenancy import scope, scopes_disabled
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _memberships(*, slug: str, user_id: int):
    return Membership.unscoped.filter(partnership__slug=slug, user_id=user_id, is_active=True).select_related(
        "partnership__framework", "agency"
    )


MEMBERSHIPS = PreparedQuery(_memberships, slug=str, user_id=int)


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_it_answers_as_the_queryset_with_its_related_rows(partnership_a, agency_a, agency_contact_a):
    MembershipFactory(user=agency_contact_a, partnership=partnership_a, role=Role.BUSINESS_OFFICE)
    expected = list(_memberships(slug="alpha", user_id=agency_contact_a.pk))
    found = MEMBERSHIPS(slug="alpha", user_id=agency_contact_a.pk)
    assert [_fields(m) for m in found] == [_fields(m) for m in expected]
    assert len(found) == 2
    for got, want in zip(found, expected, strict=True):
        # select_related: the partnership, its framework (a JSON column) and the agency, without queries
        assert _fields(got.partnership) == _fields(want.partnership)
        assert got.partnership.framework.rules == want.partnership.framework.rules
        assert (got.agency and _fields(got.agency)) == (want.agency and _fields(want.agency))


def test_each_run_takes_its_own_values(partnership_a, partnership_b, bo_a, bo_b, django_assert_num_queries):
    MEMBERSHIPS(slug="alpha", user_id=bo_a.pk)  # compiled here
    with django_assert_num_queries(1):
        assert [m.user_id for m in MEMBERSHIPS(slug="bravo", user_id=bo_b.pk)] == [bo_b.pk]
    assert MEMBERSHIPS(slug="bravo", user_id=bo_a.pk) == []
    assert MEMBERSHIPS(slug="no-such-partnership", user_id=bo_a.pk) == []


def test_it_refuses_a_scoped_manager_so_no_scope_is_baked_in(partnership_a, case_a):
    cases = PreparedQuery(lambda *, pseudonym: Case.objects.filter(child_pseudonym=pseudonym), pseudonym=str)
    with scope(partnership_a), pytest.raises(Exception, match="outside a partnership scope"):
        cases(pseudonym="x")


def test_it_refuses_an_argument_it_cannot_place(partnership_a):
    rewritten = PreparedQuery(
        lambda *, name: Membership.unscoped.filter(partnership__name__icontains=name), name=str
    )
    with pytest.raises(ImproperlyConfigured, match="plain filter value"):
        rewritten(name="Alpha")


def test_it_refuses_missing_or_extra_values(partnership_a):
    with pytest.raises(TypeError):
        MEMBERSHIPS(slug="alpha")


def test_it_matches_the_queryset_across_partnerships(partnership_a, partnership_b, bo_a, bo_b):
    with scopes_disabled():
        everyone = list(Membership.objects.values_list("user_id", "partnership__slug"))
    for user_id, slug in everyone:
        assert [m.pk for m in MEMBERSHIPS(slug=slug, user_id=user_id)] == [
            m.pk for m in _memberships(slug=slug, user_id=user_id)
        ]
