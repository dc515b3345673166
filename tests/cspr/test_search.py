"""Case search: by reference and pseudonym for case readers, by the child's name only where allowed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.roles import Role
from tests.factories import CaseFactory, member
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def search(client, user, q: str, slug: str = "alpha"):
    client.force_login(user)
    return client.get(reverse("case_search", kwargs={"partnership_slug": slug}), {"q": q})


def results(client, user, q: str) -> str:
    """The results part of the page (the search box above it repeats what was typed)."""
    return search(client, user, q).content.decode().split('role="search"', 1)[1].split("</form>", 1)[1]


def test_it_finds_by_reference_and_pseudonym(client, bo_a, partnership_a, case_a):
    other = CaseFactory(partnership=partnership_a, child_pseudonym="Child Q", reference="ALPH-2026-777")
    assert case_a.reference in results(client, bo_a, "ALPH-2026-001")
    html = results(client, bo_a, "child q")
    assert other.reference in html and case_a.reference not in html


def test_it_finds_by_the_childs_name_for_roles_that_may_see_it(client, bo_a, reader_a, partnership_a):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    from cspr.tenancy import scopes_disabled

    with scopes_disabled():
        case = CaseFactory(partnership=partnership_a, reference="ALPH-NAMED")
        referral.case = case
        referral.save(update_fields=["case"])
        name = referral.child.name
    assert "ALPH-NAMED" in results(client, bo_a, name)
    assert f"Name matched: {name}" in results(client, bo_a, name)
    html = results(client, reader_a, name)  # the auditor may not search by name
    assert "ALPH-NAMED" not in html and "0 cases found" in html


def test_it_stays_in_the_partnership(client, bo_a, partnership_a, case_b):
    html = results(client, bo_a, case_b.reference)
    assert "0 cases found" in html and case_b.get_absolute_url() not in html


def test_a_short_query_is_explained_and_kept(client, bo_a, partnership_a):
    html = search(client, bo_a, "A").content.decode()
    assert "Enter at least 2 characters" in html and 'value="A"' in html


def test_it_requires_case_view(client, partnership_a, agency_contact_a):
    assert search(client, agency_contact_a, "Child").status_code == 403


def test_it_hides_other_partnership(client, bo_b, partnership_a):
    assert search(client, bo_b, "Child").status_code == 404


def test_reviewers_cannot_search_cases(client, partnership_a):
    assert search(client, member(partnership_a, Role.REVIEWER), "Child").status_code == 403
