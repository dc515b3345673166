"""The whole journey through the real views: the business office sends chronology requests to two agencies,
each agency contact answers only its own (online and from a file), signs off and submits; the review team
sends one back, the agency revises and resubmits, every version stays readable; the integrated chronology
brings both together, filterable and exportable."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chronologies.models import AgencyRequest, Submission
from cspr import tasks
from cspr.documents import pdf_text
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from tests.chronologies.factories import review_gathering
from tests.factories import member

pytestmark = pytest.mark.django_db
State = AgencyRequest.State


def url(name: str, partnership, **kwargs) -> str:
    return reverse(f"chronologies:{name}", kwargs={"partnership_slug": partnership.slug, **kwargs})


def sign_off() -> dict:
    return {
        "signed_off_by_name": "Pat Senior",
        "signed_off_by_role": "Head of Safeguarding",
        "signed_off_on_0": "17",
        "signed_off_on_1": "12",
        "signed_off_on_2": "2026",
        "confirm": "on",
    }


def entry(day: str, event: str) -> dict:
    d, m, y = day.split("/")
    return {"occurred_on_0": d, "occurred_on_1": m, "occurred_on_2": y, "occurred_time": "", "event": event}


@pytest.fixture
def contact_b(partnership_a, other_agency_a):
    return member(partnership_a, Role.AGENCY_CONTACT, agency=other_agency_a, username="agency2_a")


def requests_by_agency(review) -> dict:
    with scopes_disabled():
        return {r.agency_id: r for r in AgencyRequest.objects.filter(review=review)}


def test_two_agencies_answer_through_the_portal(
    client,
    partnership_a,
    agency_a,
    other_agency_a,
    agency_contact_a,
    contact_b,
    bo_a,
    django_capture_on_commit_callbacks,
):
    review = review_gathering(partnership_a)
    # The business office asks both agencies for their chronologies.
    client.force_login(bo_a)
    page = client.get(url("new_requests", partnership_a, review_id=review.public_id))
    assert page.status_code == 200 and "20 working days" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("new_requests", partnership_a, review_id=review.public_id),
            {
                "agencies": [agency_a.pk, other_agency_a.pk],
                "kinds": ["chronology"],
                "period_under_review": "2025 to 2026",
            },
        )
    assert response.status_code == 302
    tasks.process_outbox()
    letters = [m for m in mail.outbox if "request for your agency's chronology" in m.subject]
    assert len(letters) == 2
    name, pdf, _ = letters[0].attachments[0]
    assert "request for a chronology" in pdf_text(pdf) and "2025 to 2026" in pdf_text(pdf)
    ours, theirs = requests_by_agency(review)[agency_a.pk], requests_by_agency(review)[other_agency_a.pk]

    # Agency A sees only its own request, on the portal home and by URL.
    client.force_login(agency_contact_a)
    home = client.get(reverse("portal:home")).content.decode()
    assert str(ours.public_id) in home and str(theirs.public_id) not in home
    assert "Wed 20 Jan 2027" in home
    assert client.get(url("request", partnership_a, agency_request_id=theirs.public_id)).status_code == 404
    assert client.get(url("integrated", partnership_a, review_id=review.public_id)).status_code == 404

    # It adds an entry online and uploads a file with a broken row: the good rows are kept.
    response = client.post(
        url("entry_add", partnership_a, agency_request_id=ours.public_id), entry("02/03/2026", "Home visit")
    )
    assert response.status_code == 302
    bad = client.post(
        url("entry_add", partnership_a, agency_request_id=ours.public_id),
        entry("31/02/2026", "Kept typed text"),
    )
    assert bad.status_code == 200 and "Kept typed text" in bad.content.decode()
    csv = "Date,Event,Source\n05/03/2026,=cmd|' /C calc'!A0,GP record\nnot a date,Broken,\n06/03/2026,Clinic,Clinic notes\n"
    upload = SimpleUploadedFile("ours.csv", csv.encode(), content_type="text/csv")
    imported = client.post(url("import", partnership_a, agency_request_id=ours.public_id), {"file": upload})
    page = imported.content.decode()
    assert imported.status_code == 200 and "Line 3" in page and "Broken" in page
    assert "2 good rows were added" in page

    # It cannot submit without the senior officer's sign-off; then it can.
    refused = client.post(
        url("submit", partnership_a, agency_request_id=ours.public_id), {**sign_off(), "confirm": ""}
    )
    assert refused.status_code == 200 and "Confirm the senior officer" in refused.content.decode()
    assert (
        client.post(url("submit", partnership_a, agency_request_id=ours.public_id), sign_off()).status_code
        == 302
    )

    # Agency B answers its own.
    client.force_login(contact_b)
    assert client.get(url("request", partnership_a, agency_request_id=ours.public_id)).status_code == 404
    client.post(
        url("entry_add", partnership_a, agency_request_id=theirs.public_id),
        entry("04/03/2026", "School absence"),
    )
    client.post(url("submit", partnership_a, agency_request_id=theirs.public_id), sign_off())

    # The review team sends A's back with comments; A sees them, revises and resubmits.
    client.force_login(bo_a)
    response = client.post(
        url("quality_assure", partnership_a, agency_request_id=ours.public_id),
        {"decision": "send_back", "comments": "Add who made the home visit"},
    )
    assert response.status_code == 302
    client.force_login(agency_contact_a)
    page = client.get(url("request", partnership_a, agency_request_id=ours.public_id)).content.decode()
    assert "Changes needed" in page and "Add who made the home visit" in page
    client.post(
        url("entry_add", partnership_a, agency_request_id=ours.public_id),
        entry("07/03/2026", "Second home visit"),
    )
    assert (
        client.post(url("submit", partnership_a, agency_request_id=ours.public_id), sign_off()).status_code
        == 302
    )
    with scopes_disabled():
        versions = list(Submission.objects.filter(request=ours).order_by("number"))
    assert [(v.number, v.entry_count, v.outcome) for v in versions] == [(1, 3, "returned"), (2, 4, "pending")]
    first = client.get(
        url("submission", partnership_a, agency_submission_id=versions[0].public_id)
    ).content.decode()
    assert "version 1" in first and "Second home visit" not in first and "Pat Senior" in first

    # The review team accepts; the integrated chronology has both agencies' latest entries, in date order.
    client.force_login(bo_a)
    client.post(
        url("quality_assure", partnership_a, agency_request_id=ours.public_id), {"decision": "accept"}
    )
    response = client.get(url("integrated", partnership_a, review_id=review.public_id))
    page = response.content.decode()
    assert response.context["page"].paginator.count == 5
    assert (
        page.index("Home visit")
        < page.index("School absence")
        < page.index("Clinic")
        < page.index("Second home visit")
    )
    assert agency_a.name in page and other_agency_a.name in page
    filtered = client.get(
        url("integrated", partnership_a, review_id=review.public_id), {"agency": other_agency_a.pk}
    )
    assert filtered.context["page"].paginator.count == 1
    dated = client.get(
        url("integrated", partnership_a, review_id=review.public_id),
        {"date_from": "05/03/2026", "q": "visit"},
    )
    assert dated.context["page"].paginator.count == 1

    pdf = client.get(url("integrated_pdf", partnership_a, review_id=review.public_id))
    assert pdf["Content-Disposition"].startswith("attachment")
    text = pdf_text(pdf.content)
    assert (
        "Integrated multi-agency chronology" in text
        and "School absence" in text
        and other_agency_a.name in text
    )
    xlsx = client.get(url("integrated_xlsx", partnership_a, review_id=review.public_id))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    events = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in events  # the formula is text, never run


def test_the_information_report_is_answered_online_and_rendered_to_pdf(
    client, partnership_a, agency_a, agency_contact_a, bo_a
):
    review = review_gathering(partnership_a)
    client.force_login(bo_a)
    client.post(
        url("new_requests", partnership_a, review_id=review.public_id),
        {"agencies": [agency_a.pk], "kinds": ["information_report"]},
    )
    request = requests_by_agency(review)[agency_a.pk]
    client.force_login(agency_contact_a)
    partial = {"completed_by_name": "Sam Writer", "analysis": "The referral was not followed up."}
    assert (
        client.post(
            url("report", partnership_a, agency_request_id=request.public_id), {**partial, "save": "1"}
        ).status_code
        == 302
    )
    refused = client.post(url("submit", partnership_a, agency_request_id=request.public_id), sign_off())
    assert refused.status_code == 200 and "Answer every question" in refused.content.decode()
    from chronologies import report

    answers = {
        q.key: "yes" if q.kind == report.YES_NO else "on" if q.kind == report.CONFIRM else f"Answer {q.key}"
        for q in report.QUESTIONS.values()
    }
    client.post(url("report", partnership_a, agency_request_id=request.public_id), answers)
    assert (
        client.post(url("submit", partnership_a, agency_request_id=request.public_id), sign_off()).status_code
        == 302
    )
    with scopes_disabled():
        submission = Submission.objects.get(request=request)
    pdf = client.get(url("submission_pdf", partnership_a, agency_submission_id=submission.public_id))
    text = pdf_text(pdf.content)
    assert "Information Report Template" in text and "Answer analysis" in text and "Pat Senior" in text
    assert "Date endorsed by the agency" in text


def test_other_roles_are_refused_what_is_not_theirs(
    client, partnership_a, agency_a, agency_contact_a, reader_a
):
    review = review_gathering(partnership_a)
    from tests.chronologies.factories import AgencyRequestFactory

    request = AgencyRequestFactory(partnership=partnership_a, agency=agency_a, submitted=True, review=review)
    client.force_login(reader_a)  # the auditor reads, but neither sends nor quality-assures
    assert client.get(url("request", partnership_a, agency_request_id=request.public_id)).status_code == 200
    assert client.get(url("new_requests", partnership_a, review_id=review.public_id)).status_code == 403
    assert (
        client.post(
            url("quality_assure", partnership_a, agency_request_id=request.public_id), {"decision": "accept"}
        ).status_code
        == 403
    )
    client.force_login(agency_contact_a)  # the agency cannot quality-assure its own submission
    assert (
        client.post(
            url("quality_assure", partnership_a, agency_request_id=request.public_id), {"decision": "accept"}
        ).status_code
        == 403
    )
