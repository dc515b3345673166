"""Who sees which review: the roles that read every case see all of them; a reviewer or a panel member
only the reviews they are appointed to or on the team of, over every URL of the stage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.roles import Role
from cspr.tenancy import scope, scopes_disabled
from reviews import services
from reviews.models import ReviewerAppointment
from tests.cspr.test_isolation import OBJECT_IDS, named_patterns
from tests.factories import member
from tests.reviews.factories import FamilyPersonFactory, ReviewFactory, TeamMemberFactory
from tests.reviews.helpers import url

pytestmark = pytest.mark.django_db


def review_urls(review) -> list[str]:
    """Every reviews URL of `review`, other objects taken from the same review where the URL needs them."""
    person = FamilyPersonFactory(review=review)
    member_row = TeamMemberFactory(review=review)
    own = {"person_id": person.public_id, "member_id": member_row.public_id}
    urls = []
    with scopes_disabled():
        for route, name, _ in named_patterns():
            if not name.startswith("reviews:") or "<uuid:review_id>" not in route:
                continue
            params = [p.split(">")[0].split(":")[-1] for p in route.split("<")[1:]]
            kwargs = {"partnership_slug": review.partnership.slug, "review_id": review.public_id}
            for p in params:
                if p in {"partnership_slug", "review_id"}:
                    continue
                kwargs[p] = own.get(p) or OBJECT_IDS[p](review.partnership)
            urls.append(reverse(name, kwargs=kwargs))
    return urls


@pytest.fixture
def reviews_a(partnership_a, bo_a, reviewer_a):
    mine, theirs = ReviewFactory(partnership=partnership_a), ReviewFactory(partnership=partnership_a)
    with scope(partnership_a):
        ReviewerAppointment.objects.create(
            partnership=partnership_a, review=mine, user=reviewer_a, role="lead", appointed_by=bo_a
        )
        services.grant_review(reviewer_a, mine)
    return mine, theirs


def test_a_reviewer_sees_only_the_review_they_are_appointed_to(client, reviews_a, reviewer_a):
    mine, theirs = reviews_a
    client.force_login(reviewer_a)
    listing = client.get(reverse("reviews:list", args=[mine.partnership.slug])).content.decode()
    assert mine.case.reference in listing and theirs.case.reference not in listing
    assert client.get(mine.get_absolute_url()).status_code == 200
    for address in review_urls(theirs):
        for method in (client.get, client.post):
            status = method(address).status_code
            assert status in (403, 404), f"{method.__name__.upper()} {address}: {status}"


def test_a_reviewer_cannot_manage_their_own_review(client, reviews_a, reviewer_a):
    mine, _ = reviews_a
    client.force_login(reviewer_a)
    for name in [
        "appoint_reviewer",
        "pause",
        "stop",
        "delay_notice",
        "terms_approve",
        "parallel_process_new",
    ]:
        assert client.post(url(name, mine)).status_code == 403, name
    assert client.get(url("family", mine)).status_code == 200


def test_a_panel_member_needs_a_place_on_the_team(client, partnership_a, bo_a):
    panel = member(partnership_a, Role.PANEL_MEMBER, username="panel_a")
    review = ReviewFactory(partnership=partnership_a)
    client.force_login(panel)
    assert client.get(review.get_absolute_url()).status_code == 404
    with scope(partnership_a):
        services.add_team_member(
            review=review, by=bo_a, user=panel, name="Pam Panel", organisation="Panel", represents="other"
        )
    assert client.get(review.get_absolute_url()).status_code == 200
    assert client.post(url("stop", review)).status_code == 403


def test_the_auditor_reads_but_cannot_change(client, partnership_a, reader_a):
    review = ReviewFactory(partnership=partnership_a)
    FamilyPersonFactory(review=review, name="Alex Example", relationship="Mother")
    client.force_login(reader_a)
    assert client.get(review.get_absolute_url()).status_code == 200
    family = client.get(url("family", review)).content.decode()
    assert "Mother" in family and "Alex Example" not in family  # no identifying details for the auditor
    assert client.post(url("family_new", review)).status_code == 403
    assert client.post(url("terms_edit", review)).status_code == 403


def test_the_business_office_sees_family_names(client, partnership_a, bo_a):
    review = ReviewFactory(partnership=partnership_a)
    FamilyPersonFactory(review=review, name="Alex Example", relationship="Mother")
    client.force_login(bo_a)
    assert "Alex Example" in client.get(url("family", review)).content.decode()


def test_an_agency_contact_sees_no_review(client, partnership_a, agency_contact_a):
    review = ReviewFactory(partnership=partnership_a)
    client.force_login(agency_contact_a)
    assert client.get(review.get_absolute_url()).status_code == 403
    assert client.get(reverse("reviews:list", args=[partnership_a.slug])).status_code == 403


def test_another_partnership_gets_404(client, partnership_a, bo_b):
    review = ReviewFactory(partnership=partnership_a)
    client.force_login(bo_b)
    assert client.get(review.get_absolute_url()).status_code == 404
