"""The agency portal home (/portal/): the contact's requests across partnerships, and nobody else's."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cspr.roles import Role
from tests.factories import AgencyFactory, MembershipFactory, member
from tests.rapid_review.factories import ScopingRequestFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(datetime(2026, 12, 21, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def agency_b(partnership_b):
    return AgencyFactory(partnership=partnership_b, name="Bravo Hospital NHS Trust")


@pytest.fixture
def contact_in_both(agency_contact_a, partnership_b, agency_b):
    """The Alpha contact also answers for a trust in partnership B."""
    MembershipFactory(
        user=agency_contact_a, partnership=partnership_b, role=Role.AGENCY_CONTACT, agency=agency_b
    )
    return agency_contact_a


def test_it_lists_the_agencys_requests_across_partnerships(
    client, partnership_a, partnership_b, agency_a, other_agency_a, agency_b, contact_in_both
):
    ours_a = ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    ours_b = ScopingRequestFactory(partnership=partnership_b, agency=agency_b, submitted=True)
    theirs = ScopingRequestFactory(partnership=partnership_a, agency=other_agency_a, sent=True)
    other_in_b = ScopingRequestFactory(partnership=partnership_b, sent=True)
    client.force_login(contact_in_both)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert str(ours_a.public_id) in page and str(ours_b.public_id) in page
    assert str(theirs.public_id) not in page and str(other_in_b.public_id) not in page
    assert partnership_a.name in page and partnership_b.name in page
    assert ours_a.rapid_review.case.reference in page
    assert "Jamie Example" not in page  # lists show the pseudonym, never the name
    listing = response.context["listing"]
    assert [r.request for r in listing.outstanding] == [ours_a]
    assert [r.request for r in listing.returned] == [ours_b]


def test_it_marks_overdue_requests(client, partnership_a, agency_a, agency_contact_a, time_machine):
    ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    time_machine.move_to(datetime(2027, 1, 4, 9, 0, tzinfo=LONDON), tick=False)
    client.force_login(agency_contact_a)
    response = client.get(reverse("portal:home"))
    assert [r.is_late for r in response.context["listing"].outstanding] == [True]
    assert "Overdue" in response.content.decode()


def test_it_shows_nothing_to_other_roles(client, partnership_a, agency_a, agency_contact_a, bo_a):
    ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    client.force_login(bo_a)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert response.context["listing"].outstanding == []


def test_an_inactive_membership_shows_nothing(client, partnership_a, agency_a, agency_contact_a):
    ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    from cspr.models import Membership

    Membership.unscoped.filter(user=agency_contact_a).update(is_active=False)
    client.force_login(agency_contact_a)
    assert client.get(reverse("portal:home")).context["listing"].outstanding == []


def test_it_requires_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_partnership_home_links_to_it(client, partnership_a, agency_contact_a):
    client.force_login(agency_contact_a)
    page = client.get(
        reverse("partnership_home", kwargs={"partnership_slug": partnership_a.slug})
    ).content.decode()
    assert reverse("portal:home") in page and "Your agency's requests" in page


def test_a_contact_of_another_agency_sees_only_their_own(
    client, partnership_a, agency_a, other_agency_a, agency_contact_a
):
    other_contact = member(partnership_a, Role.AGENCY_CONTACT, agency=other_agency_a)
    ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    client.force_login(other_contact)
    assert client.get(reverse("portal:home")).context["listing"].outstanding == []
