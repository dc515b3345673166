"""Deadline services: start, meet, pause, resume and re-project clocks; every projection is journaled."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from cspr import audit
from cspr.deadlines.calendar import WorkingCalendar
from cspr.deadlines.projection import Pause, project
from cspr.models import Case, Deadline, DeadlinePause, DeadlineProjection, Partnership
from cspr.text import clip


def as_origin(value: date | datetime) -> datetime:
    """A start event as an aware datetime; a bare date means the start of that day, London time."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.combine(value, time.min))


def _apply_projection(deadline: Deadline, *, calendar: WorkingCalendar, cause: str) -> bool:
    """Recompute `deadline` from its stored instruction; journal and return True when it changed."""
    stored = deadline.pauses.all() if deadline.pk else []
    pauses = [Pause(start=p.started, end=p.ended, reason=p.reason) for p in stored]
    projection = project(
        timescale=deadline.instruction(),
        origin=timezone.localtime(deadline.origin),
        calendar=calendar,
        pauses=pauses,
        origin_label=deadline.origin_label,
    )
    changed = (
        deadline.due_at != projection.due
        or deadline.window_opens_at != projection.window_opens
        or deadline.explanation != projection.explanation
    )
    deadline.due_at, deadline.window_opens_at = projection.due, projection.window_opens
    deadline.explanation = projection.explanation
    if deadline.pk is None:
        deadline.save()
    elif changed:
        deadline.save(update_fields=["due_at", "window_opens_at", "explanation"])
    if changed:
        DeadlineProjection.unscoped.create(
            deadline=deadline, cause=cause, due_at=projection.due, explanation=projection.explanation
        )
    return changed


def start(
    *,
    case: Case,
    key: str,
    origin: date | datetime,
    origin_label: str,
    subject: str = "",
    subject_id: uuid.UUID | None = None,
) -> Deadline | None:
    """Start the framework's `key` clock from `origin`; None when the procedure sets no such timescale."""
    partnership = case.partnership
    timescale = partnership.framework.timescale(key)
    if not timescale.is_set:
        return None
    existing = Deadline.unscoped.filter(case=case, key=key, subject_id=subject_id, cancelled_at=None).first()
    if existing is not None:  # idempotent: starting a running clock twice keeps the first
        return existing
    deadline = Deadline(
        partnership=partnership,
        case=case,
        key=key,
        label=clip(
            timescale.label + (f": {subject}" if subject else ""),
            Deadline._meta.get_field("label").max_length,
        ),
        subject=clip(subject, Deadline._meta.get_field("subject").max_length),
        subject_id=subject_id,
        origin=as_origin(origin),
        origin_label=origin_label,
        timescale=timescale.to_data(),
    )
    _apply_projection(deadline, calendar=partnership.working_calendar(), cause="started")
    return deadline


def change_origin(*, deadline: Deadline, origin: date | datetime, cause: str) -> Deadline:
    """The start event was corrected (e.g. the awareness date): re-project from the new origin."""
    deadline.origin = as_origin(origin)
    deadline.save(update_fields=["origin"])
    _apply_projection(deadline, calendar=deadline.partnership.working_calendar(), cause=cause)
    return deadline


def meet(*, deadline: Deadline, at: datetime | None = None) -> Deadline:
    """The obligation was fulfilled; the clock stops and is kept for timeliness reporting."""
    if deadline.met_at is None:
        deadline.met_at = at or timezone.now()
        deadline.save(update_fields=["met_at"])
    return deadline


def meet_key(
    *, case: Case, key: str, subject_id: uuid.UUID | None = None, at: datetime | None = None
) -> None:
    for deadline in Deadline.unscoped.filter(case=case, key=key, subject_id=subject_id, met_at=None):
        meet(deadline=deadline, at=at)


def cancel(*, deadline: Deadline) -> None:
    if deadline.cancelled_at is None:
        deadline.cancelled_at = timezone.now()
        deadline.save(update_fields=["cancelled_at"])


def _open(deadlines: Iterable[Deadline]) -> list[Deadline]:
    return [d for d in deadlines if d.is_open]


class ClockError(ValueError):
    """A pause or resume that does not fit the clock's state."""


CLOCK_ALREADY_PAUSED = "The clocks on this case are already paused."
CLOCK_NOT_PAUSED = "The clocks on this case are not paused."
RESUME_BEFORE_PAUSE = "The clocks cannot restart before the day they were paused."


def pause_case(*, case: Case, on: date, reason: str, by: AbstractBaseUser) -> int:
    """Stop every open clock of the case from `on`; returns how many clocks were paused."""
    with transaction.atomic():
        deadlines = _open(Deadline.unscoped.select_for_update().filter(case=case))
        if any(p.ended is None for d in deadlines for p in d.pauses.all()):
            raise ClockError(CLOCK_ALREADY_PAUSED)
        calendar = case.partnership.working_calendar()
        for deadline in deadlines:
            DeadlinePause.unscoped.create(deadline=deadline, started=on, reason=reason, by=by)
            _apply_projection(deadline, calendar=calendar, cause=f"paused: {reason}")
        audit.record(case=case, code="case.clock_paused", by=by, reason=reason, data={"from": on.isoformat()})
    return len(deadlines)


def resume_case(*, case: Case, on: date, by: AbstractBaseUser) -> int:
    """Restart the case's paused clocks on `on`; the paused days extend each deadline."""
    with transaction.atomic():
        open_pauses = list(
            DeadlinePause.unscoped.select_for_update().filter(
                deadline__case=case, ended=None, deadline__met_at=None, deadline__cancelled_at=None
            )
        )
        if not open_pauses:
            raise ClockError(CLOCK_NOT_PAUSED)
        if any(on < p.started for p in open_pauses):
            raise ClockError(RESUME_BEFORE_PAUSE)
        calendar = case.partnership.working_calendar()
        for pause in open_pauses:
            pause.ended = on
            pause.save(update_fields=["ended"])
            _apply_projection(pause.deadline, calendar=calendar, cause="resumed")
        audit.record(case=case, code="case.clock_resumed", by=by, data={"on": on.isoformat()})
    return len(open_pauses)


def reproject_partnership(*, partnership: Partnership, cause: str) -> int:
    """The calendar changed (a closure day): re-project every open clock; returns how many moved."""
    calendar = partnership.working_calendar()
    moved = 0
    deadlines = Deadline.unscoped.filter(partnership=partnership, met_at=None, cancelled_at=None)
    for deadline in deadlines.prefetch_related("pauses"):
        moved += _apply_projection(deadline, calendar=calendar, cause=cause)
    return moved
