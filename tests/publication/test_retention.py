"""Retention of the publication (publication/retention.py): a published report stays as it was published, its
PDF kept; the pseudonym register that maps its aliases back to real names goes, with the copies sent and
the media plan's names. A withdrawn report keeps nothing."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from cspr.documents import pdf_text
from cspr.retention import stored_documents
from cspr.tenancy import scope, scopes_disabled
from publication import documents, services
from publication.models import PseudonymCheck, PseudonymEntry, Publication, PublicationDispatch
from reviews.models import ReportSection
from tests.factories import closed
from tests.publication.factories import CHILD_NAME, publication
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
State = Publication.State
MEDIA_CONTACT = "Jo Press, 0121 496 0000"


def with_media_plan_and_copy(pub: Publication) -> Publication:
    """The media plan names people; a copy of the report went to the National Panel (its PDF stored)."""
    with scopes_disabled():
        Publication.unscoped.filter(pk=pub.pk).update(
            media_contact=MEDIA_CONTACT, prosecution_note="The father's trial ended in May"
        )
        PublicationDispatch.unscoped.create(
            partnership=pub.partnership,
            publication=pub,
            kind=PublicationDispatch.Kind.PRE_PUBLICATION_COPY,
            recipient="national_panel",
            to=["panel@example.org"],
            subject="Final report before publication",
            body="The report is attached.",
            documents=[{"name": "report.pdf", "path": stored_pdf(f"publication/{pub.partnership_id}")}],
        )
    closed(pub.case)
    with scopes_disabled():
        return Publication.unscoped.get(pk=pub.pk)


def held(pub: Publication) -> dict:
    with scopes_disabled():
        row = Publication.unscoped.get(pk=pub.pk)
        dispatches = PublicationDispatch.unscoped.filter(publication=pub).order_by("pk")
        copies = [
            d["path"] for documents in dispatches.values_list("documents", flat=True) for d in documents
        ]
        return {
            "register": list(
                PseudonymEntry.unscoped.filter(publication=pub).values_list("real_name", flat=True)
            ),
            "checks": list(PseudonymCheck.unscoped.filter(publication=pub).values_list("hits", flat=True)),
            "media": (row.media_contact, row.prosecution_note),
            "history media": set(
                Publication.history.filter(id=pub.pk).values_list("media_contact", flat=True)
            ),
            "public": (row.title, row.summary, row.reviewer_names),
            "pdf": row.published_pdf,
            "copies": copies,
            "copies stored": [is_stored(p) for p in copies],
        }


def test_a_published_report_keeps_its_pdf_and_loses_its_register(
    client,
    partnership_a,
    partnership_b,
    bo_a,
    bo_b,
    time_machine,
    django_capture_on_commit_callbacks,
    unscoped,
):
    pub_b = with_media_plan_and_copy(
        publication(partnership_b, bo_b, to=State.PUBLISHED, time_machine=time_machine)
    )
    pub = with_media_plan_and_copy(
        publication(partnership_a, bo_a, to=State.PUBLISHED, time_machine=time_machine)
    )
    before, before_b = held(pub), held(pub_b)
    assert CHILD_NAME in before["register"] and before["pdf"] == ""  # nobody downloaded the PDF yet

    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(partnership_a)

    after = held(pub)
    assert after["register"] == [] and after["media"] == (ANONYMISED, ANONYMISED)
    assert after["history media"] <= {"", ANONYMISED}
    assert after["public"] == before["public"]  # what the public page shows stays
    assert after["copies"] == [] and not any(is_stored(p) for p in before["copies"])
    # The PDF was stored before the review's eraser anonymised the report's text, so it reads as published.
    assert after["pdf"] and default_storage.exists(after["pdf"])
    with scopes_disabled():
        assert set(
            ReportSection.unscoped.filter(version__review=pub.review).values_list("body", flat=True)
        ) == {ANONYMISED}
        counts = counts_of(run)
    assert counts["published reports kept"] == 1 and counts["publication copies"] == len(before["copies"])
    assert counts["pseudonym register entries"] == len(before["register"])
    response = client.get(
        reverse("public_reports:report_pdf", kwargs={"slug": partnership_a.slug, "report_id": pub.public_id})
    )
    assert response.status_code == 200
    assert "Child A was seen at the nursery" in pdf_text(response.content)
    assert held(pub_b) == before_b  # partnership B's publication is untouched


def test_a_withdrawn_report_keeps_nothing_public(
    partnership_a, bo_a, time_machine, django_capture_on_commit_callbacks, unscoped
):
    pub = publication(partnership_a, bo_a, to=State.WITHDRAWN, time_machine=time_machine)
    with scope(partnership_a):
        documents.published_pdf(pub)  # downloaded while it was online
    pub = with_media_plan_and_copy(pub)
    stored = held(pub)["pdf"]
    assert is_stored(stored)
    with django_capture_on_commit_callbacks(execute=True):
        counts = counts_of(run_retention(partnership_a))
    after = held(pub)
    assert after["pdf"] == "" and not is_stored(stored)
    assert after["public"][1] == ANONYMISED  # the summary
    assert after["register"] == [] and "published reports kept" not in counts


def test_a_dry_run_changes_nothing_and_deletion_removes_the_checks(
    partnership_a, bo_a, time_machine, django_capture_on_commit_callbacks
):
    pub = publication(partnership_a, bo_a, time_machine=time_machine)
    with scope(partnership_a):
        services.prefill_register(publication=pub, by=bo_a)
        services.run_pseudonym_check(publication=pub, by=bo_a)
    pub = with_media_plan_and_copy(pub)
    before = held(pub)
    assert before["register"] and before["checks"]
    with django_capture_on_commit_callbacks(execute=True):
        counts = counts_of(run_retention(partnership_a, dry_run=True))
    assert held(pub) == before
    assert counts["pseudonym register entries"] == len(before["register"]) and counts["pseudonym checks"] == 1

    partnership_a.option_overrides = {"retention_action": "delete"}
    partnership_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        run_retention(partnership_a)
    after = held(pub)
    assert after["register"] == [] and after["checks"] == [] and not any(after["copies stored"])


def test_the_checks_hits_no_longer_quote_real_names(partnership_a, bo_a, time_machine):
    pub = publication(partnership_a, bo_a, time_machine=time_machine)
    with scope(partnership_a):
        services.prefill_register(publication=pub, by=bo_a)
    with scopes_disabled():
        PseudonymCheck.unscoped.create(
            partnership=partnership_a,
            publication=pub,
            report_version=pub.review.approved_version,
            digest="0" * 64,
            hits=[{"where": "Findings", "term": CHILD_NAME, "kind": "name", "source": "child",
                   "before": "…", "match": CHILD_NAME, "after": " was seen"}],
            is_clean=False,
            run_by=bo_a,
        )  # fmt: skip
    with_media_plan_and_copy(pub)
    run_retention(partnership_a)
    (hits,) = held(pub)["checks"]
    assert CHILD_NAME not in str(hits) and hits[0]["where"] == "Findings" and hits[0]["kind"] == "name"


def test_it_does_not_touch_a_case_still_open(partnership_a, bo_a, time_machine):
    pub = publication(partnership_a, bo_a, time_machine=time_machine)
    with scope(partnership_a):
        services.prefill_register(publication=pub, by=bo_a)
    assert run_retention(partnership_a).counts == {}
    assert CHILD_NAME in held_register(pub)


def held_register(pub: Publication) -> list[str]:
    with scopes_disabled():
        return list(PseudonymEntry.unscoped.filter(publication=pub).values_list("real_name", flat=True))


def stored_copies(partnership) -> set[str]:
    return files_in(f"private/publication/{partnership.pk}")


def test_a_retried_copy_leaves_no_pdf_the_eraser_cannot_find(
    partnership_a, bo_a, time_machine, monkeypatch, django_capture_on_commit_callbacks, unscoped
):
    """Ofsted's copy fails once and goes on the next sweep: the first attempt's stored PDF goes, so after
    retention no copy is left."""
    pub = publication(partnership_a, bo_a, to=State.COPIES_SENT, time_machine=time_machine)
    sweep_with_one_mailbox_down(
        "SCR.SIN@ofsted.gov.uk", monkeypatch=monkeypatch, capture_on_commit=django_capture_on_commit_callbacks
    )
    dispatches = PublicationDispatch.unscoped.filter(publication=pub)
    assert dispatches.count() == 3 and all(d.sent_at for d in dispatches)
    named = set(stored_documents(dispatches))
    assert len(named) == 3 and stored_copies(partnership_a) == named

    closed(pub.case)
    with django_capture_on_commit_callbacks(execute=True):
        run_retention(partnership_a)
    assert stored_copies(partnership_a) == set()
