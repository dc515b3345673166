"""Writes to an agency's draft chronology: entries added, changed, deleted or imported from a file.

Each write checks the request is still with the agency, moves a sent request to "in progress" the first
time, and notes what happened in the case history.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from chronologies import workflow
from chronologies.imports import ImportResult, ParsedRow
from chronologies.models import AgencyRequest, ChronologyEntry
from cspr import audit
from cspr.models.cases import Stage

ENTRY_FIELDS = [
    "occurred_on",
    "occurred_time",
    "agency_or_service",
    "source",
    "event",
    "practitioner_role",
    "action_or_outcome",
    "comment",
]


def _note(
    request: AgencyRequest, *, code: str, by: AbstractBaseUser, data: dict[str, Any] | None = None
) -> None:
    audit.record(
        case=request.review.case,
        code=code,
        by=by,
        stage=Stage.REVIEW,
        subject=request.subject,
        subject_id=request.public_id,
        data=data,
    )


def _entry(request: AgencyRequest, values: dict[str, Any]) -> ChronologyEntry:
    fields = {name: values.get(name) for name in ENTRY_FIELDS}
    for name in ENTRY_FIELDS:
        if fields[name] is None and name not in {"occurred_on", "occurred_time"}:
            fields[name] = ""
    return ChronologyEntry(
        partnership_id=request.partnership_id,
        request=request,
        review_id=request.review_id,
        agency_id=request.agency_id,
        **fields,
    )


def add_entry(*, request: AgencyRequest, by: AbstractBaseUser, values: dict[str, Any]) -> ChronologyEntry:
    """Add one row to the agency's draft chronology."""
    with transaction.atomic():
        locked = workflow._locked(request)
        workflow.start_work(request=locked, by=by)
        entry = _entry(locked, values)
        entry.save()
        _note(locked, code="chronology.entry_added", by=by, data={"date": entry.occurred_on.isoformat()})
    return entry


def change_entry(*, entry: ChronologyEntry, by: AbstractBaseUser, values: dict[str, Any]) -> ChronologyEntry:
    """Change a draft row (rows of a submitted version never change)."""
    with transaction.atomic():
        locked = workflow._locked(entry.request)
        workflow.start_work(request=locked, by=by)
        row = ChronologyEntry.unscoped.select_for_update().get(pk=entry.pk, submission=None)
        for name in ENTRY_FIELDS:
            value = values.get(name)
            setattr(
                row, name, "" if value is None and name not in {"occurred_on", "occurred_time"} else value
            )
        row.save()
        _note(locked, code="chronology.entry_changed", by=by, data={"date": row.occurred_on.isoformat()})
    return row


def delete_entry(*, entry: ChronologyEntry, by: AbstractBaseUser) -> None:
    """Delete a draft row."""
    with transaction.atomic():
        locked = workflow._locked(entry.request)
        workflow.start_work(request=locked, by=by)
        ChronologyEntry.unscoped.filter(pk=entry.pk, submission=None).delete()
        _note(locked, code="chronology.entry_deleted", by=by, data={"date": entry.occurred_on.isoformat()})


def import_rows(
    *, request: AgencyRequest, by: AbstractBaseUser, result: ImportResult, filename: str
) -> list[ChronologyEntry]:
    """Add the good rows of an uploaded file to the draft; the bad rows are reported, never half-saved."""
    with transaction.atomic():
        locked = workflow._locked(request)
        workflow.start_work(request=locked, by=by)
        entries = [_entry(locked, row.values) for row in result.rows]
        ChronologyEntry.unscoped.bulk_create(entries, batch_size=500)
        _note(
            locked,
            code="chronology.imported",
            by=by,
            data={"file": filename, "imported": len(entries), "rejected": len(result.errors)},
        )
    return entries


__all__ = ["ENTRY_FIELDS", "ParsedRow", "add_entry", "change_entry", "delete_entry", "import_rows"]
