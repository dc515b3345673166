"""Server errors the bad-input suite found, each pinned by the request that caused it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.models import DeadlinePause
from cspr.tenancy import scopes_disabled
from reviews.report_services import NO_SUCH_PARAGRAPH
from tests.reviews.report_factories import cast, draft

pytestmark = pytest.mark.django_db


def test_a_pause_date_whose_year_is_only_spaces_is_refused(client, bo_a, case_a):
    client.force_login(bo_a)
    url = reverse(
        "case_pause", kwargs={"partnership_slug": case_a.partnership.slug, "case_id": case_a.public_id}
    )
    response = client.post(url, {"on_0": "1", "on_1": "2", "on_2": "\xa0", "reason": "Criminal trial"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "Paused from must include a day, month and year" in response.content.decode()
    with scopes_disabled():
        assert not DeadlinePause.unscoped.filter(deadline__case=case_a).exists()


def test_a_comment_link_without_a_paragraph_is_not_found_and_a_post_is_refused(client, partnership_a):
    c = cast(partnership_a)
    version = draft(c)
    client.force_login(c.panel)
    url = reverse(
        "reviews:report_comment",
        kwargs={
            "partnership_slug": partnership_a.slug,
            "review_id": c.review.public_id,
            "version_id": version.public_id,
        },
    )
    assert client.get(url).status_code == 404
    response = client.post(url, {"body": "Which dates?"})
    assert response.status_code == 200
    assert NO_SUCH_PARAGRAPH.format(number=version.number) in response.content.decode()


def test_a_pause_date_whose_year_overflows_is_refused(client, bo_a, case_a):
    client.force_login(bo_a)
    url = reverse(
        "case_pause", kwargs={"partnership_slug": case_a.partnership.slug, "case_id": case_a.public_id}
    )
    response = client.post(url, {"on_0": "2", "on_1": "11", "on_2": "19737905571289372", "reason": "Trial"})
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()


def test_an_overlong_username_is_refused_before_the_lockout_counts_it(client):
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "a " * 200, "password": "x"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_a_refused_referral_submission_keeps_the_declaration_as_it_was(client, bo_a, partnership_a):
    from referrals.models import Referral
    from referrals.workflow import NOT_DISCUSSED
    from tests.referrals.factories import ReferralFactory

    referral = ReferralFactory(partnership=partnership_a)  # a complete draft, discussed with the lead
    client.force_login(bo_a)
    url = reverse(
        "referral_check", kwargs={"partnership_slug": partnership_a.slug, "referral_id": referral.public_id}
    )
    response = client.post(url, {"discussed_with_safeguarding_lead": "", "submit": "Submit referral"})
    assert response.status_code == 200
    assert NOT_DISCUSSED in response.content.decode()
    with scopes_disabled():
        stored = Referral.unscoped.get(pk=referral.pk)
    assert stored.discussed_with_safeguarding_lead is True
    assert stored.state == Referral.State.DRAFT
