"""What goes in a person's calendar: deadlines from the core, meetings and the like from the stages.

Used by the calendar page and the private iCal feed. Each source sees only what the person's roles in
that partnership may see; stage sources are named in settings.CSPR_CALENDAR_SOURCES as
`callable(partnership=, memberships=, start=, end=) -> list[Entry]`, so the core never imports a stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from cspr.models import Deadline, Membership, Partnership
from cspr.work_queue import ROW_FIELDS, attach_partnership

MAX_DEADLINES = 500  # per partnership and range: a month of a busy partnership is well under this


@dataclass
class Entry:
    uid: str  # stable across feeds, so a calendar app updates the event instead of duplicating it
    kind: str  # "deadline" or "meeting"
    day: date
    title: str
    url: str
    detail: str = ""
    starts_at: datetime | None = None  # None: an all-day entry
    ends_at: datetime | None = None
    case_reference: str = ""
    overdue: bool = False

    @property
    def sort_key(self) -> tuple:
        return (self.day, self.starts_at.timestamp() if self.starts_at else 0, self.title)


def _can(memberships: Sequence[Membership], permission: str) -> bool:
    return any(m.can(permission) for m in memberships)


def deadline_entries(
    partnership: Partnership, memberships: Sequence[Membership], start: date, end: date
) -> list[Entry]:
    """Open deadlines due between `start` and `end`, for roles that see every deadline."""
    if not _can(memberships, "deadline.view_all"):
        return []
    tz = timezone.get_current_timezone()
    qs = (
        Deadline.objects.filter(
            partnership=partnership,
            met_at=None,
            cancelled_at=None,
            due_at__gte=datetime.combine(start, time.min, tzinfo=tz),
            due_at__lte=datetime.combine(end, time.max, tzinfo=tz),
        )
        .select_related("case")
        .only(*ROW_FIELDS)
        .order_by("due_at", "pk")[:MAX_DEADLINES]
    )
    now = timezone.now()
    entries = []
    for d in attach_partnership(qs, partnership):
        subject = f" ({d.subject})" if d.subject else ""
        entries.append(
            Entry(
                uid=f"deadline-{d.public_id}",
                kind="deadline",
                day=timezone.localtime(d.due_at).date(),
                title=f"{d.case.reference}: {d.label}{subject}",
                url=d.case.get_absolute_url(),
                detail=d.explanation,
                case_reference=d.case.reference,
                overdue=d.due_at < now,
            )
        )
    return entries


def entries(
    partnership: Partnership, memberships: Sequence[Membership], start: date, end: date
) -> list[Entry]:
    """Everything in the calendar between `start` and `end` (inclusive) that these roles may see."""
    found = deadline_entries(partnership, memberships, start, end)
    for path in settings.CSPR_CALENDAR_SOURCES:
        found.extend(
            import_string(path)(partnership=partnership, memberships=memberships, start=start, end=end)
        )
    return sorted(found, key=lambda e: e.sort_key)
