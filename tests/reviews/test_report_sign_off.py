"""Sign-off: each safeguarding partner approves a specific version; a new version asks them again (and an
approval of an outdated version is refused with a clear message); the final report is approved when all
three approved the latest version, and the independent scrutineer too where the procedure asks for it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.tenancy import scopes_disabled
from cspr.workflow import TransitionRefused
from reviews import report_selectors, report_services
from reviews.models import Review
from tests.factories import PartnershipFactory
from tests.reviews.report_factories import FIRST_DRAFT, cast, draft

pytestmark = pytest.mark.django_db
Signatory = report_services.Signatory


def in_accuracy_check(c):
    version = draft(c)
    with scopes_disabled():
        report_services.request_accuracy_checks(
            review=c.review, version=version, agencies=[c.hospital], by=c.bo
        )
        c.review.refresh_from_db()
    return version


def approve_url(c):
    return reverse("reviews:report_approve", args=[c.partnership.slug, c.review.public_id])


def test_a_new_version_invalidates_earlier_approvals(client, partnership_a):
    c = cast(partnership_a)
    v1 = in_accuracy_check(c)
    client.force_login(c.la)
    page = client.get(approve_url(c))
    form = {
        "version": str(v1.public_id),
        "signatory": Signatory.LOCAL_AUTHORITY,
        "person": "Dana LA, DCS",
        "comment": "",
    }
    assert client.post(approve_url(c), form).status_code == 302
    v2 = draft(c, {**FIRST_DRAFT, "good_practice": "Added after the check."})
    with scopes_disabled():
        rows = {r.signatory: r for r in report_selectors.sign_off(c.review)}
    assert rows[Signatory.LOCAL_AUTHORITY].approval is None
    assert rows[Signatory.LOCAL_AUTHORITY].earlier.version == v1
    # The partner still has the old page open: approving version 1 now is refused, with the reason.
    response = client.post(approve_url(c), form)
    assert response.status_code == 200
    assert "You approved version 1, but version 2 has been saved since" in response.content.decode()
    assert response.context["form"]["person"].value() == "Dana LA, DCS"
    assert page.status_code == 200 and v2.number == 2


def test_all_three_partners_approving_the_latest_version_approves_the_final_report(client, partnership_a):
    c = cast(partnership_a)
    version = in_accuracy_check(c)
    for user, signatory in [
        (c.la, Signatory.LOCAL_AUTHORITY),
        (c.police, Signatory.POLICE),
        (c.health, Signatory.HEALTH),
    ]:
        client.force_login(user)
        response = client.post(
            approve_url(c),
            {"version": str(version.public_id), "signatory": signatory, "person": f"{signatory} lead"},
        )
        assert response.status_code == 302
    with scopes_disabled():
        c.review.refresh_from_db()
    assert c.review.state == Review.State.APPROVED
    assert c.review.approved_version == version


def test_a_partner_approves_only_for_their_own_organisation(client, partnership_a):
    c = cast(partnership_a)
    version = in_accuracy_check(c)
    client.force_login(c.police)
    response = client.post(
        approve_url(c),
        {"version": str(version.public_id), "signatory": Signatory.HEALTH, "person": "Not health"},
    )
    assert response.status_code == 200  # not one of their choices
    client.force_login(c.panel)
    assert client.get(approve_url(c)).status_code == 403


def test_approval_waits_for_the_factual_accuracy_check(partnership_a):
    c = cast(partnership_a)
    version = draft(c)
    with scopes_disabled(), pytest.raises(TransitionRefused, match="after the factual accuracy check"):
        report_services.approve(
            review=c.review, version=version, by=c.la, signatory=Signatory.LOCAL_AUTHORITY, person="Dana"
        )


def test_where_the_procedure_asks_the_scrutineer_endorses_before_approval(client):
    northants = PartnershipFactory(slug="northants", procedure="northamptonshire")
    c = cast(northants)
    version = in_accuracy_check(c)
    with scopes_disabled():
        for user, signatory in [
            (c.la, Signatory.LOCAL_AUTHORITY),
            (c.police, Signatory.POLICE),
            (c.health, Signatory.HEALTH),
        ]:
            report_services.approve(
                review=c.review, version=version, by=user, signatory=signatory, person="Lead"
            )
        c.review.refresh_from_db()
    assert c.review.state == Review.State.FACTUAL_ACCURACY  # three partners are not enough here
    client.force_login(c.bo)
    response = client.post(
        reverse("reviews:report_endorse", args=[northants.slug, c.review.public_id]),
        {"version": str(version.public_id), "person": "Sam Scrutineer"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        c.review.refresh_from_db()
    assert c.review.state == Review.State.APPROVED


def test_a_procedure_without_a_scrutineer_refuses_an_endorsement(partnership_a):
    c = cast(partnership_a)
    version = in_accuracy_check(c)
    with (
        scopes_disabled(),
        pytest.raises(TransitionRefused, match="does not ask for an independent scrutineer"),
    ):
        report_services.approve(
            review=c.review, version=version, by=c.bo, signatory=Signatory.SCRUTINEER, person="X"
        )


def test_recommendations_are_taken_from_the_report_as_numbered_items(partnership_a):
    c = cast(partnership_a)
    draft(c)
    with scopes_disabled():
        added = report_services.recommendations_from_report(review=c.review, by=c.lead)
        again = report_services.recommendations_from_report(review=c.review, by=c.lead)
        report_services.remove_recommendation(recommendation=added[0], by=c.lead)
        left = list(c.review.recommendations.all())
    assert [r.number for r in added] == [1, 2] and again == []
    assert [(r.number, r.text) for r in left] == [(1, "Health should audit missed appointments.")]
