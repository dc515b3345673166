"""Who sees a review's agency information: case readers, and reviewers only on the reviews they are part of."""

from __future__ import annotations

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from cspr.roles import Role
from reviews.services import VIEW
from tests.chronologies.factories import AgencyRequestFactory, review_gathering
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_a_reviewer_sees_only_the_reviews_they_are_part_of(client, partnership_a):
    review = review_gathering(partnership_a)
    request = AgencyRequestFactory(partnership=partnership_a, review=review, submitted=True)
    reviewer = member(partnership_a, Role.REVIEWER, username="reviewer_a")
    client.force_login(reviewer)
    kwargs = {"partnership_slug": partnership_a.slug}
    page = reverse("chronologies:integrated", kwargs={**kwargs, "review_id": review.public_id})
    qa = reverse("chronologies:quality_assure", kwargs={**kwargs, "agency_request_id": request.public_id})
    assert client.get(page).status_code == 404
    assert client.get(qa).status_code == 404
    assign_perm(VIEW, reviewer, review)
    assert client.get(page).status_code == 200
    assert client.post(qa, {"decision": "accept"}).status_code == 302  # the review team quality-assures


def test_the_help_page_and_templates_need_a_sign_in(client, bo_a):
    help_page = reverse("chronology_help:help")
    assert client.get(help_page).status_code == 302
    client.force_login(bo_a)
    assert "Practitioner role" in client.get(help_page).content.decode()
    xlsx = client.get(reverse("chronology_help:template_xlsx"))
    assert xlsx["Content-Disposition"] == 'attachment; filename="chronology-template.xlsx"'
    csv = client.get(reverse("chronology_help:template_csv")).content.decode("utf-8-sig")
    assert csv.startswith(
        "Date,Time,Agency or service,Source,Event,Practitioner role,Action or outcome,Comment"
    )
