"""The case timeline as a picture: each clock as a bar from its start to its due date, pauses, met
and missed marks, stage changes along the top and a line for today, so a chair sees at a glance what
is late. Rendered server-side as SVG (no JavaScript); the deadlines table beside it is the text version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from cspr.audit import describe
from cspr.models import Case, CaseEvent, Deadline

WIDTH = 960
LABEL_WIDTH = 330
ROW_HEIGHT = 28
TOP = 46
LABEL_ROOM = 70  # the width of a month's label ("Sep 2026") in the picture's units
STAGE_CODES = {"case.opened", "rapid_review.opened", "rapid_review.meeting_held", "rapid_review.submitted"}


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    y: float
    status: str  # "met" | "overdue" | "open" | "paused"
    end_x: float
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str

    @property
    def anchor(self) -> str:
        """Labels read rightwards from their line, except near the right edge, where they would be cut off."""
        return "end" if self.x > WIDTH - LABEL_ROOM else "start"

    @property
    def label_x(self) -> float:
        return round(self.x - 3 if self.anchor == "end" else self.x + 3, 1)


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    months: list[Tick]
    stages: list[Tick]
    today_x: float | None
    description: str

    @property
    def today(self) -> Tick | None:
        return Tick(x=self.today_x, label="Today") if self.today_x is not None else None


def _day(value) -> date:
    return timezone.localtime(value).date()


def build(case: Case, deadlines: list[Deadline], *, today: date | None = None) -> Timeline | None:
    """Lay the case's clocks out on one date axis; None when there is nothing to draw."""
    today = today or timezone.localdate()
    drawn = [d for d in deadlines if d.cancelled_at is None]
    if not drawn:
        return None
    starts = [_day(d.origin) for d in drawn]
    ends = [_day(d.due_at) for d in drawn if d.due_at] + [_day(d.met_at) for d in drawn if d.met_at]
    first = min(starts) - timedelta(days=1)
    last = max([*ends, today, *starts]) + timedelta(days=2)
    span = max((last - first).days, 1)
    scale = (WIDTH - LABEL_WIDTH - 10) / span

    def x(day: date) -> float:
        return round(LABEL_WIDTH + (day - first).days * scale, 1)

    bars = []
    for row, deadline in enumerate(drawn):
        start = _day(deadline.origin)
        end = (
            _day(deadline.met_at)
            if deadline.met_at
            else (_day(deadline.due_at) if deadline.due_at else today)
        )
        if deadline.met_at:
            status = "met"
        elif deadline.due_at is None:
            status = "paused"
        elif deadline.due_at < timezone.now():
            status = "overdue"
        else:
            status = "open"
        due = f"due {_day(deadline.due_at):%-d %b %Y}" if deadline.due_at else "clock paused"
        bars.append(
            Bar(
                label=deadline.label[:48],
                x=x(start),
                width=max(x(end) - x(start), 3),
                y=TOP + row * ROW_HEIGHT,
                status=status,
                end_x=x(_day(deadline.due_at)) if deadline.due_at else x(end),
                title=f"{deadline.label}: {due} ({status})",
            )
        )
    # A gridline a month for a short case; every quarter or year for one that runs for years, so the
    # picture stays readable (and cheap to draw) however long the case.
    step = 1 if span <= 550 else 3 if span <= 1500 else 12
    months, cursor = [], first.replace(day=1)
    while cursor <= last:
        if cursor >= first and (cursor.month - 1) % step == 0:
            months.append(Tick(x=x(cursor), label=f"{cursor:%b %Y}" if step < 12 else f"{cursor:%Y}"))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    # Read through the index caseevent_case_code: a handful of rows however long the case's history.
    events = (
        CaseEvent.objects.filter(case=case, code__in=STAGE_CODES).order_by("at").values_list("at", "code")
    )
    stages = [Tick(x=x(_day(at)), label=describe(code)) for at, code in events if first <= _day(at) <= last]
    overdue = sum(b.status == "overdue" for b in bars)
    return Timeline(
        width=WIDTH,
        height=TOP + len(bars) * ROW_HEIGHT + 10,
        label_width=LABEL_WIDTH,
        bars=bars,
        months=months,
        stages=stages,
        today_x=x(today) if first <= today <= last else None,
        description=f"{len(bars)} deadline{'s' if len(bars) != 1 else ''}, {overdue} overdue, from {first:%-d %b %Y} to {last:%-d %b %Y}.",
    )
