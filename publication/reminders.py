"""The publication stage's part of the daily deadline scan: a report whose publication time has passed is
marked available online (the public page already shows it from that moment; this keeps the state true)."""

from __future__ import annotations

from datetime import datetime

from cspr.models import Partnership
from publication import workflow
from publication.models import Publication


def scan(*, partnership: Partnership, now: datetime) -> int:
    """Move published reports past their go-live moment to "available online"; returns how many moved."""
    moved = 0
    due = Publication.objects.filter(
        partnership=partnership, state=Publication.State.PUBLISHED, published_at__lte=now
    )
    for publication in due:
        workflow.go_online(publication=publication, by=None)
        moved += 1
    return moved
