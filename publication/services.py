"""Publication data edits that are not state changes: the media and communications plan, the public-page
wording, the pseudonym register and its check, and overrides of parallel-process constraints.

Each edit is audited (publication.* codes in cspr/audit.py) and kept by django-simple-history with the
user passed explicitly.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from cspr import audit
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from publication import documents, pseudonyms
from publication.models import ConstraintOverride, PseudonymCheck, PseudonymEntry, Publication
from reviews.models import ParallelProcess

COMMUNICATIONS_FIELDS = (
    "media_contact",
    "press_statement",
    "press_notice_on",
    "practitioner_briefing",
    "family_informed_on",
    "family_informed_by",
    "elected_members_informed_on",
    "prosecution_complete",
    "prosecution_note",
)
PUBLIC_FIELDS = ("title", "summary", "reviewer_names", "learning_briefing")
FINISHED = {
    Publication.State.ARCHIVED,
    Publication.State.WITHDRAWN,
    Publication.State.IMPROVEMENTS_PUBLISHED,
}
FINISHED_MESSAGE = "This publication is finished: nothing can be changed."
DUPLICATE_NAME = "This real name is already in the register."
NOT_BLOCKING = "This parallel process does not hold publication."
ALREADY_OVERRIDDEN = "This constraint has already been overridden."


def _log(publication: Publication, code: str, by: AbstractBaseUser, *, reason: str = "", data: dict | None = None) -> None:  # fmt: skip
    audit.record(
        case=publication.case,
        code=code,
        by=by,
        stage=Stage.PUBLICATION,
        subject="publication",
        subject_id=publication.public_id,
        reason=reason,
        data=data,
    )


def _update(publication: Publication, fields: tuple[str, ...], values: dict[str, Any], *, code: str, by: AbstractBaseUser) -> Publication:  # fmt: skip
    if publication.state in FINISHED:
        raise TransitionRefused(FINISHED_MESSAGE)
    changed = [f for f in fields if f in values and getattr(publication, f) != values[f]]
    if not changed:
        return publication
    with transaction.atomic():
        for name in changed:
            setattr(publication, name, values[name])
        publication._history_user = by  # type: ignore[attr-defined]
        publication.save(update_fields=changed)
        _log(publication, code, by, data={"changed": changed})
    return publication


def update_communications_plan(
    *, publication: Publication, by: AbstractBaseUser, **values: Any
) -> Publication:
    """The media and communications plan: media contact, press, practitioners, family, elected members."""
    return _update(
        publication, COMMUNICATIONS_FIELDS, values, code="publication.communications_updated", by=by
    )


def update_public_details(*, publication: Publication, by: AbstractBaseUser, **values: Any) -> Publication:
    """What the public page shows beside the report: title, summary, reviewer name(s), learning briefing."""
    return _update(publication, PUBLIC_FIELDS, values, code="publication.details_updated", by=by)


def add_pseudonym(*, publication: Publication, kind: str, real_name: str, alias: str, by: AbstractBaseUser) -> PseudonymEntry:  # fmt: skip
    """Add a real name and its alias to the register."""
    if publication.state in FINISHED:
        raise TransitionRefused(FINISHED_MESSAGE)
    try:
        with transaction.atomic():
            entry = PseudonymEntry.objects.create(
                partnership=publication.partnership,
                publication=publication,
                kind=kind,
                real_name=real_name.strip(),
                alias=alias.strip(),
            )
    except IntegrityError:
        raise TransitionRefused(DUPLICATE_NAME) from None
    # The audit row names the alias only: the real name stays in the register.
    _log(publication, "publication.pseudonym_added", by, data={"alias": entry.alias, "kind": kind})
    return entry


def remove_pseudonym(*, entry: PseudonymEntry, by: AbstractBaseUser) -> None:
    publication = entry.publication
    if publication.state in FINISHED:
        raise TransitionRefused(FINISHED_MESSAGE)
    with transaction.atomic():
        entry.delete()
        _log(publication, "publication.pseudonym_removed", by, data={"alias": entry.alias})


def prefill_register(*, publication: Publication, by: AbstractBaseUser) -> int:
    """Add the child, family and professionals named in the referral; returns how many were added."""
    known = {e.real_name.casefold() for e in publication.pseudonyms.all()}
    added = 0
    with transaction.atomic():
        for kind, real_name, alias in pseudonyms.suggested_entries(publication):
            if real_name.casefold() in known:
                continue
            PseudonymEntry.objects.create(
                partnership=publication.partnership,
                publication=publication,
                kind=kind,
                real_name=real_name,
                alias=alias,
            )
            known.add(real_name.casefold())
            added += 1
        if added:
            _log(publication, "publication.register_prefilled", by, data={"added": added})
    return added


def run_pseudonym_check(*, publication: Publication, by: AbstractBaseUser) -> PseudonymCheck:
    """Scan the approved report and the published PDF's metadata; the result (clean or not) is recorded."""
    version = publication.review.approved_version
    sections = list(version.sections.all())
    texts = [
        (section.heading or f"Section {section.order}", f"{section.heading}\n{section.body}")
        for section in sections
    ]
    texts += [
        ("Public page: title", publication.title),
        ("Public page: summary", publication.summary),
        ("Public page: reviewer name(s)", publication.reviewer_names),
        ("Public page: learning briefing", publication.learning_briefing),
    ]
    _, pdf = documents.public_report_pdf(publication, sections=sections)
    texts += [(f"PDF metadata: {key}", value) for key, value in documents.pdf_metadata(pdf).items()]
    hits = pseudonyms.scan(texts, pseudonyms.terms_for(publication))
    with transaction.atomic():
        check = PseudonymCheck.objects.create(
            partnership=publication.partnership,
            publication=publication,
            report_version=version,
            digest=pseudonyms.digest(publication),
            hits=hits,
            is_clean=not hits,
            run_by=by,
        )
        code = "publication.pseudonym_check_clean" if not hits else "publication.pseudonym_check_failed"
        _log(publication, code, by, data={"hits": len(hits), "version": version.number})
    return check


def override_constraint(
    *, publication: Publication, parallel_process: ParallelProcess, reason: str, by: AbstractBaseUser
) -> ConstraintOverride:
    """Record the decision to publish despite an open constraint of a parallel process, with the reason."""
    if not reason.strip():
        raise TransitionRefused("Give the reason for publishing despite this constraint.")
    if not (parallel_process.blocks_publication and parallel_process.is_open):
        raise TransitionRefused(NOT_BLOCKING)
    try:
        with transaction.atomic():
            override = ConstraintOverride.objects.create(
                partnership=publication.partnership,
                publication=publication,
                parallel_process=parallel_process,
                reason=reason.strip(),
                by=by,
            )
            audit.record(
                case=publication.case,
                code="publication.constraint_overridden",
                by=by,
                stage=Stage.PUBLICATION,
                subject=str(parallel_process)[:60],
                subject_id=parallel_process.public_id,
                reason=reason.strip(),
            )
    except IntegrityError:
        raise TransitionRefused(ALREADY_OVERRIDDEN) from None
    return override
