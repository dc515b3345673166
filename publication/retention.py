"""What the publication stage holds about the child, the family and the people around them: erased at the
end of retention (cspr.retention). Runs before the reviews stage's eraser, which anonymises the report's text.

A published report is public by law (Working Together 2023: partnerships publish their reviews) and was
pseudonymised before it went out; once archived it stays "available on request". So a report that was
published keeps its PDF and what its public page showed (title, summary, reviewer names, learning
briefing, press statement), and its PDF is rendered and stored now if nobody had downloaded it yet, since
the report's text is about to be anonymised. What must go is the pseudonym register: it maps each alias
back to a real name, so keeping it would undo the pseudonymisation. It is deleted in either mode, with the
checks' hits that quote real names. A report withdrawn or never published keeps nothing public: its PDF and
its summaries go like any other free text. Copies sent before publication are deleted; the stored
published PDF is the copy kept on request.
"""

from __future__ import annotations

from typing import Any

from cspr.models import Case
from cspr.retention import (
    ANONYMISED,
    Action,
    delete_paths_on_commit,
    erase_each,
    erase_rows,
    stored_documents,
)
from publication import documents
from publication.models import (
    ConstraintOverride,
    PseudonymCheck,
    PseudonymEntry,
    Publication,
    PublicationDispatch,
)

State = Publication.State
PUBLIC = {State.PUBLISHED, State.AVAILABLE_ONLINE, State.ARCHIVED}
# The media plan and the decisions around publication: never public, always anonymised.
PUBLICATION = {
    "media_contact": ANONYMISED,
    "practitioner_briefing": ANONYMISED,
    "family_informed_by": ANONYMISED,
    "prosecution_note": ANONYMISED,
    "not_publishing_reasons": ANONYMISED,
    "withdrawn_reason": ANONYMISED,
}
# What the public page showed: kept for a published report, anonymised for any other.
NOT_PUBLISHED = {
    "summary": ANONYMISED,
    "learning_briefing": ANONYMISED,
    "press_statement": ANONYMISED,
    "published_pdf": "",
}
IMPROVEMENTS_NOT_PUBLISHED = {"improvements_information": ANONYMISED}
OVERRIDE = {"reason": ANONYMISED}
DISPATCH = {"body": ANONYMISED, "documents": []}
HIT_TEXT = ("term", "before", "match", "after")


def erase(*, case: Case, action: str, dry_run: bool) -> dict[str, int]:
    """Delete the case's pseudonym register and sent copies, and anonymise the rest of its publication."""
    publication = Publication.unscoped.filter(case=case).select_related("partnership").first()
    if publication is None:
        return {}
    public = publication.state in PUBLIC
    rows = Publication.unscoped.filter(pk=publication.pk)
    register = PseudonymEntry.unscoped.filter(publication=publication)
    checks = PseudonymCheck.unscoped.filter(publication=publication)
    dispatches = PublicationDispatch.unscoped.filter(publication=publication)
    copies = [p for p in stored_documents(dispatches) if p != publication.published_pdf]
    counts = {
        "publications": 1,
        "pseudonym register entries": register.count(),
        "pseudonym checks": checks.count(),
        "publication dispatches": dispatches.count(),
        "publication copies": len(copies),
    }
    if public:
        counts["published reports kept"] = 1
    if dry_run:
        return counts
    if public:
        _keep_published_pdf(publication)
    else:
        delete_paths_on_commit([publication.published_pdf])
    delete_paths_on_commit(copies)
    erase_rows(register, {}, delete=True)
    if action == Action.DELETE:
        erase_rows(checks, {}, delete=True)
    else:
        erase_each(checks, _without_quotes, fields=["hits"])
    erase_rows(ConstraintOverride.unscoped.filter(publication=publication), OVERRIDE)
    erase_rows(dispatches, DISPATCH)
    erase_rows(
        rows,
        PUBLICATION
        | ({} if public else NOT_PUBLISHED)
        | ({} if publication.improvements_published_at else IMPROVEMENTS_NOT_PUBLISHED),
    )
    return counts


def _keep_published_pdf(publication: Publication) -> None:
    # Renders and stores the PDF from the approved report while its text is still there (a no-op when
    # it is already stored); the public download and requests for an archived report then read this copy.
    documents.published_pdf(publication)


def _without_quotes(check: Any) -> None:
    # A hit quotes the real name and the words around it; where it was found and what kind it was stay.
    check.hits = [{**hit, **{k: ANONYMISED for k in HIT_TEXT if k in hit}} for hit in check.hits or []]
