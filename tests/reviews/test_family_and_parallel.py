"""Family (members, contacts, non-involvement, letter and leaflet PDFs) and the parallel processes register."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cspr.documents import pdf_text
from cspr.tenancy import scopes_disabled
from reviews.models import ParallelProcess, ReviewDispatch, ReviewFamilyMember
from tests.reviews.factories import commissioned
from tests.reviews.helpers import date_fields, ok, url

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def review(partnership_a, bo_a, time_machine):
    review = commissioned(partnership_a, bo_a, time_machine=time_machine)
    time_machine.move_to(datetime(2027, 1, 11, 10, tzinfo=LONDON), tick=False)
    return review


def test_family_member_contacts_and_reasons(client, review, bo_a):
    client.force_login(bo_a)
    data = {
        "name": "Sam Example",
        "relationship": "Father",
        "involvement": "declined",
        "interpreter_language": "Polish",
    }
    response = client.post(url("family_new", review), data)
    body = response.content.decode()
    assert response.status_code == 200 and "recorded for the report" in body and "Sam Example" in body
    ok(
        client.post(
            url("family_new", review), {**data, "non_involvement_reason": "Did not wish to take part"}
        )
    )
    with scopes_disabled():
        mother = ReviewFamilyMember.unscoped.get(review=review, relationship="Mother")
    ok(
        client.post(
            url("family_contact", review, mother.public_id),
            {
                **date_fields("contacted_on", date(2027, 1, 11)),
                "method": "letter",
                "made_by": "Lead reviewer",
                "outcome": "Letter sent",
            },
        )
    )
    page = client.get(url("family", review)).content.decode()
    assert "Did not wish to take part" in page and "Letter sent" in page and "never published" in page
    with scopes_disabled():
        mother.refresh_from_db()
    assert mother.involvement == ReviewFamilyMember.Involvement.INVITED


def test_the_letter_and_leaflet(client, review, bo_a):
    client.force_login(bo_a)
    with scopes_disabled():
        mother = ReviewFamilyMember.unscoped.get(review=review, relationship="Mother")
    assert client.get(url("family_letter", review, mother.public_id)).status_code == 405
    letter = client.post(url("family_letter", review, mother.public_id))
    text = pdf_text(letter.content)
    for expected in ["Document 7", "Dear Alex Example", "Child A", "OFFICIAL-SENSITIVE", "July 2027"]:
        assert expected in text, expected
    with scopes_disabled():
        assert (
            review.dispatches.get(kind=ReviewDispatch.Kind.FAMILY_LETTER)
            .documents[0]["name"]
            .endswith(".pdf")
        )
    leaflet = pdf_text(client.get(url("family_leaflet", review)).content)
    assert "Document 8" in leaflet and "within 6 months" in leaflet and "Alex Example" not in leaflet


def test_parallel_process_constraint_shows_and_clears(client, review, bo_a):
    client.force_login(bo_a)
    ok(
        client.post(
            url("parallel_process_new", review),
            {
                "kind": "criminal",
                "status": "ongoing",
                "constraint": "Do not interview the parents before the trial",
                "blocks_publication": "on",
            },
        )
    )
    assert "Do not interview the parents" in client.get(review.get_absolute_url()).content.decode()
    assert "Do not interview the parents" in client.get(review.case.get_absolute_url()).content.decode()
    with scopes_disabled():
        process = ParallelProcess.unscoped.get(case=review.case)
    response = client.post(url("parallel_process_clear", review, process.public_id), {"reason": ""})
    assert response.status_code == 200 and "Enter the reason" in response.content.decode()
    ok(client.post(url("parallel_process_clear", review, process.public_id), {"reason": "The trial ended"}))
    with scopes_disabled():
        process.refresh_from_db()
    assert not process.is_open and process.cleared_reason == "The trial ended"
    assert "Do not interview the parents" not in client.get(review.get_absolute_url()).content.decode()


def test_pause_and_resume_through_the_pages(client, review, bo_a):
    client.force_login(bo_a)
    assert "Pause the review" in client.get(review.get_absolute_url()).content.decode()
    ok(client.post(url("pause", review), {"reason": "Police asked us to wait"}))
    assert "Paused" in client.get(review.get_absolute_url()).content.decode()
    ok(client.post(url("resume", review)))
    with scopes_disabled():
        review.refresh_from_db()
    assert review.state == "commissioned"
