"""The pseudonym register and check: real names, dates of birth, addresses and identifiers from the case
record are found in the report and in the PDF's metadata, each shown in context; a clean run is recorded."""

from __future__ import annotations

import pytest

from cspr.models import CaseEvent
from publication import pseudonyms, services, workflow
from publication.models import PseudonymEntry
from tests.publication.factories import CHILD_NAME, MOTHER_NAME, approved_review

pytestmark = pytest.mark.django_db

LEAKY = [
    ("introduction", "Introduction", f"This review looks at {CHILD_NAME}, born 4 March 2023, and Mother."),
    ("findings", "Findings", "The family lived at 12 Acacia Avenue (B14 7QT). NHS number 943 476 5919."),
    ("recommendations", "Recommendations", "Marcia asked the school (Hillside Primary) for help."),
]


def _publication(partnership, by, *, sections, title="Child A: a review"):
    return workflow.open_publication(
        review=approved_review(partnership, sections=sections, title=title), by=by
    )


def test_prefill_takes_the_child_family_and_professionals_from_the_referral(partnership_a, bo_a, unscoped):
    pub = _publication(partnership_a, bo_a, sections=LEAKY)
    assert services.prefill_register(publication=pub, by=bo_a) == 5
    register = {(e.kind, e.real_name): e.alias for e in pub.pseudonyms.all()}
    assert register[(PseudonymEntry.Kind.CHILD, CHILD_NAME)] == "Child A"
    assert register[(PseudonymEntry.Kind.FAMILY, MOTHER_NAME)] == "Mother"
    assert register[(PseudonymEntry.Kind.PROFESSIONAL, "Sam Referrer")] == "Professional 1"
    assert services.prefill_register(publication=pub, by=bo_a) == 0  # nothing twice
    # The audit row names no real name.
    assert not CaseEvent.unscoped.filter(case=pub.case, data__icontains=CHILD_NAME).exists()


def test_the_check_shows_each_hit_in_context(partnership_a, bo_a, unscoped):
    pub = _publication(partnership_a, bo_a, sections=LEAKY)
    services.add_pseudonym(
        publication=pub, kind="school", real_name="Hillside Primary", alias="School 1", by=bo_a
    )
    check = services.run_pseudonym_check(publication=pub, by=bo_a)
    assert not check.is_clean
    found = {(hit["kind"], hit["match"]) for hit in check.hits}
    assert ("name", CHILD_NAME) in found
    assert ("date of birth", "4 March 2023") in found
    assert ("address", "12 Acacia Avenue") in found and ("address", "B14 7QT") in found
    assert ("identifier", "943 476 5919") in found
    assert ("name", "Marcia") in found  # a first name on its own
    assert ("name", "Hillside Primary") in found  # from the register
    hit = next(h for h in check.hits if h["match"] == "4 March 2023")
    assert hit["where"] == "Introduction"
    assert hit["before"].endswith(", born ") and hit["after"].startswith(", and Mother")
    assert pseudonyms.check_passes(pub) == (False, pseudonyms.HITS_FOUND.format(count=len(check.hits)))
    assert CaseEvent.unscoped.filter(case=pub.case, code="publication.pseudonym_check_failed").exists()


def test_the_pdf_metadata_is_checked(partnership_a, bo_a, unscoped):
    clean = [("summary", "Summary", "Child A was seen by Professional 1.")]
    pub = _publication(partnership_a, bo_a, sections=clean, title=f"The review of {CHILD_NAME}")
    services.update_public_details(publication=pub, by=bo_a, title="")
    check = services.run_pseudonym_check(publication=pub, by=bo_a)
    assert {h["where"] for h in check.hits} == {"PDF metadata: Title"}


def test_a_clean_run_is_recorded_and_goes_stale_when_the_register_changes(partnership_a, bo_a, unscoped):
    clean = [("summary", "Summary", "Child A was seen by Professional 1 at School 1.")]
    pub = _publication(partnership_a, bo_a, sections=clean)
    services.prefill_register(publication=pub, by=bo_a)
    assert pseudonyms.check_passes(pub) == (False, pseudonyms.NOT_RUN)
    check = services.run_pseudonym_check(publication=pub, by=bo_a)
    assert check.is_clean and check.hits == [] and check.run_by == bo_a
    assert pseudonyms.check_passes(pub)[0] is True
    assert CaseEvent.unscoped.filter(case=pub.case, code="publication.pseudonym_check_clean").exists()
    services.add_pseudonym(publication=pub, kind="place", real_name="Kings Heath", alias="the area", by=bo_a)
    assert pseudonyms.check_passes(pub) == (False, pseudonyms.STALE)
