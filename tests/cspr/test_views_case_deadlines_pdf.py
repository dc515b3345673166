"""The case's deadline record as a PDF download: members who can see the case, nobody else."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cspr import services
from cspr.documents import pdf_text
from cspr.tenancy import scope


@pytest.fixture
def opened_case(partnership_a, bo_a):
    with scope(partnership_a):
        return services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child Q",
            aware_of_incident=date(2026, 12, 18),
            referral_received=date(2026, 12, 18),
            by=bo_a,
        )


def pdf_url(case):
    return reverse(
        "case_deadlines_pdf", kwargs={"partnership_slug": case.partnership.slug, "case_id": case.public_id}
    )


@pytest.mark.django_db
def test_it_downloads_the_deadline_record(client, reader_a, opened_case):
    client.force_login(reader_a)
    response = client.get(pdf_url(opened_case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{opened_case.reference}-deadlines.pdf"'
    text = pdf_text(response.content)
    assert "Deadline calculation" in text and opened_case.reference in text


@pytest.mark.django_db
def test_the_case_page_links_to_it(client, bo_a, opened_case):
    client.force_login(bo_a)
    page = client.get(opened_case.get_absolute_url()).content.decode()
    assert pdf_url(opened_case) in page
    assert "Download the deadline calculations (PDF)" in page


@pytest.mark.django_db
def test_it_requires_case_view(client, agency_contact_a, opened_case):
    client.force_login(agency_contact_a)
    assert client.get(pdf_url(opened_case)).status_code == 403


@pytest.mark.django_db
def test_it_hides_other_partnership(client, bo_b, opened_case):
    client.force_login(bo_b)
    assert client.get(pdf_url(opened_case)).status_code == 404
