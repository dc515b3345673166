"""Files attached to a return go past the virus scanner (a stand-in clamd) before they are kept."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cspr import virus_scan
from cspr.models import CaseEvent
from rapid_review.models import ScopingAttachment, ScopingRequest
from tests.cspr import fake_clamd
from tests.cspr.fake_clamd import EICAR, unreachable_address
from tests.rapid_review.factories import PDF_BYTES, ScopingRequestFactory
from tests.rapid_review.test_portal_attachments import upload

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
clamd = fake_clamd.clamd  # the stand-in clamd fixture


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(datetime(2026, 12, 21, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def sent(partnership_a, agency_a, agency_contact_a):
    return ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)


def test_it_attaches_a_clean_file_after_scanning_it(client, sent, agency_contact_a, clamd):
    client.force_login(agency_contact_a)
    response = upload(client, sent, "chronology.pdf", PDF_BYTES)
    assert response.status_code == 302
    assert ScopingAttachment.unscoped.filter(request=sent).count() == 1
    assert clamd.streams == [PDF_BYTES]


def test_it_refuses_an_infected_file_and_keeps_the_text(client, sent, agency_contact_a, clamd):
    client.force_login(agency_contact_a)
    response = upload(client, sent, "notes.csv", EICAR, "text/csv")
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and virus_scan.INFECTED in page
    assert "Typed before the upload." in page
    assert ScopingRequest.unscoped.get(pk=sent.pk).involvement_summary == "Typed before the upload."
    assert not ScopingAttachment.unscoped.filter(request=sent).exists()
    assert not CaseEvent.unscoped.filter(code="scoping.attachment_added").exists()


def test_an_unreachable_scanner_refuses_and_says_try_later(client, sent, agency_contact_a, settings, caplog):
    settings.CSPR_VIRUS_SCANNER = "cspr.virus_scan.ClamdScanner"
    settings.CSPR_CLAMD_ADDRESS = unreachable_address()
    client.force_login(agency_contact_a)
    with caplog.at_level(logging.ERROR, logger="cspr.virus_scan"):
        response = upload(client, sent, "chronology.pdf", PDF_BYTES)
    assert response.status_code == 200
    page = response.content.decode()
    assert virus_scan.UNAVAILABLE in page and "Typed before the upload." in page
    assert not ScopingAttachment.unscoped.filter(request=sent).exists()
    assert any(r.name == "cspr.virus_scan" and r.levelno == logging.ERROR for r in caplog.records)
