"""Retention: when a closed case's retention period ends, its personal data is anonymised or deleted.

Each partnership sets the period and the action in its framework options (`retention_years`,
`retention_action`, cspr/frameworks.py; per partnership through `option_overrides`). The period runs
from the case's last recorded event once it is closed. Each stage erases what it holds through the
CSPR_RETENTION_ERASERS hooks (the core never imports a stage app); `erase_rows()` and the file helpers
below are what they share. The audit trail stays: case events, access logs and deadline projections are
append-only in PostgreSQL (cspr migration 0003) and name no child; only an event's reason, which may
repeat what someone typed, is redacted (migration 0007). Each run writes a `RetentionRun` report with a
row per case, and one audit event per case; the reports are append-only too (migration 0007).

The business office changes the period and the action on the Retention settings page (`change_settings`);
the Django admin's partnership page goes through the same service (cspr.options), each change an
`OptionChange` audit row.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from cspr import audit, options
from cspr.frameworks import OPTIONS, Option
from cspr.models import Case, CaseEvent, ExportJob, OptionChange, Partnership, RetentionEntry, RetentionRun
from cspr.models.cases import Stage

log = logging.getLogger(__name__)

Action = RetentionEntry.Action
ANONYMISED = "(anonymised)"  # what a name or free text reads after anonymisation
AUDIT_CODES = {Action.ANONYMISE: "case.personal_data_anonymised", Action.DELETE: "case.personal_data_deleted"}
SETTINGS = ("retention_years", "retention_action")
EXPORTS_DELETED = "list exports deleted"  # the run's count of expired list exports (expire_exports)
EXPORTS_FOLDER = "private/exports"  # ExportJob.file's upload_to


@dataclass(frozen=True)
class Due:
    """A closed case whose retention period has ended."""

    case: Case
    closed_at: datetime
    due_on: date


def years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_cases(partnership: Partnership, *, today: date, years: int | None = None) -> list[Due]:
    """Closed cases of the partnership past their retention date and not yet erased, oldest first.

    `years` previews another period than the partnership's (the settings page, before saving).
    """
    years = years if years is not None else partnership.option("retention_years")
    done = RetentionEntry.objects.filter(case=OuterRef("pk"), run__dry_run=False)
    cases = (
        Case.objects.filter(partnership=partnership, stage=Stage.CLOSED)
        .exclude(Exists(done))
        .annotate(closed_at=Max("events__at"))
        .exclude(closed_at=None)
        .select_related("partnership")  # the settings page links each case
        .order_by("closed_at", "pk")
    )
    due = []
    for case in cases:
        due_on = years_after(timezone.localdate(case.closed_at), years)
        if due_on <= today:
            due.append(Due(case=case, closed_at=case.closed_at, due_on=due_on))
    return due


def apply(
    *,
    partnership: Partnership,
    by: AbstractBaseUser | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> RetentionRun:
    """Anonymise or delete the personal data of every case due, and report it; a dry run only reports.

    Call inside the partnership's scope. Each case commits on its own, so a failure stops the run without
    undoing the cases already done; the next run carries on from there.
    """
    today = today or timezone.localdate()
    action = Action(partnership.option("retention_action"))
    erasers = [import_string(path) for path in settings.CSPR_RETENTION_ERASERS]
    run = RetentionRun.objects.create(partnership=partnership, dry_run=dry_run, by=by)
    totals: Counter[str] = Counter()
    # A list export names children of many cases and belongs to none, so it goes by its own age.
    totals[EXPORTS_DELETED] = expire_exports(partnership=partnership, dry_run=dry_run)
    for item in due_cases(partnership, today=today):
        counts: Counter[str] = Counter()
        with transaction.atomic():
            for erase in erasers:
                counts.update(erase(case=item.case, action=action, dry_run=dry_run))
            counts["audit reasons"] = _redact_reasons(item.case, dry_run=dry_run)
            counts = +counts  # the report lists what a case had, not every kind of record it might have
            RetentionEntry.objects.create(
                run=run,
                case=item.case,
                reference=item.case.reference,
                closed_at=item.closed_at,
                due_on=item.due_on,
                action=action,
                counts=dict(counts),
            )
            if not dry_run:
                audit.record(
                    case=item.case,
                    code=AUDIT_CODES[action],
                    by=by,
                    stage=Stage.CLOSED,
                    reason=f"Retention period ended on {item.due_on:%-d %b %Y}",
                    data={"run": str(run.public_id), **counts},
                )
        totals.update(counts)
        totals["cases"] += 1
    # The one change PostgreSQL allows to a run (migration 0007): its totals, once, as it finishes.
    run.counts, run.finished_at = dict(+totals), timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    return run


# --- List exports: files that hold case data outside any one case -------------------------------------


def expire_exports(*, partnership: Partnership, dry_run: bool = False) -> int:
    """Delete the partnership's background list exports older than CSPR_EXPORT_KEEP_DAYS, rows and files.

    Returns how many there were; a dry run only counts them. Each one deleted is logged.
    """
    cutoff = timezone.now() - timedelta(days=settings.CSPR_EXPORT_KEEP_DAYS)
    expired = list(ExportJob.objects.filter(partnership=partnership, created_at__lt=cutoff).order_by("pk"))
    if dry_run or not expired:
        return len(expired)
    with transaction.atomic():
        delete_files_on_commit([job.file for job in expired])
        ExportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    for job in expired:
        log.info(
            "Deleted list export %s (%s, %s) of %s, made %s for user %s: file %r",
            job.public_id,
            job.kind,
            job.format,
            partnership.slug,
            f"{job.created_at:%Y-%m-%d %H:%M}",
            job.requested_by_id,
            job.file.name,
        )
    return len(expired)


def sweep_export_files(*, dry_run: bool = False) -> list[str]:
    """Delete files in the exports folder that no list export points to, once older than
    CSPR_EXPORT_KEEP_DAYS (left when a requester or partnership was deleted); returns their names.

    Across partnerships: a file without its row belongs to none. Younger files are left, as a running
    export writes its file before its row points to it.
    """
    cutoff = timezone.now() - timedelta(days=settings.CSPR_EXPORT_KEEP_DAYS)
    try:
        _, names = default_storage.listdir(EXPORTS_FOLDER)
    except FileNotFoundError:
        return []
    paths = {f"{EXPORTS_FOLDER}/{name}" for name in names}
    known = set(ExportJob.unscoped.filter(file__in=paths).values_list("file", flat=True))
    orphans = sorted(p for p in paths - known if default_storage.get_modified_time(p) < cutoff)
    for path in orphans:
        if not dry_run:
            default_storage.delete(path)
        log.info("%s list export file %r, which no export points to", "Found" if dry_run else "Deleted", path)
    return orphans


# --- What the stages' erasers share ------------------------------------------------------------------


def _history_of(model: type[models.Model]) -> type[models.Model] | None:
    """The django-simple-history model keeping the rows' old values, if the model has one."""
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def _marked(name: str) -> models.Case:
    # A name or free text becomes the marker; a field left blank stays blank, so the record does not
    # claim there was something where nobody wrote anything.
    return models.Case(
        models.When(**{name: ""}, then=models.Value("")),
        default=models.Value(ANONYMISED),
        output_field=models.TextField(),
    )


def erase_rows(rows: QuerySet, values: dict[str, Any], *, delete: bool = False) -> int:
    """Overwrite `values` on the rows, or delete the rows; the same for their history copies.

    A value of ANONYMISED replaces only what is not blank. The history copies get the same treatment, or
    the old values would still show in the record's history. Returns how many rows there were.
    """
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        return 0
    model = rows.model
    history = _history_of(model)
    current = model._base_manager.filter(pk__in=ids)
    old = history.objects.filter(id__in=ids) if history else None
    if delete:
        current.delete()
        if old is not None:
            old.delete()  # after: deleting writes one more history row, with every value in it
        return len(ids)
    update = {name: _marked(name) if value == ANONYMISED else value for name, value in values.items()}
    if old is not None:
        old.update(**update)
    current.update(**update)
    return len(ids)


def erase_each(rows: QuerySet, change: Any, *, fields: list[str]) -> int:
    """Rewrite `fields` of each row (and of its history copies) through `change(row)`, for values a query
    cannot compute, e.g. the answers inside a JSON field. Returns how many rows there were."""
    model = rows.model
    history = _history_of(model)
    found = list(rows)
    for row in found:
        change(row)
    model._base_manager.bulk_update(found, fields, batch_size=200)
    if history is not None:
        old = list(history.objects.filter(id__in=[r.pk for r in found]))
        for row in old:
            change(row)
        history.objects.bulk_update(old, fields, batch_size=200)
    return len(found)


def _redact_reasons(case: Case, *, dry_run: bool) -> int:
    # An event's reason often repeats what someone typed (a rationale, a contact with the family, a
    # progress note). It is the one audit column PostgreSQL lets change, and only to the marker
    # (migration 0007); who did what and when stays.
    reasons = CaseEvent.unscoped.filter(case=case).exclude(reason__in=["", ANONYMISED])
    return reasons.count() if dry_run else reasons.update(reason=ANONYMISED)


def delete_files_on_commit(files: list) -> None:
    """Remove stored files once the rows that point to them are gone for good (never on a rollback)."""
    names = [(f.storage, f.name) for f in files if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def stored_documents(rows: QuerySet, field: str = "documents") -> list[str]:
    """The storage paths in the rows' `[{"name": …, "path": …}]` lists (the PDFs a dispatch carried)."""
    return [
        d["path"]
        for documents in rows.values_list(field, flat=True)
        for d in documents or []
        if d.get("path")
    ]


def delete_paths_on_commit(paths: Iterable[str]) -> None:
    """Remove stored PDFs by their paths once the erasure has committed (never on a rollback)."""
    names = [p for p in paths if p]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def report_rows(run: RetentionRun) -> list[list[str]]:
    """The run's report as table rows: one per case, the list exports it deleted, then the totals."""
    kinds = sorted({k for entry in run.entries.all() for k in entry.counts})
    rows = [["Case", "Closed", "Retention ended", "Action", *kinds]]
    for entry in run.entries.all():
        rows.append(
            [
                entry.reference,
                f"{timezone.localdate(entry.closed_at):%Y-%m-%d}",
                f"{entry.due_on:%Y-%m-%d}",
                entry.get_action_display() + (" (dry run)" if run.dry_run else ""),
                *[str(entry.counts.get(k, 0)) for k in kinds],
            ]
        )
    if run.counts.get(EXPORTS_DELETED):
        rows.append(
            [
                f"List exports older than {settings.CSPR_EXPORT_KEEP_DAYS} days",
                "",
                "",
                f"{run.counts[EXPORTS_DELETED]} deleted" + (" (dry run)" if run.dry_run else ""),
                *["" for _ in kinds],
            ]
        )
    rows.append(
        ["Total", "", "", f"{run.counts.get('cases', 0)} cases", *[str(run.counts.get(k, 0)) for k in kinds]]
    )
    return rows


def entry_summary(entry: RetentionEntry) -> str:
    """What one case lost, in a sentence for the report page: "1 children, 2 family members, …"."""
    return ", ".join(f"{count} {kind}" for kind, count in sorted(entry.counts.items())) or "Nothing held"


# --- The partnership's own period and action (the Retention settings page) --------------------------


@dataclass(frozen=True)
class Setting:
    """One retention option as it applies to a partnership, and where its value comes from."""

    option: Option
    value: Any
    origin: str
    last_change: OptionChange | None

    @property
    def display(self) -> str:
        if self.option.key == "retention_years":
            return f"{self.value} year{'' if self.value == 1 else 's'} after the case closed"
        return Action(self.value).label


def current_settings(partnership: Partnership) -> list[Setting]:
    """The partnership's retention period and action, each with its origin and its last change."""
    found = []
    for key in SETTINGS:
        if key in partnership.option_overrides:
            origin = f"Set by {partnership.name}"
        elif key in partnership.framework.rules.get("options", {}):
            origin = f"Set by the {partnership.framework.name} procedure"
        else:
            origin = "CSPR's default: no procedure sets one"
        last = OptionChange.objects.filter(partnership=partnership, key=key).select_related("by").first()
        found.append(Setting(OPTIONS[key], partnership.option(key), origin, last))
    return found


def option_changes(partnership: Partnership) -> QuerySet[OptionChange]:
    """Every change the partnership made to its retention settings, newest first."""
    return OptionChange.objects.filter(partnership=partnership, key__in=SETTINGS).select_related("by")


SettingsRefused = options.OptionRefused  # values the retention rules refuse; the message says how to fix them


def change_settings(
    *, partnership: Partnership, by: AbstractBaseUser, years: int, action: str, reason: str = ""
) -> list[OptionChange]:
    """Set the partnership's own retention period and action; each value that changes is audited.

    Returns the changes made (none when both values are already in force).
    """
    return options.change_options(
        partnership=partnership,
        by=by,
        values={"retention_years": years, "retention_action": action},
        reason=reason,
    )
