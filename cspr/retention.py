"""Retention: when a closed case's retention period ends, its personal data is anonymised or deleted.

Each partnership sets the period and the action in its framework options (`retention_years`,
`retention_action`, cspr/frameworks.py; per partnership through `option_overrides`). The period runs
from the case's last recorded event once it is closed. Each stage erases what it holds through the
CSPR_RETENTION_ERASERS hooks (the core never imports a stage app). The audit trail stays: case events,
access logs and deadline projections are append-only in PostgreSQL (cspr migration 0003), and name no
child. Each run writes a `RetentionRun` report with a row per case, and one audit event per case.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.module_loading import import_string

from cspr import audit
from cspr.models import Case, Partnership, RetentionEntry, RetentionRun
from cspr.models.cases import Stage

Action = RetentionEntry.Action
ANONYMISED = "(anonymised)"  # what a name or free text reads after anonymisation
AUDIT_CODES = {Action.ANONYMISE: "case.personal_data_anonymised", Action.DELETE: "case.personal_data_deleted"}


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


def due_cases(partnership: Partnership, *, today: date) -> list[Due]:
    """Closed cases of the partnership past their retention date and not yet erased, oldest first."""
    years = partnership.option("retention_years")
    done = RetentionEntry.objects.filter(case=OuterRef("pk"), run__dry_run=False)
    cases = (
        Case.objects.filter(partnership=partnership, stage=Stage.CLOSED)
        .exclude(Exists(done))
        .annotate(closed_at=Max("events__at"))
        .exclude(closed_at=None)
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
    for item in due_cases(partnership, today=today):
        counts: Counter[str] = Counter()
        with transaction.atomic():
            for erase in erasers:
                counts.update(erase(case=item.case, action=action, dry_run=dry_run))
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
    run.counts = dict(totals)
    run.save(update_fields=["counts"])
    return run


def delete_files_on_commit(files: list) -> None:
    """Remove stored files once the rows that point to them are gone for good (never on a rollback)."""
    names = [(f.storage, f.name) for f in files if f]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def report_rows(run: RetentionRun) -> list[list[str]]:
    """The run's report as table rows: one per case, then the totals."""
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
    rows.append(
        ["Total", "", "", f"{run.counts.get('cases', 0)} cases", *[str(run.counts.get(k, 0)) for k in kinds]]
    )
    return rows
