"""Retention of the review (reviews/retention.py): the family, the practitioners and the report's text go;
the recommendations and the names of those who took part in an official capacity stay."""

from __future__ import annotations

import pytest

from cspr.tenancy import scopes_disabled
from reviews.models import (
    AccuracyAnswer,
    FamilyContact,
    ParallelProcess,
    PractitionerConversation,
    Recommendation,
    ReportComment,
    ReportSection,
    Review,
    ReviewDispatch,
    ReviewFamilyMember,
    TeamMeeting,
    TeamMember,
    TermsOfReference,
    Workshop,
    WorkshopDispatch,
    WorkshopInvitee,
)
from tests.retention import ANONYMISED, counts_of, is_stored, run_retention
from tests.reviews.factories import FAMILY_NAME, PRACTITIONER, review_with_people

pytestmark = pytest.mark.django_db


def held(review: Review) -> dict:
    """What the review holds about people, and whether its stored PDFs are on disk, to compare."""
    with scopes_disabled():
        in_review = {"review": review}
        paths = [
            d["path"]
            for model in (ReviewDispatch, WorkshopDispatch)
            for docs in model.unscoped.filter(
                **({"review": review} if model is ReviewDispatch else {"workshop__review": review})
            ).values_list("documents", flat=True)
            for d in docs
        ]
        return {
            "delay": Review.unscoped.get(pk=review.pk).delay_reason,
            "family": list(ReviewFamilyMember.unscoped.filter(**in_review).values_list("name", "address")),
            "family history": list(
                ReviewFamilyMember.history.filter(review_id=review.pk).values_list("name", flat=True)
            ),
            "contacts": list(
                FamilyContact.unscoped.filter(family_member__review=review).values_list("outcome", flat=True)
            ),
            "terms": list(
                TermsOfReference.unscoped.filter(**in_review).values_list("key_lines_of_enquiry", flat=True)
            ),
            "meetings": list(
                TeamMeeting.unscoped.filter(**in_review).values_list("family_engagement", flat=True)
            ),
            "sections": list(
                ReportSection.unscoped.filter(version__review=review).values_list("body", flat=True)
            ),
            "comments": list(
                ReportComment.unscoped.filter(**in_review).values_list("quoted_text", flat=True)
            ),
            "answers": list(
                AccuracyAnswer.unscoped.filter(check_request__review=review).values_list(
                    "correction", flat=True
                )
            ),
            "processes": list(
                ParallelProcess.unscoped.filter(case=review.case).values_list("constraint", "contact")
            ),
            "invitees": sorted(
                WorkshopInvitee.unscoped.filter(workshop__review=review).values_list("name", "email")
            ),
            "conversations": list(
                PractitionerConversation.unscoped.filter(**in_review).values_list("practitioner", "summary")
            ),
            "workshops": list(Workshop.unscoped.filter(**in_review).values_list("contact", "learning_notes")),
            "dispatch bodies": sorted(
                [*ReviewDispatch.unscoped.filter(**in_review).values_list("body", flat=True)]
                + [*WorkshopDispatch.unscoped.filter(workshop__review=review).values_list("body", flat=True)]
            ),
            "files": paths,
            "stored": [is_stored(p) for p in paths],
            "team": list(TeamMember.unscoped.filter(**in_review).values_list("name", flat=True)),
            "recommendations": list(
                Recommendation.unscoped.filter(**in_review).values_list("text", flat=True)
            ),
        }


def test_a_review_past_retention_is_anonymised(
    partnership_a, partnership_b, django_capture_on_commit_callbacks
):
    review = review_with_people(partnership_a)
    review_b = review_with_people(partnership_b)
    before, before_b = held(review), held(review_b)
    assert before["stored"] == [True, True] and before["family"] == [(FAMILY_NAME, "1 Example Street")]

    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(partnership_a)

    after = held(review)
    assert after["delay"] == ANONYMISED
    assert after["family"] == [(ANONYMISED, "")] and FAMILY_NAME not in after["family history"]
    assert after["contacts"] == [ANONYMISED] and after["terms"] == [ANONYMISED]
    assert after["meetings"] == [ANONYMISED] and after["sections"] == [ANONYMISED]
    assert after["comments"] == [ANONYMISED, ANONYMISED] and after["answers"] == [ANONYMISED]
    assert after["processes"] == [(ANONYMISED, "")]
    assert {name for name, _ in after["invitees"]} == {ANONYMISED}
    assert all(email.endswith("@anonymised.invalid") for _, email in after["invitees"])
    assert after["conversations"] == [(ANONYMISED, ANONYMISED)]
    assert after["workshops"] == [(ANONYMISED, ANONYMISED)]
    assert after["dispatch bodies"] == [ANONYMISED, ANONYMISED]
    # The letter to the family and the invitation: gone from the rows and from the disk.
    assert after["files"] == [] and not any(is_stored(p) for p in before["files"])
    # Official roles and the published recommendations stay.
    assert after["team"] == ["Pat Police"] and after["recommendations"] == ["Share missed appointments"]

    with scopes_disabled():
        counts = counts_of(run)
    assert {k: counts[k] for k in REVIEW_COUNTS} == REVIEW_COUNTS
    assert held(review_b) == before_b  # partnership B's review is untouched


REVIEW_COUNTS = {
    "review family members": 1,
    "family contacts": 1,
    "workshop invitees": 2,
    "practitioner conversations": 1,
    "report sections": 1,
    "report comments": 2,
    "accuracy answers": 1,
    "terms of reference": 1,
    "team meetings": 1,
    "parallel processes": 1,
    "review dispatches": 1,
    "workshop dispatches": 1,
    "review letters and PDFs": 2,
}


def test_a_dry_run_changes_nothing(partnership_a, django_capture_on_commit_callbacks):
    review = review_with_people(partnership_a)
    before = held(review)
    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(partnership_a, dry_run=True)
    assert held(review) == before
    with scopes_disabled():
        counts = counts_of(run)
    assert {k: counts[k] for k in REVIEW_COUNTS} == REVIEW_COUNTS


def test_deleting_removes_the_rows_about_people(partnership_a, django_capture_on_commit_callbacks):
    partnership_a.option_overrides = {"retention_action": "delete"}
    partnership_a.save()
    review = review_with_people(partnership_a)
    before = held(review)
    with django_capture_on_commit_callbacks(execute=True):
        run_retention(partnership_a)
    after = held(review)
    for gone in ("family", "family history", "contacts", "sections", "comments", "answers"):
        assert after[gone] == [], gone
    assert after["invitees"] == [] and after["conversations"] == []
    assert not any(is_stored(p) for p in before["files"])
    # The record of the review stays, anonymised.
    assert after["terms"] == [ANONYMISED] and after["processes"] == [(ANONYMISED, "")]
    assert PRACTITIONER not in str(after) and FAMILY_NAME not in str(after)
