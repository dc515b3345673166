"""The whole referral form through the real views, as the business office and as an agency contact."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cspr.models import Deadline
from cspr.tenancy import scopes_disabled
from referrals.models import Child, Referral
from referrals.workflow import NOT_DISCUSSED
from tests.referrals import pages

pytestmark = pytest.mark.django_db


def _start(client, partnership) -> Referral:
    start_url = reverse("referral_start", kwargs={"partnership_slug": partnership.slug})
    assert client.get(start_url).status_code == 200
    with scopes_disabled():
        assert not Referral.objects.exists()  # GET only confirms
    response = client.post(start_url)
    with scopes_disabled():
        referral = Referral.objects.get()
    assert response["Location"] == referral.get_absolute_url()
    return referral


def _save(client, referral, name, answers, **kwargs):
    response = client.post(pages.url(name, referral, **kwargs), answers)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def _fill_in(client, referral, *, about):
    _save(client, referral, "referral_about", about)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Completed" in page and "Cannot start yet" in page
    _save(client, referral, "referral_referrer", pages.REFERRER)
    _save(client, referral, "referral_child", pages.CHILD)
    _save(client, referral, "referral_family_add", pages.FAMILY_MEMBER)
    _save(client, referral, "referral_family", {"siblings_safeguarding": "No siblings."})
    _save(client, referral, "referral_agencies", {})
    _save(client, referral, "referral_events_add", pages.KEY_EVENT)
    _save(client, referral, "referral_background", pages.BACKGROUND)


def test_business_office_keys_in_a_la_notification_and_submits_it(client, bo_a, partnership_a):
    client.force_login(bo_a)
    referral = _start(client, partnership_a)
    _fill_in(client, referral, about=pages.about_answers())
    with scopes_disabled():
        referral.refresh_from_db()
        assert referral.family_members.get().name == "Alex Example"
        assert referral.child.lead_practitioner == "Sam Social Worker"
    assert referral.aware_of_incident == date(2026, 3, 2)

    check = client.get(pages.url("referral_check", referral)).content.decode()
    assert "Jamie Example" in check and "Alex Example (Mother)" in check and "NP-2026-0042" in check
    assert "Seen by the GP with bruising" in check and "Change" in check

    refused = client.post(pages.url("referral_check", referral), {})
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.content.decode() and NOT_DISCUSSED in refused.content.decode()

    response = client.post(pages.url("referral_check", referral), {"discussed_with_safeguarding_lead": "on"})
    assert response["Location"] == referral.get_absolute_url()
    with scopes_disabled():
        referral.refresh_from_db()
        clock = Deadline.objects.get(case=referral.case, key="complete_rapid_review")
    assert referral.state == Referral.State.SUBMITTED
    assert referral.case.reference == f"{partnership_a.reference_prefix}-2026-001"
    assert clock.origin_label == "became aware"
    detail = client.get(referral.get_absolute_url()).content.decode()
    assert referral.case.reference in detail and "Accept for a rapid review" in detail


def test_agency_contact_refers_for_their_own_agency(client, agency_contact_a, agency_a, partnership_a):
    client.force_login(agency_contact_a)
    referral = _start(client, partnership_a)
    about = client.get(pages.url("referral_about", referral)).content.decode()
    assert "How did the referral come in?" not in about  # the source and agency are fixed
    answers = {"incident_kind": "death", **pages.date_input("date_of_incident", date(2026, 3, 1))}
    _fill_in(client, referral, about=answers)
    _save(client, referral, "referral_check", {"discussed_with_safeguarding_lead": "on"})
    with scopes_disabled():
        referral.refresh_from_db()
    assert referral.referring_agency == agency_a
    assert referral.source == Referral.Source.AGENCY_REFERRAL
    assert referral.referral_received == date(2026, 3, 4)  # received on submission
    assert referral.state == Referral.State.SUBMITTED


def test_bad_input_is_shown_with_the_error_summary_and_keeps_what_was_typed(client, bo_a, partnership_a):
    client.force_login(bo_a)
    referral = _start(client, partnership_a)
    answers = {**pages.CHILD, **pages.date_input("date_of_birth", date(2027, 1, 1)), "lead_practitioner": ""}
    response = client.post(pages.url("referral_child", referral), answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Date of birth must be today or in the past" in page
    assert "Enter the lead practitioner, or answer No" in page
    assert 'value="Jamie Example"' in page and 'value="2027"' in page
    with scopes_disabled():
        assert not Child.objects.exists()
        referral.refresh_from_db()
    assert "child" not in referral.saved_sections


def test_awareness_after_receipt_is_refused_on_the_page(client, bo_a, partnership_a):
    client.force_login(bo_a)
    referral = _start(client, partnership_a)
    answers = pages.about_answers(aware=date(2026, 3, 4), received=date(2026, 3, 3))
    page = client.post(pages.url("referral_about", referral), answers).content.decode()
    assert "govuk-error-summary" in page and "must be the same as or before" in page


def test_rows_can_be_changed_and_removed(client, bo_a, partnership_a):
    client.force_login(bo_a)
    referral = _start(client, partnership_a)
    _save(client, referral, "referral_family_add", pages.FAMILY_MEMBER)
    with scopes_disabled():
        member = referral.family_members.get()
    _save(
        client,
        referral,
        "referral_family_change",
        {**pages.FAMILY_MEMBER, "name": "Alex Renamed"},
        row_id=member.public_id,
    )
    assert "Alex Renamed" in client.get(pages.url("referral_family", referral)).content.decode()
    remove_url = pages.url("referral_family_remove", referral, row_id=member.public_id)
    assert "Are you sure" in client.get(remove_url).content.decode()
    client.post(remove_url)
    with scopes_disabled():
        assert not referral.family_members.exists()
        assert member.history.first().history_type == "-"


def test_a_submitted_referral_can_no_longer_be_changed(client, bo_a, partnership_a):
    from tests.referrals.factories import ReferralFactory

    referral = ReferralFactory(partnership=partnership_a, submitted=True, created_by=bo_a)
    client.force_login(bo_a)
    response = client.post(pages.url("referral_referrer", referral), pages.REFERRER)
    assert response["Location"] == referral.get_absolute_url()
    with scopes_disabled():
        referral.refresh_from_db()
    assert referral.referrer_email == "pat.referrer@example.org"


def test_every_page_of_a_draft_renders(client, bo_a, partnership_a):
    from tests.referrals.factories import (
        FamilyMemberFactory,
        InvolvedAgencyFactory,
        KeyEventFactory,
        ReferralFactory,
    )

    referral = ReferralFactory(partnership=partnership_a, created_by=bo_a)
    rows = {
        "family": FamilyMemberFactory(referral=referral),
        "agencies": InvolvedAgencyFactory(referral=referral),
        "events": KeyEventFactory(referral=referral),
    }
    client.force_login(bo_a)
    names = ["referral_detail", "referral_check", "referral_withdraw"]
    names += [f"referral_{s}" for s in ("about", "referrer", "child", "family", "agencies", "background")]
    names += [f"referral_{kind}_add" for kind in rows]
    for name in names:
        response = client.get(pages.url(name, referral))
        assert response.status_code == 200, name
        assert "govuk-error-summary" not in response.content.decode(), name
    for kind, row in rows.items():
        for action in ("change", "remove"):
            assert (
                client.get(pages.url(f"referral_{kind}_{action}", referral, row_id=row.public_id)).status_code
                == 200
            )
    assert 'value="Jamie Example"' in client.get(pages.url("referral_child", referral)).content.decode()


def test_a_withdrawn_draft_shows_its_reason(client, bo_a, partnership_a):
    from tests.referrals.factories import ReferralFactory

    referral = ReferralFactory(partnership=partnership_a, withdrawn=True)
    client.force_login(bo_a)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Withdrawn draft referral" in page and "Sent in error" in page
