"""Retention of the rapid review's own record (rapid_review/retention.py; the returns are covered in
tests/cspr/test_retention.py): its account of the case goes, the PDFs it sent are deleted, and the
decision's outcome, attendees and decision-makers stay."""

from __future__ import annotations

from datetime import date

import pytest

from cspr.retention import stored_documents
from cspr.roles import Role
from cspr.tenancy import scope, scopes_disabled
from rapid_review import workflow
from rapid_review.models import Attendee, Dispatch, Position, RapidReview
from tests.factories import closed, member
from tests.rapid_review.document_factories import complete_case
from tests.rapid_review.factories import ScopingAttachmentFactory
from tests.retention import (
    ANONYMISED,
    counts_of,
    files_in,
    is_stored,
    run_retention,
    stored_pdf,
    sweep_with_one_mailbox_down,
)

pytestmark = pytest.mark.django_db
HARM = "Jamie was shaken by the mother's partner"
PANEL_MAILBOX = "Mailbox.NationalReviewPanel@education.gov.uk"


def closed_rapid_review(partnership) -> RapidReview:
    """A rapid review of a closed case: its analysis, a minuted dissent and the submission's PDF."""
    attachment = ScopingAttachmentFactory(request__partnership=partnership)
    with scopes_disabled():
        rr = attachment.request.rapid_review
        by = member(partnership, Role.BUSINESS_OFFICE)
        RapidReview.unscoped.filter(pk=rr.pk).update(nature_of_harm=HARM, rationale=f"{HARM}; learning")
        Attendee.unscoped.create(
            partnership=partnership, rapid_review=rr, name="Sam Chief", job_title="Superintendent",
            organisation="Police", represents="police",
        )  # fmt: skip
        Position.unscoped.create(
            partnership=partnership, rapid_review=rr, role="police", person="Sam Chief", stance="disagrees",
            comment="The mother's partner was known to us", recorded_on=date(2026, 12, 1), recorded_by=by,
        )  # fmt: skip
        Dispatch.unscoped.create(
            partnership=partnership, rapid_review=rr, kind="national_panel_submission", to=["panel@example.org"],
            subject="Rapid review", body=f"About {HARM}",
            documents=[{"name": "rapid-review.pdf", "path": stored_pdf(f"dispatches/{partnership.pk}")}],
        )  # fmt: skip
    closed(rr.case)
    return rr


def held(rr: RapidReview) -> dict:
    with scopes_disabled():
        row = RapidReview.unscoped.get(pk=rr.pk)
        dispatch = Dispatch.unscoped.get(rapid_review=rr)
        return {
            "text": (row.case_summary, row.nature_of_harm, row.rationale, row.legal_advice),
            "history": set(RapidReview.history.filter(id=rr.pk).values_list("case_summary", flat=True)),
            "positions": list(Position.unscoped.filter(rapid_review=rr).values_list("person", "comment")),
            "attendees": list(Attendee.unscoped.filter(rapid_review=rr).values_list("name", flat=True)),
            "dispatch": (dispatch.body, [d["path"] for d in dispatch.documents]),
            "stored": [is_stored(d["path"]) for d in dispatch.documents],
        }


def test_the_rapid_review_past_retention_is_anonymised(
    partnership_a, partnership_b, django_capture_on_commit_callbacks
):
    rr, rr_b = closed_rapid_review(partnership_a), closed_rapid_review(partnership_b)
    before, before_b = held(rr), held(rr_b)
    assert before["stored"] == [True]
    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(partnership_a)
    after = held(rr)
    # Free text replaced; what was never written stays blank.
    assert after["text"] == (ANONYMISED, ANONYMISED, ANONYMISED, "")
    assert after["history"] <= {ANONYMISED, ""}
    assert after["positions"] == [("Sam Chief", ANONYMISED)] and after["attendees"] == ["Sam Chief"]
    assert after["dispatch"] == (ANONYMISED, []) and not is_stored(before["dispatch"][1][0])
    with scopes_disabled():
        counts = counts_of(run)
    assert counts["rapid reviews"] == 1 and counts["rapid review PDFs"] == 1
    assert counts["decision-makers' positions"] == 1 and counts["rapid review dispatches"] == 1
    assert held(rr_b) == before_b


def test_a_dry_run_changes_nothing(partnership_a, django_capture_on_commit_callbacks):
    rr = closed_rapid_review(partnership_a)
    before = held(rr)
    with django_capture_on_commit_callbacks(execute=True):
        run_retention(partnership_a, dry_run=True)
    assert held(rr) == before


def stored_dispatch_files(partnership) -> set[str]:
    return files_in(f"private/dispatches/{partnership.pk}")


def test_a_retried_send_leaves_no_pdf_the_eraser_cannot_find(
    partnership_a, bo_a, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    """The submission to the National Panel fails once and is sent on the next sweep: the first attempt's
    stored PDFs go, so after retention no copy of them is left."""
    rapid_review = complete_case(partnership_a, decided=True)
    with scope(partnership_a):
        workflow.submit_to_national_panel(rapid_review=rapid_review, by=bo_a)
    sweep_with_one_mailbox_down(
        PANEL_MAILBOX, monkeypatch=monkeypatch, capture_on_commit=django_capture_on_commit_callbacks
    )
    assert [m.to for m in mailoutbox].count([PANEL_MAILBOX]) == 1
    with scopes_disabled():
        named = set(stored_documents(Dispatch.unscoped.filter(rapid_review=rapid_review)))
    assert len(named) == 2  # the rapid review and the letter to the Panel; the outcome emails have none
    assert stored_dispatch_files(partnership_a) == named

    closed(rapid_review.case)
    with django_capture_on_commit_callbacks(execute=True):
        run_retention(partnership_a)
    assert stored_dispatch_files(partnership_a) == set()
