"""Audit: one way to record what happened to a case, and one sentence for each event code.

Stage workflows call `record()` from their `move()`; the case timeline, the history tab and the audit
exports all read sentences from `SENTENCES`, so an event is described the same way everywhere.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from cspr.models import AccessLog, Case, CaseEvent

SENTENCES: dict[str, str] = {
    "case.opened": "Case opened",
    "case.clock_paused": "Clocks paused",
    "case.clock_resumed": "Clocks resumed",
    "deadline.started": "Deadline started",
    "deadline.reprojected": "Deadline recalculated",
    "deadline.met": "Deadline met",
    "deadline.missed": "Deadline missed",
    "partnership.closure_day_added": "Closure day declared",
    "partnership.closure_day_removed": "Closure day withdrawn",
}


def describe(code: str) -> str:
    """The sentence for an event code; an unknown code shows itself rather than vanish."""
    return SENTENCES.get(code, code)


def record(
    *,
    case: Case,
    code: str,
    by: AbstractBaseUser | None,
    stage: str = "",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    subject: str = "",
    subject_id: uuid.UUID | None = None,
    data: dict[str, Any] | None = None,
    needs_processing: bool = False,
) -> CaseEvent:
    """Write one audit row; `needs_processing` leaves it in the outbox for its side effects."""
    from django.utils import timezone

    return CaseEvent.unscoped.create(
        partnership_id=case.partnership_id,
        case=case,
        stage=stage or case.stage,
        code=code,
        by=by if by is not None and by.is_authenticated else None,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        subject=subject,
        subject_id=subject_id,
        data=data or {},
        processed_at=None if needs_processing else timezone.now(),
    )


def log_access(*, case: Case, user: AbstractBaseUser, path: str) -> None:
    """Note that a person looked at a case."""
    AccessLog.unscoped.create(partnership_id=case.partnership_id, case=case, user=user, path=path[:300])
