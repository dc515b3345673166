"""Each role's home page: what waits for the chair and partners, reviewers, agency contacts, auditors;
the site home; and a pinned query count for every home."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.roles import Role
from rapid_review.models import RapidReview
from tests.factories import AgencyFactory, PartnershipFactory, member
from tests.rapid_review.office_factories import TODAY, rapid_review

pytestmark = pytest.mark.django_db
State = RapidReview.State


def home_url(partnership) -> str:
    return reverse("partnership_home", kwargs={"partnership_slug": partnership.slug})


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def meeting_scheduled(partnership_a, bo_a, time_machine):
    time_machine.move_to(TODAY, tick=False)
    return rapid_review(partnership_a, bo_a, to=State.MEETING_SCHEDULED)


def test_a_partner_sees_the_position_waiting_for_them(client, partnership_a, meeting_scheduled):
    police = member(partnership_a, Role.PARTNER_POLICE, username="police_a")
    html = page(client, police, home_url(partnership_a))
    assert "Rapid review decisions and positions" in html
    assert "Position of police not recorded" in html
    assert "Position of health not recorded" not in html  # only their own
    assert meeting_scheduled.case.reference in html
    assert reverse("rapid_review:positions", args=[partnership_a.slug, meeting_scheduled.public_id]) in html


def test_the_chair_sees_every_missing_position_and_then_the_decision(
    client, partnership_a, bo_a, chair_a, time_machine
):
    rr = rapid_review(partnership_a, bo_a, to=State.MEETING_HELD, time_machine=time_machine)
    html = page(client, chair_a, home_url(partnership_a))
    for who in ("local authority", "police", "health"):
        assert f"Position of {who} not recorded" in html
    from tests.rapid_review.office_factories import agree_all

    agree_all(rr, bo_a)
    html = page(client, chair_a, home_url(partnership_a))
    assert "Decision to record" in html
    assert reverse("rapid_review:decision", args=[partnership_a.slug, rr.public_id]) in html


def test_nothing_waiting_says_so(client, partnership_a, chair_a):
    html = page(client, chair_a, home_url(partnership_a))
    assert "No rapid review is waiting for a position or a decision from you." in html


def test_an_agency_contact_is_sent_to_the_portal(client, partnership_a, agency_contact_a):
    html = page(client, agency_contact_a, home_url(partnership_a))
    assert reverse("portal:home") in html
    assert "Work queue" not in html and "Recent cases" not in html


def test_a_reviewer_home_works_before_any_review_exists(client, partnership_a):
    reviewer = member(partnership_a, Role.REVIEWER, username="reviewer_a")
    html = page(client, reviewer, home_url(partnership_a))
    assert "Nothing is waiting for you" in html
    assert "Recent cases" not in html  # reviewers do not read every case


def test_an_auditor_sees_deadline_counts_and_recent_cases_but_no_queue(
    client, partnership_a, reader_a, case_a
):
    html = page(client, reader_a, home_url(partnership_a))
    assert "Deadlines" in html and case_a.reference in html
    assert "Filter the work queue" not in html


def test_the_site_home_lists_partnerships_and_the_portal(client, partnership_a, partnership_b):
    agency = AgencyFactory(partnership=partnership_b)
    person = member(partnership_a, Role.CHAIR, username="two_places")
    from tests.factories import MembershipFactory

    MembershipFactory(user=person, partnership=partnership_b, role=Role.AGENCY_CONTACT, agency=agency)
    html = page(client, person, reverse("home"))
    assert partnership_a.name in html and partnership_b.name in html
    assert "Chair / case review group member" in html
    assert reverse("portal:home") in html


def test_one_partnership_goes_straight_there(client, bo_a, partnership_a):
    client.force_login(bo_a)
    assert client.get(reverse("home"))["Location"] == home_url(partnership_a)


@pytest.mark.parametrize("size", [1, 12])
@pytest.mark.parametrize(
    "role", [Role.CHAIR, Role.PARTNER_POLICE, Role.REVIEWER, Role.AUDITOR, Role.AGENCY_CONTACT], ids=str
)
def test_every_home_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, bo_a, role, size, time_machine
):
    partnership = PartnershipFactory(slug=f"size-{size}")
    office = member(partnership, Role.BUSINESS_OFFICE)
    time_machine.move_to(TODAY, tick=False)
    for _ in range(size):
        rapid_review(partnership, office, to=State.MEETING_SCHEDULED)
    agency = AgencyFactory(partnership=partnership) if role == Role.AGENCY_CONTACT else None
    person = member(partnership, role, agency=agency)
    client.force_login(person)
    client.get(home_url(partnership))
    with django_assert_max_num_queries(16):
        assert client.get(home_url(partnership)).status_code == 200
