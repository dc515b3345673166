"""Periodic core tasks: the daily deadline scan and the outbox sweep. Thin: ids in, services do the work."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from cspr import audit
from cspr.models import CaseEvent, Deadline, Partnership
from cspr.tenancy import scope

log = logging.getLogger(__name__)


@shared_task
def scan_deadlines() -> dict[str, int]:
    """Mark passed deadlines as missed (once each), then run each stage's reminder scanner."""
    now = timezone.now()
    missed = 0
    overdue = Deadline.unscoped.filter(met_at=None, cancelled_at=None, missed_at=None, due_at__lt=now)
    for deadline in overdue.select_related("case"):
        # Conditional update: a second scan running at the same time records nothing twice.
        if Deadline.unscoped.filter(pk=deadline.pk, missed_at=None).update(missed_at=now):
            audit.record(case=deadline.case, code="deadline.missed", by=None, subject=deadline.label)
            missed += 1
    results = {"missed": missed}
    for path in settings.CSPR_DEADLINE_SCANNERS:
        scanner = import_string(path)
        for partnership in Partnership.objects.all():
            with scope(partnership):
                results[path] = results.get(path, 0) + scanner(partnership=partnership, now=now)
    return results


@shared_task
def process_outbox(limit: int = 500) -> int:
    """Run the side effects of unprocessed case events; each row is claimed once, so none is doubled."""
    handlers = {code: import_string(path) for code, path in settings.CSPR_OUTBOX_HANDLERS.items()}
    done = 0
    pending = (
        CaseEvent.unscoped.filter(processed_at=None).order_by("at", "pk").values_list("pk", "code")[:limit]
    )
    for pk, code in list(pending):
        # Claim before acting (healthchecks' pattern): a concurrent sweep cannot run the same row.
        if not CaseEvent.unscoped.filter(pk=pk, processed_at=None).update(processed_at=timezone.now()):
            continue
        handler = handlers.get(code)
        if handler is None:
            continue
        event = CaseEvent.unscoped.select_related("case__partnership").get(pk=pk)
        try:
            with scope(event.case.partnership):
                handler(event=event)
        except Exception:
            # Release the claim so the next sweep retries; nothing is lost.
            log.exception("Outbox handler for %s failed on event %s; will retry", code, pk)
            CaseEvent.unscoped.filter(pk=pk).update(processed_at=None)
            continue
        done += 1
    return done


@shared_task
def run_export(export_id: int, partnership_id: int) -> None:
    """Write a big list export (cspr.exports.run_job) inside its partnership's scope."""
    from cspr import exports

    with scope(Partnership.objects.get(pk=partnership_id)):
        exports.run_job(export_id=export_id)
