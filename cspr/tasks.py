"""Periodic core tasks: the daily deadline scan and the outbox sweep. Thin: ids in, services do the work."""

from __future__ import annotations

import logging
from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.module_loading import import_string

from cspr import audit
from cspr.models import CaseEvent, ClosureDay, Deadline, Partnership
from cspr.tenancy import scope

log = logging.getLogger(__name__)
ORPHAN_EXPORT_FILES = "(export files without an export)"  # apply_retention's count beside the partnerships'


@shared_task
def scan_deadlines() -> dict[str, int]:
    """Mark passed deadlines as missed (once each), then run each stage's reminder scanner.

    Set-based, so its cost follows the clocks that need something today, not the number of
    partnerships or of deadlines: marking is three statements whatever the count, and a scanner that
    offers `across_partnerships(now=)` runs once for all partnerships (the others once per partnership).
    """
    now = timezone.now()
    results = {"missed": mark_missed(now)}
    partnerships: list[Partnership] = []
    for path in settings.CSPR_DEADLINE_SCANNERS:
        results[path] = run_scanner(path, now=now, partnerships=partnerships)
    return results


def run_scanner(path: str, *, now: datetime, partnerships: list[Partnership]) -> int:
    """Run one stage's reminder scanner: once across partnerships when it offers that, else once per
    partnership in its scope (`partnerships` is filled on first use and shared between scanners)."""
    scanner = import_string(path)
    across = getattr(scanner, "across_partnerships", None)
    if across is not None:
        return across(now=now)
    if not partnerships:
        # With their frameworks and closure days: most scanners read both (working_calendar()).
        closures = Prefetch("closure_days", queryset=ClosureDay.unscoped.all())
        partnerships.extend(Partnership.objects.select_related("framework").prefetch_related(closures))
    sent = 0
    for partnership in partnerships:
        with scope(partnership):
            sent += scanner(partnership=partnership, now=now)
    return sent


def mark_missed(now: datetime) -> int:
    """Mark every open clock whose due time has passed as missed, with one audit row each.

    The rows are locked as they are read (SKIP LOCKED on PostgreSQL), so a second scan running at the
    same time neither waits nor records a clock twice; reads go through the partial index
    deadline_scan_unmissed (open clocks not yet marked).
    """
    with transaction.atomic():
        overdue = list(
            Deadline.unscoped.filter(met_at=None, cancelled_at=None, missed_at=None, due_at__lt=now)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", "partnership_id", "case_id", "case__stage", "label")
        )
        if not overdue:
            return 0
        Deadline.unscoped.filter(pk__in=[row[0] for row in overdue]).update(missed_at=now)
        return audit.record_system_events(
            code="deadline.missed",
            rows=[
                (partnership_id, case_id, stage, label)
                for _, partnership_id, case_id, stage, label in overdue
            ],
        )


@shared_task
def process_outbox(limit: int = 500) -> int:
    """Run the side effects of unprocessed case events, each exactly once even if the worker dies.

    Each row is locked (SKIP LOCKED, so a concurrent sweep passes it by), its handler runs and the row is
    marked processed in one transaction. A worker killed mid-handler drops its connection, PostgreSQL
    rolls the claim back and the next sweep runs the event again: delayed, never lost. (Claiming by
    setting `processed_at` first, then acting, lost the email whenever the worker died in between.)
    """
    handlers = {code: import_string(path) for code, path in settings.CSPR_OUTBOX_HANDLERS.items()}
    done = 0
    pending = (
        CaseEvent.unscoped.filter(processed_at=None).order_by("at", "pk").values_list("pk", "code")[:limit]
    )
    for pk, code in list(pending):
        with transaction.atomic():
            event = (
                CaseEvent.unscoped.select_for_update(skip_locked=True, of=("self",))
                .select_related("case__partnership")
                .filter(pk=pk, processed_at=None)
                .first()
            )
            if event is None:
                continue  # a concurrent sweep holds it, or has just finished it
            handler = handlers.get(code)
            try:
                if handler is not None:
                    with scope(event.case.partnership):
                        handler(event=event)
            except Exception as error:
                # Left in the outbox for the next sweep; what the handler recorded before failing (e.g.
                # a Dispatch marked sent) commits, so the retry sends only what is missing.
                log.exception("Outbox handler for %s failed on event %s; will retry", code, pk)
                if isinstance(error, DatabaseError):
                    transaction.set_rollback(True)
                continue
            CaseEvent.unscoped.filter(pk=pk).update(processed_at=timezone.now())
        done += handler is not None
    return done


@shared_task
def run_export(export_id: int, partnership_id: int) -> None:
    """Write a big list export (cspr.exports.run_job) inside its partnership's scope."""
    from cspr import list_exports as exports

    with scope(Partnership.objects.get(pk=partnership_id)):
        exports.run_job(export_id=export_id)


@shared_task
def apply_retention() -> dict[str, int]:
    """Anonymise or delete the personal data of closed cases past retention, partnership by partnership,
    delete their expired list exports, then any export file left without its export."""
    from cspr import retention

    erased = {}
    for partnership in Partnership.objects.select_related("framework"):
        with scope(partnership):
            run = retention.apply(partnership=partnership)
        erased[partnership.slug] = run.counts.get("cases", 0)
    erased[ORPHAN_EXPORT_FILES] = len(retention.sweep_export_files())
    return erased
