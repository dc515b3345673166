"""Factual accuracy checks: each agency in scope is asked by the framework's deadline, answers paragraph by
paragraph through the portal pages, and sees only its own check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.models import Deadline
from cspr.tenancy import scopes_disabled
from reviews import report_services
from reviews.models import AccuracyAnswer, AccuracyCheck, Review
from tests.reviews.report_factories import cast, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(partnership_a):
    return cast(partnership_a)


def check_url(c, check):
    return reverse("reviews:accuracy_check", args=[c.partnership.slug, check.public_id])


def test_agencies_are_asked_by_the_framework_deadline_and_answer_paragraph_by_paragraph(client, c):
    v1 = draft(c)
    client.force_login(c.bo)
    response = client.post(
        reverse("reviews:accuracy_request", args=[c.partnership.slug, c.review.public_id]),
        {"agencies": [c.hospital.pk, c.school.pk]},
    )
    assert response.status_code == 302
    with scopes_disabled():
        c.review.refresh_from_db()
        assert c.review.state == Review.State.FACTUAL_ACCURACY
        hospital = AccuracyCheck.unscoped.get(agency=c.hospital, version=v1)
        school = AccuracyCheck.unscoped.get(agency=c.school, version=v1)
        clock = Deadline.unscoped.get(key="factual_accuracy_check", subject_id=hospital.public_id)
    assert clock.instruction().amount == c.partnership.framework.timescale("factual_accuracy_check").amount

    # The hospital sees its own check, not the school's.
    client.force_login(c.hospital_contact)
    listing = client.get(reverse("reviews:accuracy_checks", args=[c.partnership.slug]))
    assert check_url(c, hospital) in listing.content.decode()
    assert check_url(c, school) not in listing.content.decode()
    assert client.get(check_url(c, school)).status_code == 404
    assert client.post(check_url(c, school), {"action": "return"}).status_code == 404
    # Nor the review itself.
    assert client.get(
        reverse("reviews:report", args=[c.partnership.slug, c.review.public_id])
    ).status_code in (403, 404)

    page = client.get(check_url(c, hospital))
    assert "The health visitor saw Child C twice." in page.content.decode()
    # Returning with nothing said is refused with a message.
    response = client.post(check_url(c, hospital), {"action": "return", "general_comment": ""})
    assert report_services.CHECK_EMPTY in response.content.decode()
    response = client.post(
        check_url(c, hospital),
        {
            "action": "return",
            "general_comment": "",
            "p__what_happened__1": "The health visitor saw Child C three times.",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        hospital.refresh_from_db()
        answer = AccuracyAnswer.unscoped.get(check_request=hospital)
        clock.refresh_from_db()
    assert hospital.state == AccuracyCheck.State.RETURNED
    assert answer.quoted_text == "The health visitor saw Child C twice."
    assert clock.met_at is not None
    # The review team reads the answers; the agency can no longer change them.
    assert client.post(check_url(c, hospital), {"action": "save"}).status_code == 404
    client.force_login(c.lead)
    assert "three times" in client.get(check_url(c, hospital)).content.decode()


def test_an_agency_is_not_asked_twice_for_the_same_version(c):
    v1 = draft(c)
    with scopes_disabled():
        report_services.request_accuracy_checks(review=c.review, version=v1, agencies=[c.hospital], by=c.bo)
        with pytest.raises(Exception, match="already been asked"):
            report_services.request_accuracy_checks(
                review=c.review, version=v1, agencies=[c.hospital], by=c.bo
            )
