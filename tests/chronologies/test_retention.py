"""Retention of the agencies' information (chronologies/retention.py): what happened, the sources and the
written answers go; the dates, agencies and yes/no answers stay as the record of what was asked."""

from __future__ import annotations

import pytest

from chronologies.models import AgencyRequest, ChronologyEntry, Submission
from cspr.tenancy import scopes_disabled
from reviews.models import Review
from tests.chronologies.factories import ENTRY, AgencyRequestFactory, review_gathering
from tests.factories import AgencyFactory, closed
from tests.retention import ANONYMISED, counts_of, run_retention

pytestmark = pytest.mark.django_db


def agency_information(partnership) -> Review:
    """A closed case whose review has an accepted chronology (two entries) and an information report."""
    review = review_gathering(partnership)
    AgencyRequestFactory(partnership=partnership, review=review, accepted=True, entries=2)
    AgencyRequestFactory(
        partnership=partnership,
        review=review,
        agency=AgencyFactory(partnership=partnership),
        accepted=True,
        information_report=True,
    )
    closed(review.case)
    return review


def held(review: Review) -> dict:
    with scopes_disabled():
        requests = AgencyRequest.unscoped.filter(review=review)
        return {
            "entries": sorted(
                ChronologyEntry.unscoped.filter(review=review).values_list(
                    "event", "source", "practitioner_role"
                )
            ),
            "reports": [r.report for r in requests.order_by("kind") if r.report],
            "report history": [
                h.report for h in AgencyRequest.history.filter(review_id=review.pk) if h.report
            ],
            "submitted reports": [
                s.report
                for s in Submission.unscoped.filter(request__review=review).order_by("pk")
                if s.report
            ],
            "sign-offs": list(
                Submission.unscoped.filter(request__review=review).values_list(
                    "signed_off_by_name", flat=True
                )
            ),
        }


def test_agency_information_past_retention_is_anonymised(partnership_a, partnership_b):
    review, review_b = agency_information(partnership_a), agency_information(partnership_b)
    before, before_b = held(review), held(review_b)
    assert ENTRY["event"] in before["entries"][0][0]
    assert before["reports"][0]["completed_by_name"] == "Answer to completed_by_name"

    run = run_retention(partnership_a)

    after = held(review)
    assert {(event, source) for event, source, _ in after["entries"]} == {(ANONYMISED, ANONYMISED)}
    assert {role for _, _, role in after["entries"]} == {ENTRY["practitioner_role"]}
    for report in after["reports"] + after["report history"] + after["submitted reports"]:
        assert report["completed_by_name"] == ANONYMISED
        assert report["parallel_processes"] == "yes"  # a yes/no answer stays
        assert not any(str(v).startswith("Answer to") for v in report.values())
    assert after["sign-offs"] == before["sign-offs"]  # the senior officer's sign-off is the record
    with scopes_disabled():
        counts = counts_of(run)
        assert counts["chronology entries"] == ChronologyEntry.unscoped.filter(review=review).count() == 4
        assert counts["agency requests"] == 2 and counts["agency submissions"] == 2
    assert held(review_b) == before_b


def test_a_dry_run_changes_nothing(partnership_a):
    review = agency_information(partnership_a)
    before = held(review)
    run = run_retention(partnership_a, dry_run=True)
    assert held(review) == before
    with scopes_disabled():
        assert counts_of(run)["chronology entries"] == 4


def test_deleting_removes_the_entries(partnership_a):
    partnership_a.option_overrides = {"retention_action": "delete"}
    partnership_a.save()
    review = agency_information(partnership_a)
    run_retention(partnership_a)
    after = held(review)
    assert after["entries"] == []
    assert all(r["completed_by_name"] == ANONYMISED for r in after["reports"] + after["submitted reports"])
