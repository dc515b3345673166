"""Terms of reference: approved by the review group; a later change is a new version needing approval
again, the approved one kept; the PDF carries the version's text."""

from __future__ import annotations

from datetime import date

import pytest

from cspr.documents import pdf_text
from cspr.tenancy import scope, scopes_disabled
from reviews.models import Review, TermsOfReference
from tests.factories import AgencyFactory
from tests.reviews.factories import commissioned
from tests.reviews.helpers import ok, terms_data, url

pytestmark = pytest.mark.django_db


def test_a_change_after_approval_makes_a_new_version(client, partnership_a, bo_a, chair_a, reader_a):
    hospital = AgencyFactory(partnership=partnership_a, name="Alpha Hospital")
    review = commissioned(partnership_a, bo_a)
    client.force_login(bo_a)
    ok(
        client.post(
            url("terms_edit", review), terms_data(agencies=[hospital], planned_completion=date(2027, 6, 1))
        )
    )
    # Before approval, an edit changes the draft in place.
    ok(
        client.post(
            url("terms_edit", review), terms_data(agencies=[hospital], planned_completion=date(2027, 6, 15))
        )
    )
    with scopes_disabled():
        assert TermsOfReference.unscoped.filter(review=review).count() == 1
    # Partners and the chair approve; the business office cannot.
    assert client.post(url("terms_approve", review)).status_code == 403
    client.force_login(chair_a)
    ok(client.post(url("terms_approve", review), {"approval_note": "Review group"}))

    client.force_login(bo_a)
    # A change now needs a note, and makes version 2 waiting for approval.
    response = client.post(
        url("terms_edit", review), terms_data(agencies=[hospital], planned_completion=date(2027, 6, 20))
    )
    assert response.status_code == 200 and "Say what changed" in response.content.decode()
    ok(
        client.post(
            url("terms_edit", review),
            terms_data(
                agencies=[hospital], planned_completion=date(2027, 6, 20), change_note="Inquest date moved"
            ),
        )
    )
    with scopes_disabled():
        first, second = TermsOfReference.unscoped.filter(review=review).order_by("number")
        review.refresh_from_db()
    assert first.is_approved and first.planned_completion == date(2027, 6, 15)
    assert not second.is_approved and second.change_note == "Inquest date moved"
    assert review.state == Review.State.TOR_AGREED

    # Every version stays viewable, by the read-only auditor too.
    client.force_login(reader_a)
    listing = client.get(url("terms", review)).content.decode()
    assert "Waiting for approval" in listing and "Inquest date moved" in listing
    assert "15 June 2027" in client.get(url("terms_version", review, first.public_id)).content.decode()

    client.force_login(chair_a)
    ok(client.post(url("terms_approve", review), {"approval_note": ""}))
    with scopes_disabled():
        second.refresh_from_db()
    assert second.is_approved


def test_bad_terms_keep_what_was_typed(client, partnership_a, bo_a):
    review = commissioned(partnership_a, bo_a)
    client.force_login(bo_a)
    data = terms_data(agencies=[], planned_completion=date(2027, 6, 1))
    data["period_to_2"] = "2025"  # before the start
    response = client.post(url("terms_edit", review), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one agency in scope" in body
    assert "The end of the period under review must be after its start" in body
    assert "How was information shared?" in body


def test_the_pdf_reads_as_the_version(client, partnership_a, bo_a, chair_a):
    hospital = AgencyFactory(partnership=partnership_a, name="Alpha Hospital NHS Trust")
    review = commissioned(partnership_a, bo_a)
    client.force_login(bo_a)
    ok(
        client.post(
            url("terms_edit", review), terms_data(agencies=[hospital], planned_completion=date(2027, 6, 1))
        )
    )
    with scopes_disabled():
        version = TermsOfReference.unscoped.get(review=review)
    response = client.get(url("terms_pdf", review, version.public_id))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in [
        "Document 6",
        "Terms of Reference Template",
        "OFFICIAL-SENSITIVE",
        review.case.reference,
        "Version 1",
        "draft, not yet approved",
        "How was information shared?",
        "Alpha Hospital NHS Trust",
        "Systems approach",
        "Chronologies and information reports",
        "1 June 2027",
        "Page 1 of",
    ]:
        assert expected in text, expected
    assert "Alex Example" not in text  # no family names in the terms of reference
    with scope(partnership_a):
        assert version.lines_of_enquiry() == ["How was information shared?", "Was the child's voice heard?"]
