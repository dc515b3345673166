"""The rapid review PDFs for each seed procedure (real WeasyPrint, read back as text) and the outbox emails."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.storage import default_storage

from cspr.documents import pdf_page_texts, pdf_text
from cspr.frameworks import DocumentTemplate
from cspr.tasks import process_outbox
from cspr.tenancy import scope, scopes_disabled
from rapid_review import documents, workflow
from rapid_review.models import Dispatch, RapidReview
from tests.factories import AgencyFactory, PartnershipFactory, member
from tests.rapid_review.document_factories import RapidReviewFactory, ScopingRequestFactory, complete_case

PROCEDURES = ["west-midlands", "llr", "cambridgeshire-peterborough", "northamptonshire", "lewisham"]

# The rapid review's own title in each procedure (cspr/framework_seeds.py).
RAPID_REVIEW_TITLES = {
    "west-midlands": "Rapid Review Template",
    "llr": "Combined Summary for National Panel",
    "cambridgeshire-peterborough": "Rapid Review Template",
    "northamptonshire": "Rapid Review report",
    "lewisham": "Rapid Review Report Template",
}
PANEL_MAILBOX = "Mailbox.NationalReviewPanel@education.gov.uk"


def flat(text: str) -> str:
    """PDF text with line wraps joined up again."""
    return re.sub(r"\s+", " ", text)


def assert_marked_and_numbered(pdf: bytes) -> None:
    pages = pdf_page_texts(pdf)
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)
    assert f"Page 1 of {len(pages)}" in pages[0]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def decided_case(procedure: str, **traits) -> RapidReview:
    return complete_case(
        PartnershipFactory(slug=f"p-{procedure}", procedure=procedure), decided=True, **traits
    )


# --- The rapid review itself, for every procedure ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_rapid_review_is_the_procedures_own_form_filled_in(procedure):
    rapid_review = decided_case(procedure, submitted=True)
    with scope(rapid_review.partnership):
        filename, pdf = documents.rapid_review_pdf(rapid_review)
        chosen = documents.outcome_label(rapid_review)
    text = flat(pdf_text(pdf))
    assert RAPID_REVIEW_TITLES[procedure] in text
    assert "Jamie Example" in text and "17 May 2020" in text
    assert "Alex Example" in text and "Mother" in text
    assert "Detective Inspector Kit Lane" in text and "Head of Safeguarding" in text
    assert re.search(rf"☒ (\w\) )?{re.escape(chosen)}", text)  # ticked, after the form's letter if any
    assert "Agencies did not share information about earlier bruising." in text
    assert "Education was invited but the school is closed" in text
    assert "☒ Highlights or may highlight concerns regarding two or more organisations" in text
    assert "Date this form was submitted to the National Panel 13 March 2026" in text
    assert_marked_and_numbered(pdf)
    assert filename == f"{rapid_review.case.reference}-rapid-review.pdf"
    assert "Jamie" not in filename


@pytest.mark.django_db
def test_every_outcome_of_the_procedure_is_listed_with_only_the_chosen_one_ticked():
    rapid_review = decided_case("west-midlands", outcome="d", outcome_text="a Safeguarding Adults Review")
    with scope(rapid_review.partnership):
        text = flat(pdf_text(documents.rapid_review_pdf(rapid_review)[1]))
    assert "☒ d) Warrants consideration of DHR, SAR, MAPPA SFO or other: a Safeguarding Adults Review" in text
    assert "☐ a) Meets the criteria for a national Child Safeguarding Practice Review" in text
    assert "☐ j) Other" in text
    assert "Audit: the systematic examination" in text  # Document 4 defines its terms under the list


@pytest.mark.django_db
def test_the_rapid_review_states_the_procedures_quorum_and_the_positions():
    rapid_review = decided_case("llr")
    with scope(rapid_review.partnership):
        text = flat(pdf_text(documents.rapid_review_pdf(rapid_review)[1]))
    assert (
        "at least 3 partner representatives, including at least 2 of the three safeguarding partners" in text
    )
    assert "Robin Director" in text and "Agrees" in text
    assert "Test Hospital NHS Trust, returned Mon 9 Mar 2026" in text
    assert "Not yet submitted" in text


# --- The referral form and the scoping documents ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_referral_form_carries_the_referral(procedure):
    rapid_review = decided_case(procedure)
    partnership = rapid_review.partnership
    referral = rapid_review.case.referral
    with scope(partnership):
        filename, pdf = documents.render("referral_form", referral)
    text = flat(pdf_text(pdf))
    assert partnership.framework.document("referral_form").title in text
    assert "Jamie Example" in text and "17 May 2020" in text
    assert (
        "Alex Example" in text and "Example Primary School" in text and "Seen by the GP with bruising" in text
    )
    assert "Abuse is suspected and the child was seriously harmed." in text
    assert_marked_and_numbered(pdf)
    assert filename == f"{rapid_review.case.reference}-referral-form.pdf"


@pytest.mark.django_db
def test_lewisham_referrals_go_to_both_mailboxes():
    rapid_review = decided_case("lewisham")
    with scope(rapid_review.partnership):
        text = flat(pdf_text(documents.render("referral_form", rapid_review.case.referral)[1]))
    assert "Appendix 1" in text and "Referral of a Serious Incident Form" in text
    assert "safeguardingpartnership@lewisham.gov.uk and mashagency@lewisham.gov.uk" in text


@pytest.mark.django_db
@pytest.mark.parametrize("procedure", ["west-midlands", "llr", "lewisham"])
def test_the_scoping_form_and_letter_use_the_procedures_titles(procedure):
    rapid_review = decided_case(procedure)
    partnership = rapid_review.partnership
    with scope(partnership):
        request = rapid_review.requests.get()
        form_name, form = documents.render("scoping_request", request)
        letter_name, letter = documents.render("scoping_letter", request)
    form_text, letter_text = flat(pdf_text(form)), flat(pdf_text(letter))
    assert partnership.framework.document("scoping_request").title in form_text
    assert "Jamie Example" in form_text and "Alex Example" in form_text
    assert "Seen in the emergency department twice in January." in form_text
    assert partnership.framework.document("scoping_letter").title in letter_text
    assert rapid_review.case.reference in letter_text and "Jamie" not in letter_text
    assert f"/p/{partnership.slug}/rapid-review/requests/{request.public_id}/" in letter_text
    for pdf in (form, letter):
        assert_marked_and_numbered(pdf)
    assert form_name == f"{rapid_review.case.reference}-scoping-request-test-hospital-nhs-trust.pdf"
    assert letter_name == f"{rapid_review.case.reference}-scoping-letter-test-hospital-nhs-trust.pdf"


@pytest.mark.django_db
def test_an_unanswered_scoping_form_has_boxes_to_fill_in():
    rapid_review = RapidReviewFactory(partnership=PartnershipFactory(slug="p-blank"))
    request = ScopingRequestFactory(rapid_review=rapid_review)
    with scope(rapid_review.partnership):
        text = flat(pdf_text(documents.scoping_request_pdf(request)[1]))
    assert "Records for this child and family have been secured: Yes / No" in text
    assert "Seen in the emergency department" not in text


@pytest.mark.django_db
def test_a_procedure_without_a_scoping_letter_still_gets_a_plainly_titled_one():
    rapid_review = decided_case("northamptonshire")
    with scope(rapid_review.partnership):
        text = flat(pdf_text(documents.render("scoping_letter", rapid_review.requests.get())[1]))
    assert documents.DEFAULT_TITLES["scoping_letter"] in text
    assert "Enclosed: Appendix 2b: Additional Information request" in text


# --- The covering letter to the National Panel --------------------------------------------------------


@pytest.mark.django_db
def test_the_covering_letter_goes_to_the_chair_at_the_panels_postal_address():
    rapid_review = decided_case("west-midlands", submitted=True, endorsed_by="the Independent Scrutineer")
    with scope(rapid_review.partnership):
        filename, pdf = documents.national_panel_letter_pdf(rapid_review)
    text = flat(pdf_text(pdf))
    assert "Document 5" in text
    assert "Template Letter – Submitting the Rapid Review Template to the National Panel" in text
    assert "Sanctuary Buildings 20 Great Smith Street London SW1P 3BT" in text
    assert f"Decision of the rapid review of case {rapid_review.case.reference}" in text
    assert "were notified on 2 March 2026" in text
    assert "notified the National Panel of the incident on 3 March 2026" in text
    assert "met on 12 March 2026" in text
    assert "a representative of each of the safeguarding partners" in text
    assert (
        "concluded that the case meets the criteria for a local child safeguarding practice review." in text
    )
    assert "This decision has been endorsed by the Independent Scrutineer." in text
    assert "Enclosed: Document 4: Rapid Review Template" in text
    assert "Jamie" not in text
    assert_marked_and_numbered(pdf)
    assert filename == f"{rapid_review.case.reference}-national-panel-letter.pdf"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "conclusion"),
    [
        ("a", "meets the criteria for a national review"),
        (
            "e",
            "does not meet the criteria for a review. The outcome recorded under our procedure is: “Warrants a Single-Agency Review”",
        ),
        ("h", "does not meet the criteria for a review"),
    ],
)
def test_the_covering_letter_maps_the_outcome_to_the_panels_three_options(outcome, conclusion):
    rapid_review = decided_case("lewisham", outcome=outcome)
    with scope(rapid_review.partnership):
        text = flat(pdf_text(documents.national_panel_letter_pdf(rapid_review)[1]))
    assert f"concluded that the case {conclusion}" in text
    assert "endorsed by" not in text  # no endorsement recorded: the sentence is left out


@pytest.mark.django_db
def test_the_covering_letter_without_a_postal_address_goes_to_the_mailbox():
    rapid_review = decided_case("llr")
    with scope(rapid_review.partnership):
        text = flat(pdf_text(documents.national_panel_letter_pdf(rapid_review)[1]))
    assert "Covering Letter" in text
    assert f"The Chair Child Safeguarding Practice Review Panel By email: {PANEL_MAILBOX}" in text
    assert "Enclosed: Combined Summary for National Panel" in text


@pytest.mark.django_db
def test_render_refuses_an_unknown_document():
    with pytest.raises(LookupError):
        documents.render("terms_of_reference", object())


@pytest.mark.django_db
def test_a_procedures_own_template_override_is_used(monkeypatch):
    rapid_review = decided_case("west-midlands")
    framework = rapid_review.partnership.framework
    override = DocumentTemplate(
        "rapid_review", "Rapid Review Template", "Document 4", "documents/referral_form.html"
    )
    monkeypatch.setattr(type(framework), "documents", property(lambda self: [override]))
    with scope(rapid_review.partnership):
        text = flat(pdf_text(documents.rapid_review_pdf(rapid_review)[1]))
    assert "Section 1: Brief overview of child and family composition" in text


# --- The outbox: the request email, the National Panel submission and the outcome ----------------------


@pytest.fixture
def bo(db):
    partnership = PartnershipFactory(slug="p-outbox", procedure="west-midlands")
    return member(partnership, "business_office", username="bo_outbox"), partnership


@pytest.mark.django_db
def test_sending_a_request_emails_the_agency_the_letter_form_and_portal_link(bo, mailoutbox, media, settings):
    settings.SITE_URL = "https://cspr.example"
    user, partnership = bo
    rapid_review = RapidReviewFactory(partnership=partnership)
    agency = AgencyFactory(
        partnership=partnership, name="Test Hospital NHS Trust", email="safeguarding@hospital.example"
    )
    with scope(partnership):
        [request] = workflow.send_scoping_requests(
            rapid_review=rapid_review,
            agencies=[agency],
            case_summary="Jamie was admitted with a head injury.",
            period_under_review="The last 12 months",
            by=user,
        )
    process_outbox()
    [email] = mailoutbox
    assert email.to == ["safeguarding@hospital.example"]
    assert email.reply_to == [partnership.mailbox]
    link = f"https://cspr.example/p/{partnership.slug}/rapid-review/requests/{request.public_id}/"
    assert link in email.body and link in email.alternatives[0][0]
    names = [name for name, _, _ in email.attachments]
    assert names == [
        f"{rapid_review.case.reference}-scoping-letter-test-hospital-nhs-trust.pdf",
        f"{rapid_review.case.reference}-scoping-request-test-hospital-nhs-trust.pdf",
    ]
    assert "Jamie" not in email.subject + email.body
    process_outbox()
    assert len(mailoutbox) == 1
    with scopes_disabled():
        assert Dispatch.objects.get(kind=Dispatch.Kind.SCOPING_REQUEST).to == [
            "safeguarding@hospital.example"
        ]


@pytest.mark.django_db
def test_submitting_sends_both_pdfs_to_the_national_panel_once_and_tells_everyone_the_outcome(
    bo, mailoutbox, media
):
    user, partnership = bo
    rapid_review = complete_case(partnership, decided=True)
    reference = rapid_review.case.reference
    with scope(partnership):
        workflow.submit_to_national_panel(rapid_review=rapid_review, by=user)
    process_outbox()

    panel_email = next(m for m in mailoutbox if m.to == [PANEL_MAILBOX])
    assert panel_email.reply_to == [partnership.mailbox]
    assert [mimetype for _, _, mimetype in panel_email.attachments] == ["application/pdf"] * 2
    texts = [flat(pdf_text(content)) for _, content, _ in panel_email.attachments]
    assert all(reference in text for text in texts)
    assert "Rapid Review Template" in texts[0] and "Decision of the rapid review" in texts[1]

    outcome_emails = [m for m in mailoutbox if m is not panel_email]
    recipients = sorted(address for m in outcome_emails for address in m.to)
    hospital = rapid_review.requests.model.unscoped.get(rapid_review=rapid_review).agency.email
    assert recipients == sorted(["pat.referrer@example.org", hospital])
    assert all(
        "Meets the criteria for a local Child Safeguarding Practice Review" in m.body for m in outcome_emails
    )

    process_outbox()
    assert len(mailoutbox) == 3  # a second sweep sends nothing more

    with scopes_disabled():
        submission = Dispatch.objects.get(kind=Dispatch.Kind.NATIONAL_PANEL_SUBMISSION)
        assert Dispatch.objects.filter(kind=Dispatch.Kind.OUTCOME).count() == 2
    assert submission.to == [PANEL_MAILBOX] and submission.sent_at is not None
    assert [d["name"] for d in submission.documents] == [
        f"{reference}-rapid-review.pdf",
        f"{reference}-national-panel-letter.pdf",
    ]
    for stored in submission.documents:
        assert stored["path"].startswith(f"private/dispatches/{partnership.pk}/")
        with default_storage.open(stored["path"], "rb") as pdf:
            assert reference in pdf_text(pdf.read())


@pytest.mark.django_db
def test_a_failed_send_is_retried_without_repeating_what_was_sent(bo, mailoutbox, media, monkeypatch):
    user, partnership = bo
    rapid_review = complete_case(partnership, decided=True)
    with scope(partnership):
        workflow.submit_to_national_panel(rapid_review=rapid_review, by=user)

    from cspr import notifications

    real_send = notifications.send_email

    def fail_for_the_referrer(**kwargs):
        if kwargs["to"] == ["pat.referrer@example.org"]:
            raise ConnectionError("mail server down")
        real_send(**kwargs)

    monkeypatch.setattr(notifications, "send_email", fail_for_the_referrer)
    process_outbox()
    assert [m.to for m in mailoutbox] == [[PANEL_MAILBOX]]  # the referrer's email failed: the event waits
    monkeypatch.setattr(notifications, "send_email", real_send)
    process_outbox()

    recipients = [address for m in mailoutbox for address in m.to]
    assert recipients.count(PANEL_MAILBOX) == 1  # not sent again on the retry
    assert recipients.count("pat.referrer@example.org") == 1
    assert len(recipients) == 3
    with scopes_disabled():
        assert Dispatch.objects.filter(kind=Dispatch.Kind.OUTCOME, sent_at=None).count() == 0


@pytest.mark.django_db
def test_the_letter_date_is_the_submission_date():
    rapid_review = decided_case("west-midlands", submitted=True)
    with scope(rapid_review.partnership):
        text = flat(pdf_text(documents.national_panel_letter_pdf(rapid_review)[1]))
    assert date(2026, 3, 13).strftime("%-d %B %Y") in text
