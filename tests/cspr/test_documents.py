"""The PDF core: marking and page numbers on every page, metadata, offline rendering, the deadline record."""

from __future__ import annotations

import io
import re
import socket
import uuid
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.test import override_settings
from PIL import Image
from pypdf import PdfReader

from cspr import documents, services
from cspr.deadlines import services as deadlines
from cspr.frameworks import DocumentTemplate
from cspr.tenancy import scope

LONG_TABLE = """{% extends "documents/base.html" %}{% block content %}
<h2>Chronology</h2>
<table><thead><tr><th>Date</th><th>Agency</th><th>Event</th></tr></thead><tbody>
{% for row in rows %}<tr><td>Day {{ row }}</td><td>Agency {{ row }}</td><td>Contact number {{ row }} recorded</td></tr>{% endfor %}
</tbody></table>
<p>End of chronology</p>{% endblock %}"""

NO_BASE = "<html><body><p>Unmarked</p></body></html>"

REMOTE_IMAGE = """{% extends "documents/base.html" %}{% block content %}
<img src="http://example.com/x.png" alt=""><img src="https://example.com/y.png" alt="">
<p>Text after the remote images</p>{% endblock %}"""


def with_sample_templates() -> override_settings:
    """The project's templates plus a few in memory that exercise the base layout."""
    return override_settings(
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {
                                "test/long_table.html": LONG_TABLE,
                                "test/remote_image.html": REMOTE_IMAGE,
                                "test/no_base.html": NO_BASE,
                            },
                        ),
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                },
                "DIRS": [django_settings.BASE_DIR / "templates"],
            }
        ]
    )


@pytest.fixture
def case(partnership_a, bo_a):
    with scope(partnership_a):
        return services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child Q",
            aware_of_incident=date(2026, 12, 18),
            referral_received=date(2026, 12, 18),
            by=bo_a,
        )


@pytest.fixture
def deadline_record(case, partnership_a):
    with scope(partnership_a):
        return documents.render_case_deadlines(case)


def flat(text: str) -> str:
    """PDF text with table-cell line wraps joined up again."""
    return re.sub(r"\s+", " ", text)


def test_the_deadline_record_shows_the_case_facts(deadline_record, case, partnership_a):
    text = flat(documents.pdf_text(deadline_record))
    assert partnership_a.name in text
    assert "Deadline calculation" in text
    assert case.reference in text
    assert "Child Q" in text
    assert "Rapid review completed (15-working-day target)" in text
    # Fri 18 Dec 2026 + 15 working days, skipping Christmas, Boxing Day (substitute) and New Year's Day.
    assert "Wed 13 Jan 2027" in text
    assert "Fri 25 Christmas Day" in text


def test_the_deadline_record_is_one_page_with_marking_and_page_number(deadline_record):
    pages = documents.pdf_page_texts(deadline_record)
    assert len(pages) == 1
    assert pages[0].count("OFFICIAL-SENSITIVE") == 2  # header and footer
    assert "Page 1 of 1" in pages[0]


def test_the_pdf_metadata_names_the_document_and_the_partnership(deadline_record, case, partnership_a):
    metadata = PdfReader(io.BytesIO(deadline_record)).metadata
    assert metadata.title == f"Deadline calculation ({case.reference})"
    assert metadata.author == partnership_a.name
    assert "Child Q" not in (metadata.title + metadata.author)


def test_every_deadline_on_the_case_is_listed(case, partnership_a, agency_a, other_agency_a):
    with scope(partnership_a):
        for agency in (agency_a, other_agency_a):
            deadlines.start(
                case=case,
                key="scoping_return",
                origin=date(2026, 12, 21),
                origin_label="scoping request sent",
                subject=agency.name,
                subject_id=agency.public_id,
            )
        text = flat(documents.pdf_text(documents.render_case_deadlines(case)))
    assert "Alpha Hospital NHS Trust" in text
    assert "Alpha Academy Trust" in text


def test_a_long_document_is_marked_and_numbered_on_every_page(partnership_a):
    with with_sample_templates():
        pdf = documents.render_pdf(
            template="test/long_table.html",
            context={"rows": range(1, 121)},
            partnership=partnership_a,
            title="Sample Chronology Templates",
            document_number="Document 9",
        )
    pages = documents.pdf_page_texts(pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") == 2, f"page {number}"
        assert f"Page {number} of {len(pages)}" in text
        assert "Document 9" in text
        assert partnership_a.name in text
    assert "End of chronology" in pages[-1]
    assert "Date" in pages[1] and "Agency" in pages[1]  # the header row repeats


def test_the_marking_can_be_changed(partnership_a, case):
    with scope(partnership_a):
        pdf = documents.render_pdf(
            template="documents/deadline_explanation.html",
            context={"case": case, "deadlines": []},
            partnership=partnership_a,
            title="Deadline calculation",
            protective_marking="OFFICIAL",
        )
    text = documents.pdf_text(pdf)
    assert "OFFICIAL-SENSITIVE" not in text
    assert text.count("OFFICIAL") == 2


def test_remote_images_are_skipped_without_touching_the_network(partnership_a, monkeypatch):
    connections = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **kw: connections.append(a))
    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: connections.append(a))
    with with_sample_templates():
        pdf = documents.render_pdf(
            template="test/remote_image.html", context={}, partnership=partnership_a, title="Letter"
        )
    assert connections == []
    assert "Text after the remote images" in documents.pdf_text(pdf)
    assert not PdfReader(io.BytesIO(pdf)).pages[0].images


@pytest.mark.parametrize(
    "url", ["http://example.com/x.png", "https://example.com/x.png", "file:///etc/passwd", "ftp://x/y"]
)
def test_the_fetcher_refuses_everything_but_data_uris(url):
    with pytest.raises(ValueError, match="refused"):
        documents.OfflineURLFetcher().fetch(url)


def test_the_fetcher_reads_data_uris():
    response = documents.OfflineURLFetcher().fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"


def test_the_partnership_logo_is_embedded(partnership_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = io.BytesIO()
    Image.new("RGB", (120, 40), "#1d70b8").save(png, format="PNG")
    partnership_a.logo.save("alpha.png", ContentFile(png.getvalue()), save=True)
    with with_sample_templates():
        pdf = documents.render_pdf(
            template="test/remote_image.html", context={}, partnership=partnership_a, title="Letter"
        )
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_a_missing_logo_file_is_left_out(partnership_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partnership_a.logo.name = f"logos/{uuid.uuid4()}.png"
    assert documents._logo_data_uri(partnership_a) == ""


def test_document_template_for_uses_the_override_else_the_key(partnership_a):
    framework = partnership_a.framework
    assert documents.document_template_for(framework, "rapid_review") == "documents/rapid_review.html"
    framework.rules["documents"] = [
        {
            **vars(DocumentTemplate("rapid_review", "Rapid Review Template", "Appendix 2")),
            "template": "x.html",
        }
    ]
    assert documents.document_template_for(framework, "rapid_review") == "x.html"


def test_a_statutory_document_takes_its_title_and_number_from_the_procedure(partnership_a):
    framework = partnership_a.framework
    framework.rules["documents"] = [
        {
            **vars(DocumentTemplate("chronology", "Sample Chronology Templates", "Document 9")),
            "template": "test/long_table.html",
        }
    ]
    with with_sample_templates():
        pdf = documents.render_statutory_document(
            partnership=partnership_a, key="chronology", context={"rows": range(3)}, reference="ALPH-2026-001"
        )
    assert (
        PdfReader(io.BytesIO(pdf)).metadata.title
        == "Document 9 — Sample Chronology Templates (ALPH-2026-001)"
    )
    with pytest.raises(LookupError):
        documents.render_statutory_document(partnership=partnership_a, key="no_such_document", context={})


def test_no_date_in_the_explanation_is_lost(deadline_record, case, partnership_a):
    with scope(partnership_a):
        explanation = case.deadlines.get().explanation
    text = flat(documents.pdf_text(deadline_record))
    for date_text in re.findall(r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}", explanation):
        assert date_text in text


def test_a_template_without_the_base_layout_is_refused(partnership_a):
    with with_sample_templates(), pytest.raises(ValueError, match="must extend documents/base.html"):
        documents.render_pdf(
            template="test/no_base.html", context={}, partnership=partnership_a, title="Letter"
        )
