"""Versions of the draft report: each save is a new, immutable version; a second saver sees a conflict page
with both texts and nothing is overwritten; only the appointed reviewer drafts; a Word document becomes
sections."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from cspr.tenancy import scopes_disabled
from cspr.workflow import TransitionRefused
from reviews import report_services
from reviews.models import ReportVersion, Review
from tests.reviews.report_factories import FIRST_DRAFT, cast, draft, draft_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(partnership_a):
    return cast(partnership_a)


def url(name, c, **kw):
    return reverse(
        f"reviews:{name}",
        kwargs={"partnership_slug": c.partnership.slug, "review_id": c.review.public_id, **kw},
    )


def test_the_first_save_starts_the_draft_report_and_later_saves_keep_earlier_versions(c):
    first = draft(c)
    assert c.review.state == Review.State.DRAFT_REPORT
    second = draft(c, {**FIRST_DRAFT, "good_practice": "The school noticed the bruise."})
    with scopes_disabled():
        assert [v.number for v in ReportVersion.unscoped.filter(review=c.review)] == [1, 2]
        assert "good_practice" not in {s.key for s in first.sections.all() if s.body}
        assert second.sections.get(key="good_practice").body == "The school noticed the bruise."
        assert first.sections.get(key="working_together").body == FIRST_DRAFT["working_together"]


def test_a_save_without_changes_is_refused(c):
    draft(c)
    with pytest.raises(TransitionRefused, match="Nothing has changed since version 1"):
        draft(c)


def test_a_stale_save_is_refused_not_overwritten(c):
    draft(c)
    with scopes_disabled(), pytest.raises(report_services.StaleReport) as stale:
        report_services.save_version(
            review=c.review,
            by=c.lead,
            title="Mine",
            sections=[report_services.SectionText("what_happened", "What happened", "My text")],
            based_on=0,
        )
    assert stale.value.current.number == 1


def test_the_second_saver_sees_both_texts_and_keeps_theirs(client, c):
    client.force_login(c.lead)
    page = client.get(url("report_edit", c))
    assert page.context["form"].initial["based_on"] == 0
    draft(c, {**FIRST_DRAFT, "what_happened": "Their text, saved first."})  # someone saved meanwhile
    response = client.post(
        url("report_edit", c), draft_fields(c, {"what_happened": "My own text."}, based_on=0)
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Their text, saved first." in body and "My own text." in body
    assert response.context["form"].initial["based_on"] == 1
    with scopes_disabled():
        assert ReportVersion.unscoped.filter(review=c.review).count() == 1
    # Saving the combined text from the conflict page makes version 2.
    response = client.post(url("report_edit", c), draft_fields(c, {"what_happened": "Combined."}, based_on=1))
    assert response.status_code == 302
    with scopes_disabled():
        assert report_services.latest_version(c.review).sections.get(key="what_happened").body == "Combined."


def test_only_the_appointed_reviewer_drafts(client, c):
    client.force_login(c.panel)
    assert client.get(url("report_edit", c)).status_code == 403  # panel members hold no review.conduct
    client.force_login(c.bo)
    assert client.get(url("report_edit", c)).status_code == 404  # the office conducts but does not draft
    with scopes_disabled(), pytest.raises(TransitionRefused, match="Only the lead reviewer"):
        report_services.save_version(
            review=c.review,
            by=c.bo,
            title="x",
            sections=[report_services.SectionText("what_happened", "What happened", "x")],
            based_on=0,
        )


def test_empty_report_is_refused_with_a_message_and_the_text_kept(client, c):
    client.force_login(c.lead)
    response = client.post(url("report_edit", c), {**draft_fields(c, {}, based_on=0), "title": "Kept title"})
    assert response.status_code == 200
    assert report_services.EMPTY_REPORT in response.content.decode()
    assert response.context["form"]["title"].value() == "Kept title"


def _docx(paragraphs: list[tuple[str, str]]) -> io.BytesIO:
    document = docx.Document()
    for style, text in paragraphs:
        if style == "h":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "report.docx"
    return buffer


def test_an_uploaded_word_document_becomes_sections(client, c):
    client.force_login(c.lead)
    upload = _docx(
        [
            ("p", "Prepared for the partnership."),
            ("h", "What happened"),
            ("p", "Child C lived with Mother."),
            ("p", "The school noticed a bruise."),
            ("h", "Recommendations"),
            ("p", "Review the protocol."),
        ]
    )
    response = client.post(
        url("report_upload", c), {"document": upload, "title": "Uploaded", "note": "", "based_on": "0"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        version = report_services.latest_version(c.review)
        sections = {s.key: s for s in version.sections.all()}
    assert list(sections) == ["introduction", "what_happened", "recommendations"]
    assert sections["what_happened"].paragraphs() == [
        "Child C lived with Mother.",
        "The school noticed a bruise.",
    ]


def test_a_file_that_is_not_a_word_document_is_refused(client, c):
    client.force_login(c.lead)
    bad = io.BytesIO(b"not a zip")
    bad.name = "report.docx"
    response = client.post(
        url("report_upload", c), {"document": bad, "title": "T", "note": "", "based_on": "0"}
    )
    assert response.status_code == 200
    assert "must be a Word document" in response.content.decode()
