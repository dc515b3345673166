"""Files on a return: sniffed type and size checked, stored privately, downloaded only by those with access."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cspr.models import CaseEvent
from rapid_review import uploads
from rapid_review.models import ScopingAttachment, ScopingRequest
from tests.factories import member
from tests.rapid_review.factories import PDF_BYTES, ScopingAttachmentFactory, ScopingRequestFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 64 + b"PE\x00\x00L\x01"
)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(datetime(2026, 12, 21, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def sent(partnership_a, agency_a, agency_contact_a):
    return ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)


def page_url(request: ScopingRequest) -> str:
    return reverse("rapid_review:request", args=[request.partnership.slug, request.public_id])


def download_url(attachment: ScopingAttachment) -> str:
    return reverse("rapid_review:attachment", args=[attachment.partnership.slug, attachment.public_id])


def upload(
    client,
    request: ScopingRequest,
    name: str,
    content: bytes,
    content_type: str = "application/pdf",
    **fields,
):
    data = {
        "involvement_summary": "Typed before the upload.",
        "version": request.version,
        "action": "upload",
        "attachment": SimpleUploadedFile(name, content, content_type=content_type),
        **fields,
    }
    return client.post(page_url(request), data)


def test_it_attaches_a_pdf_privately(client, sent, agency_contact_a, settings):
    client.force_login(agency_contact_a)
    response = upload(client, sent, "../../Chronology (final).PDF", PDF_BYTES)
    assert response.status_code == 302
    (attached,) = ScopingAttachment.unscoped.filter(request=sent)
    assert attached.original_name == "Chronology (final).pdf"
    assert attached.content_type == "application/pdf"
    assert attached.file.name.startswith(f"private/scoping/{sent.partnership_id}/")
    assert "Chronology" not in attached.file.name  # opaque storage name
    assert attached.file.path.startswith(str(settings.MEDIA_ROOT))
    assert ScopingRequest.unscoped.get(pk=sent.pk).involvement_summary == "Typed before the upload."
    assert CaseEvent.unscoped.filter(code="scoping.attachment_added", subject_id=sent.public_id).exists()


def test_it_accepts_a_png(client, sent, agency_contact_a):
    client.force_login(agency_contact_a)
    assert upload(client, sent, "photo.png", PNG_BYTES, "image/png").status_code == 302
    assert ScopingAttachment.unscoped.get(request=sent).content_type == "image/png"


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("setup.exe", EXE_BYTES, "application/x-msdownload"),
        ("report.pdf", b"Just some plain text pretending to be a PDF.\n" * 5, "application/pdf"),  # renamed
        ("report.pdf", PNG_BYTES, "application/pdf"),  # a real PNG under a PDF name
    ],
)
def test_it_refuses_the_wrong_type_and_keeps_the_text(
    client, sent, agency_contact_a, name, content, content_type
):
    client.force_login(agency_contact_a)
    response = upload(client, sent, name, content, content_type)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and uploads.WRONG_TYPE in page
    assert "Typed before the upload." in page
    assert not ScopingAttachment.unscoped.filter(request=sent).exists()


def test_it_refuses_an_oversize_file_and_keeps_the_text(client, sent, agency_contact_a, settings):
    settings.CSPR_UPLOAD_MAX_BYTES = 100
    client.force_login(agency_contact_a)
    response = upload(client, sent, "big.pdf", PDF_BYTES + b"%" * 200)
    page = response.content.decode()
    assert uploads.TOO_BIG.format(limit="100\xa0bytes") in page
    assert "Typed before the upload." in page
    assert not ScopingAttachment.unscoped.filter(request=sent).exists()


def test_it_asks_for_a_file(client, sent, agency_contact_a):
    client.force_login(agency_contact_a)
    response = client.post(
        page_url(sent), {"involvement_summary": "Kept", "version": sent.version, "action": "upload"}
    )
    assert uploads.NO_FILE in response.content.decode()


def test_download_is_an_attachment_not_sniffed(client, sent, agency_contact_a):
    attached = ScopingAttachmentFactory(request=sent, original_name="chronology.pdf")
    client.force_login(agency_contact_a)
    response = client.get(download_url(attached))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="chronology.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    response.close()


def test_the_business_office_can_download(client, sent, bo_a):
    attached = ScopingAttachmentFactory(request=sent)
    client.force_login(bo_a)
    response = client.get(download_url(attached))
    assert response.status_code == 200
    response.close()


def test_another_agency_cannot_download(client, partnership_a, sent, other_agency_a):
    attached = ScopingAttachmentFactory(request=sent)
    client.force_login(member(partnership_a, "agency_contact", agency=other_agency_a))
    assert client.get(download_url(attached)).status_code == 404


def test_it_hides_other_partnership(client, partnership_b, agency_contact_a, bo_a):
    attached = ScopingAttachmentFactory(
        request=ScopingRequestFactory(partnership=partnership_b, in_progress=True)
    )
    for user in (agency_contact_a, bo_a):
        client.force_login(user)
        assert client.get(download_url(attached)).status_code == 404
        assert client.get(download_url(attached).replace("/p/bravo/", "/p/alpha/")).status_code == 404


def test_no_upload_after_submission(client, partnership_a, agency_a, agency_contact_a):
    returned = ScopingRequestFactory(partnership=partnership_a, agency=agency_a, submitted=True)
    client.force_login(agency_contact_a)
    assert upload(client, returned, "late.pdf", PDF_BYTES).status_code == 405
    assert not ScopingAttachment.unscoped.filter(request=returned).exists()


def test_clean_name():
    assert uploads.clean_name("C:\\Users\\me\\My Report.DOCX") == "My Report.docx"
    assert uploads.clean_name('evil"; name=x.pdf') == "evil_ name_x.pdf"
    assert uploads.clean_name("...") == "attachment"
