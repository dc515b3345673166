"""The office pages with the standard cast: the office works, a reader reads but cannot act (403), an
agency contact sees nothing (403), partnership B gets 404; the register shows each hit in context."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.documents import pdf_text
from publication import workflow
from tests.publication.factories import CHILD_NAME, TODAY, approved_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def pub(partnership_a, bo_a, time_machine, unscoped):
    time_machine.move_to(TODAY, tick=False)
    leaky = [("findings", "Findings", f"We spoke to {CHILD_NAME}'s mother at home.")]
    return workflow.open_publication(review=approved_review(partnership_a, sections=leaky), by=bo_a)


def _url(name, pub, **kw):
    return reverse(f"publication:{name}", kwargs={"partnership_slug": pub.partnership.slug, "publication_id": pub.public_id, **kw})  # fmt: skip


def test_it_shows_the_publication_and_its_open_conditions(client, bo_a, pub):
    client.force_login(bo_a)
    page = client.get(_url("detail", pub)).content.decode()
    assert "Final report approved" in page and "Still open" in page
    assert "The family has been told of the publication arrangements" in page


def test_it_requires_manage_permission(client, reader_a, agency_contact_a, pub):
    client.force_login(reader_a)
    assert client.get(_url("detail", pub)).status_code == 200
    for name in ("plan_date", "register", "communications", "send_copies"):
        assert client.get(_url(name, pub)).status_code == 403, name
    client.force_login(agency_contact_a)
    assert client.get(_url("detail", pub)).status_code == 403


def test_it_hides_other_partnership(client, bo_b, pub):
    client.force_login(bo_b)
    assert client.get(_url("detail", pub)).status_code == 404


def test_the_register_shows_hits_in_context(client, bo_a, pub):
    client.force_login(bo_a)
    client.post(_url("run_check", pub))
    page = client.get(_url("register", pub)).content.decode()
    assert "Not passed" in page
    assert f"We spoke to <mark>{CHILD_NAME}</mark>&#x27;s mother at home." in page


def test_bad_register_input_keeps_what_was_typed(client, bo_a, pub):
    client.force_login(bo_a)
    response = client.post(
        _url("register", pub), {"kind": "school", "real_name": "Hillside Primary", "alias": ""}
    )
    page = response.content.decode()
    assert (
        response.status_code == 200
        and "Enter the alias the report uses" in page
        and 'value="Hillside Primary"' in page
    )


def test_the_preview_pdf_is_the_published_report(client, bo_a, pub):
    client.force_login(bo_a)
    response = client.get(_url("report_pdf", pub))
    assert response["Content-Type"] == "application/pdf"
    assert "Findings" in pdf_text(response.content)
