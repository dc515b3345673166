"""Who sees which referral: the standard cast, agency contacts kept to their own agency's referrals."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cspr.tenancy import scopes_disabled
from referrals.models import Referral
from tests.referrals import pages
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def list_url(partnership) -> str:
    return reverse("referral_list", kwargs={"partnership_slug": partnership.slug})


@pytest.fixture
def own_referral(partnership_a, agency_a):
    return ReferralFactory(partnership=partnership_a, from_agency=True, referring_agency=agency_a)


@pytest.fixture
def other_agency_referral(partnership_a, other_agency_a):
    return ReferralFactory(
        partnership=partnership_a,
        from_agency=True,
        referring_agency=other_agency_a,
        submitted=True,
        aware_of_incident=date(2026, 3, 2),
        referral_received=date(2026, 3, 2),
    )


def test_it_lists_referrals_with_state_tags(client, bo_a, partnership_a):
    ReferralFactory(partnership=partnership_a, not_accepted=True)
    client.force_login(bo_a)
    page = client.get(list_url(partnership_a)).content.decode()
    assert "govuk-tag--red" in page and "Not accepted" in page and "Jamie Example" in page


def test_business_office_does_not_see_an_agency_draft(client, bo_a, partnership_a, own_referral):
    client.force_login(bo_a)
    assert client.get(own_referral.get_absolute_url()).status_code == 404


def test_agency_contact_sees_only_their_own_agency(
    client, agency_contact_a, partnership_a, own_referral, other_agency_referral
):
    client.force_login(agency_contact_a)
    assert client.get(own_referral.get_absolute_url()).status_code == 200
    assert client.get(other_agency_referral.get_absolute_url()).status_code == 404
    assert client.get(pages.url("referral_withdraw", other_agency_referral)).status_code == 404
    listed = client.get(list_url(partnership_a)).context["rows"]
    assert [r for r, _identity in listed] == [own_referral]


def test_agency_contact_cannot_triage(client, agency_contact_a, partnership_a, agency_a):
    referral = ReferralFactory(
        partnership=partnership_a,
        from_agency=True,
        referring_agency=agency_a,
        submitted=True,
        aware_of_incident=date(2026, 3, 2),
        referral_received=date(2026, 3, 2),
    )
    client.force_login(agency_contact_a)
    assert client.post(pages.url("referral_accept", referral)).status_code == 403
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Jamie Example" not in page  # identity needs case.view_identity once submitted
    assert referral.case.child_pseudonym in page


def test_it_requires_a_referral_role(client, reader_a, chair_a, partnership_a):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    for person in (reader_a, chair_a):
        client.force_login(person)
        assert client.get(list_url(partnership_a)).status_code == 403
        assert client.get(referral.get_absolute_url()).status_code == 403


def test_it_hides_other_partnership(client, bo_b, partnership_a, partnership_b):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    client.force_login(bo_b)
    assert client.get(referral.get_absolute_url()).status_code == 404
    wrong_slug = reverse(
        "referral_detail", kwargs={"partnership_slug": partnership_b.slug, "referral_id": referral.public_id}
    )
    assert client.get(wrong_slug).status_code == 404


def test_triage_through_the_pages(client, bo_a, partnership_a):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    client.force_login(bo_a)
    decline_url = pages.url("referral_decline", referral)
    assert "Do not accept the referral" in client.get(decline_url).content.decode()
    refused = client.post(decline_url, {"reason": ""}).content.decode()
    assert "govuk-error-summary" in refused and "Enter the reason the referral is not accepted" in refused
    client.post(decline_url, {"reason": "Harm was accidental."})
    with scopes_disabled():
        referral.refresh_from_db()
    assert referral.state == Referral.State.NOT_ACCEPTED


def test_accept_through_the_page_links_to_the_case(client, bo_a, partnership_a):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    client.force_login(bo_a)
    accept_url = pages.url("referral_accept", referral)
    assert client.get(accept_url).status_code == 200
    with scopes_disabled():
        referral.refresh_from_db()
    assert referral.state == Referral.State.SUBMITTED  # GET only confirms
    client.post(accept_url)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Accepted for a rapid review" in page and referral.case.get_absolute_url() in page
