"""A case's full access and change log, for investigations and subject access requests.

Three sources, merged in time order: the stage events (`CaseEvent`, each with its sentence from
`cspr.audit.SENTENCES`), every recorded view of the case (`AccessLog`) and the edits to the case record
kept by django-simple-history. Exported as a formula-safe CSV and as a PDF; the caller logs the export
itself as an access (see `cspr.views_audit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from cspr import audit, documents
from cspr.exports import csv_bytes
from cspr.models import AccessLog, Case, CaseEvent

HEADER = ("When", "Kind", "What", "Who", "Username", "Details")
CHANGE, ACCESS, RECORD_EDIT = "Change", "Access", "Record edit"
HISTORY_TYPES = {"+": "Case record created", "~": "Case record changed", "-": "Case record deleted"}


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    kind: str
    what: str
    who: str
    username: str
    details: str

    def cells(self) -> tuple[str, ...]:
        return (
            timezone.localtime(self.at).isoformat(timespec="seconds"),
            self.kind,
            self.what,
            self.who,
            self.username,
            self.details,
        )


def _person(user: Any) -> tuple[str, str]:
    if user is None:
        return "System", ""
    return (user.get_full_name() or user.get_username()), user.get_username()


def case_audit_log(case: Case) -> list[AuditEntry]:
    """Every event, view and record edit of `case`, oldest first (the caller is in the case's scope)."""
    entries = [_event_entry(e) for e in CaseEvent.objects.filter(case=case).select_related("by")]
    entries += [_access_entry(a) for a in AccessLog.objects.filter(case=case).select_related("user")]
    entries += _history_entries(case)
    return sorted(entries, key=lambda e: e.at)


def _event_entry(event: CaseEvent) -> AuditEntry:
    what = audit.describe(event.code) + (f": {event.subject}" if event.subject else "")
    details = []
    if event.to_state:
        details.append(f"{event.from_state or 'new'} → {event.to_state}")
    if event.reason:
        details.append(f"Reason: {event.reason}")
    return AuditEntry(event.at, CHANGE, what, *_person(event.by), "; ".join(details))


def _access_entry(access: AccessLog) -> AuditEntry:
    return AuditEntry(access.at, ACCESS, "Viewed", *_person(access.user), access.path)


def _history_entries(case: Case) -> list[AuditEntry]:
    records = list(case.history.order_by("history_date", "history_id").select_related("history_user"))
    entries = []
    previous = None
    for record in records:
        details = ""
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            details = "; ".join(f"{c.field}: {c.old} → {c.new}" for c in delta.changes)
        entries.append(
            AuditEntry(
                record.history_date,
                RECORD_EDIT,
                HISTORY_TYPES.get(record.history_type, "Case record changed"),
                *_person(record.history_user),
                details,
            )
        )
        previous = record
    return entries


def to_csv(entries: list[AuditEntry]) -> bytes:
    return csv_bytes(HEADER, (entry.cells() for entry in entries))


def to_pdf(case: Case, entries: list[AuditEntry], *, exported_by: Any) -> bytes:
    return documents.render_pdf(
        template="documents/case_audit_log.html",
        context={"case": case, "entries": entries, "exported_by": _person(exported_by)[0]},
        partnership=case.partnership,
        title="Access and change log",
        reference=case.reference,
    )
