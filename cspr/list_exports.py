"""Lists as CSV and XLSX files: the case list, the deadline list and the work queue.

Every cell goes through `cspr.exports.safe_cell`, so a pseudonym or a reason typed as `=HYPERLINK(...)`
opens in a spreadsheet as text, never as a formula (OWASP "CSV injection"). Small lists are written in
the request; bigger ones by a Celery task (cspr.tasks.run_export) that records its progress on the
ExportJob row, which the export page polls.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from cspr import selectors, work_queue
from cspr.exports import safe_cell
from cspr.models import Agency, Deadline, ExportJob, Partnership

PROGRESS_EVERY = 250  # rows between progress updates of a background export
CONTENT_TYPES = {
    ExportJob.Format.CSV: "text/csv; charset=utf-8",
    ExportJob.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DEADLINE_COLUMNS = [
    "Case reference",
    "Child (pseudonym)",
    "Stage",
    "What is due",
    "Owed by",
    "Due",
    "Status",
    "How the date was worked out",
]


@dataclass(frozen=True)
class Listing:
    """One exportable list: its columns, its rows and how many there are."""

    title: str
    columns: list[str]
    queryset: QuerySet
    row: Callable[[Any], list[Any]]

    def count(self) -> int:
        return self.queryset.count()

    def rows(self) -> Iterator[list[Any]]:
        for obj in self.queryset.iterator(chunk_size=1000):
            yield [safe_cell(v) for v in self.row(obj)]


def _local(moment: datetime | None) -> datetime | None:
    # Spreadsheets have no time zones: write London wall-clock time, as the pages show it.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _deadline_row(now: datetime) -> Callable[[Deadline], list[Any]]:
    def row(d: Deadline) -> list[Any]:
        status = "Clock paused" if d.due_at is None else ("Overdue" if d.due_at < now else "Running")
        case = d.case
        return [case.reference, case.child_pseudonym, case.get_stage_display(), d.label, d.subject,
                _local(d.due_at), status, d.explanation]  # fmt: skip

    return row


def filters_from(partnership: Partnership, data: dict[str, str]) -> work_queue.Filters:
    """Rebuild work queue filters from submitted values; an unknown agency narrows to nothing."""
    agency = None
    if data.get("agency"):
        agency = Agency.objects.filter(partnership=partnership, public_id=data["agency"]).first() or Agency(
            name="\0no such agency"
        )
    reviewer = data.get("reviewer") or ""
    return work_queue.Filters(
        stage=data.get("stage", ""), agency=agency, reviewer_id=int(reviewer) if reviewer.isdigit() else None
    )


def listing(partnership: Partnership, kind: str, filters: dict[str, str]) -> Listing:
    """The list an export of `kind` writes, for the partnership and the filters shown on its page."""
    if kind == ExportJob.Kind.CASES:
        return Listing(
            title="Cases",
            columns=[
                "Case reference",
                "Child (pseudonym)",
                "Stage",
                "Referral received",
                "Aware of incident",
            ],
            queryset=selectors.cases(partnership),
            row=lambda c: [
                c.reference,
                c.child_pseudonym,
                c.get_stage_display(),
                c.referral_received,
                c.aware_of_incident,
            ],  # fmt: skip
        )
    group = filters.get("group") or "all"
    if group != "all" and group not in work_queue.GROUPS:
        group = "all"
    return Listing(
        title="Open deadlines" if group == "all" else work_queue.GROUPS[group].label,
        columns=DEADLINE_COLUMNS,
        queryset=work_queue.group_deadlines(partnership, group, filters=filters_from(partnership, filters)),
        row=_deadline_row(timezone.now()),
    )


def _counting(rows: Iterable[list[Any]], progress: Callable[[int], None] | None) -> Iterator[list[Any]]:
    for n, row in enumerate(rows, start=1):
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(n)
        yield row


def write(found: Listing, fmt: str, *, progress: Callable[[int], None] | None = None) -> bytes:
    """The list as file contents; `progress(rows_written)` is called every PROGRESS_EVERY rows."""
    rows = _counting(found.rows(), progress)
    if fmt == ExportJob.Format.XLSX:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(found.title[:31])
        sheet.append(found.columns)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(found.columns)
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode()  # the byte-order mark makes Excel read UTF-8


def filename(partnership: Partnership, kind: str, fmt: str) -> str:
    return f"{partnership.slug}-{kind.replace('_', '-')}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def queue(*, partnership: Partnership, by: Any, kind: str, fmt: str, filters: dict[str, str]) -> ExportJob:
    """Record a background export and hand it to Celery once the row is committed."""
    from cspr import tasks

    job = ExportJob.objects.create(
        partnership=partnership, requested_by=by, kind=kind, format=fmt, filters=filters
    )
    transaction.on_commit(lambda: tasks.run_export.delay(export_id=job.pk, partnership_id=partnership.pk))
    return job


def run_job(*, export_id: int) -> ExportJob:
    """Write a queued export to private storage, recording progress; runs inside the partnership scope."""
    job = ExportJob.objects.select_related("partnership").get(pk=export_id)
    if job.state == ExportJob.State.DONE:
        return job  # a redelivered task: the file is already there
    found = listing(job.partnership, job.kind, job.filters)
    total = found.count()
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, rows_total=total, rows_done=0)
    try:
        content = write(
            found, job.format, progress=lambda n: ExportJob.objects.filter(pk=job.pk).update(rows_done=n)
        )
    except Exception:
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED, finished_at=timezone.now())
        raise
    job.refresh_from_db()
    job.file.save(f"{job.public_id.hex}.{job.format}", ContentFile(content), save=False)
    job.state, job.rows_done, job.finished_at = ExportJob.State.DONE, total, timezone.now()
    job.save(update_fields=["file", "state", "rows_done", "finished_at"])
    return job
