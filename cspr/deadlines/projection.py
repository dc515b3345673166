"""Project a procedure's timescale from its start event into a due date, with the sum shown in plain English.

Pure: no models, no database. Conventions (see cspr/frameworks.py and shared/notes/seeds-000-001.md):
- working days: the start is day 0 (or day 1 when the framework says so), bank holidays and closures skipped;
- calendar days, weeks and months: no weekend roll; months keep the day number, clamped to the month's end;
- hours: elapsed clock hours, weekends included (72 hours from Fri 10:00 is Mon 10:00);
- pauses stop a clock counting after its start event; a deadline counted back from a fixed event (e.g.
  publication) is not paused.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from cspr.deadlines.calendar import DAY_NAMES, WorkingCalendar
from cspr.frameworks import DayZero, Direction, Timescale, Unit

LONDON = ZoneInfo("Europe/London")
END_OF_DAY = time(23, 59, 59)
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKENDS = {DAY_NAMES[5], DAY_NAMES[6]}


@dataclass(frozen=True)
class Pause:
    """The clock stopped on `start` and runs again from `end` (None: still stopped)."""

    start: date
    end: date | None
    reason: str


@dataclass(frozen=True)
class Projection:
    """Where a timescale falls due (London time), or None while the clock is stopped or not set."""

    due: datetime | None
    window_opens: datetime | None
    skipped: list[tuple[date, str]]
    explanation: str


def explain_date(day: date) -> str:
    """A date as "Tue 29 Dec 2026"."""
    return f"{DAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def explain_time(moment: time) -> str:
    """A time of day as "5pm" or "5:30pm"."""
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def add_months(day: date, months: int) -> tuple[date, bool]:
    """`day` moved by whole months, clamped to the month's end; True when it was clamped."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last)), day.day > last


def project(
    *,
    timescale: Timescale,
    origin: date | datetime,
    calendar: WorkingCalendar,
    pauses: Sequence[Pause] = (),
    origin_label: str | None = None,
) -> Projection:
    """Project `timescale` from `origin` on `calendar`, stopping the clock for `pauses`."""
    if timescale.amount is None:
        return Projection(
            due=None,
            window_opens=None,
            skipped=[],
            explanation=f"{timescale.label}: not set by this procedure",
        )
    start = _in_london(origin)
    label = origin_label or "start"
    if timescale.direction == Direction.BEFORE:
        pauses = ()
    if timescale.unit == Unit.WORKING_DAYS:
        return _project_working_days(timescale, start.date(), calendar, pauses, label)
    return _project_elapsed(timescale, start, pauses, label)


def _in_london(origin: date | datetime) -> datetime:
    if isinstance(origin, datetime):
        return origin.astimezone(LONDON) if origin.tzinfo else origin.replace(tzinfo=LONDON)
    return datetime.combine(origin, time.min, tzinfo=LONDON)


def _project_working_days(
    timescale: Timescale, start: date, calendar: WorkingCalendar, pauses: Sequence[Pause], label: str
) -> Projection:
    paused = {
        start + timedelta(days=offset): f"paused: {pause.reason}"
        for pause in pauses
        if pause.end is not None
        for offset in range(max((pause.start - start).days, 1), (pause.end - start).days)
    }
    backwards = timescale.direction == Direction.BEFORE
    # Day 1 reading (e.g. the Cambridgeshire flowchart): a working start day is itself the first day.
    day_one = timescale.day_zero == DayZero.START_IS_DAY_1 and calendar.is_working_day(
        start, extra_non_working=paused
    )

    def nth(amount: int) -> date:
        counted = amount - 1 if day_one and amount > 0 else amount
        return calendar.add_working_days(start, -counted if backwards else counted, extra_non_working=paused)

    amount = timescale.amount or 0
    due = nth(amount)
    steps = _steps(amount, timescale.window_from, "working day", backwards=backwards)
    if day_one:
        steps += f", counting {_short(start, start)} as day 1"
    parts = [f"{label} {explain_date(start)}", steps]
    stopped = _open_pause(pauses, due)
    if stopped is not None:
        parts.append(stopped)
        return Projection(due=None, window_opens=None, skipped=[], explanation="; ".join(parts))
    skipped = calendar.non_working_days_between(start, due, extra_non_working=paused)
    if skipped:
        parts.append("skipped " + describe_skipped(skipped, since=start))
    window = nth(timescale.window_from) if timescale.window_from is not None else None
    if window is not None:
        parts.append(f"window opens {explain_date(window)}")
    parts.append(_due_text(due, timescale.time_of_day))
    return Projection(
        due=_at(due, timescale.time_of_day),
        window_opens=_at(window, timescale.time_of_day) if window is not None else None,
        skipped=skipped,
        explanation="; ".join(parts),
    )


def _project_elapsed(
    timescale: Timescale, start: datetime, pauses: Sequence[Pause], label: str
) -> Projection:
    amount = timescale.amount or 0
    sign = -1 if timescale.direction == Direction.BEFORE else 1
    unit = timescale.unit
    if unit == Unit.HOURS:
        origin_text = f"{explain_date(start.date())} {start:%H:%M}"
    else:
        origin_text = explain_date(start.date())
    steps = _steps(amount, timescale.window_from, unit.label.removesuffix("s"), backwards=sign < 0)
    parts = [f"{label} {origin_text}", steps]

    def moved(amount: int) -> datetime:
        if unit == Unit.HOURS:  # elapsed time: across a clock change the wall-clock hour shifts
            return (start.astimezone(UTC) + timedelta(hours=sign * amount)).astimezone(LONDON)
        if unit == Unit.MONTHS:
            day, _ = add_months(start.date(), sign * amount)
        else:
            days = amount * 7 if unit == Unit.WEEKS else amount
            if unit == Unit.CALENDAR_DAYS and timescale.day_zero == DayZero.START_IS_DAY_1 and days > 0:
                days -= 1
            day = start.date() + timedelta(days=sign * days)
        return datetime.combine(day, timescale.time_of_day or END_OF_DAY, tzinfo=LONDON)

    due = moved(amount)
    if unit == Unit.MONTHS and add_months(start.date(), sign * amount)[1]:
        wanted = start.date().day
        month = MONTH_NAMES[due.month - 1]
        parts.append(f"{wanted} {month} does not exist, so the last day of the month")
    window = moved(timescale.window_from) if timescale.window_from is not None else None
    due, skipped, notes = _extend_by_pauses(due, start.date(), pauses)
    parts.extend(notes)
    stopped = _open_pause(pauses, due.date())
    if stopped is not None:
        parts.append(stopped)
        return Projection(due=None, window_opens=None, skipped=[], explanation="; ".join(parts))
    if window is not None:
        window = _extend_by_pauses(window, start.date(), pauses)[0]
        parts.append(f"window opens {_moment_text(window, unit)}")
    if unit == Unit.HOURS:
        parts.append(f"due {_moment_text(due, unit)}")
    else:
        parts.append(_due_text(due.date(), timescale.time_of_day))
    return Projection(due=due, window_opens=window, skipped=skipped, explanation="; ".join(parts))


def _extend_by_pauses(
    due: datetime, start: date, pauses: Sequence[Pause]
) -> tuple[datetime, list[tuple[date, str]], list[str]]:
    """Move `due` later by each closed pause that began before it fell due, counting days after the start."""
    skipped: list[tuple[date, str]] = []
    notes: list[str] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.end is None or pause.start > due.date():
            continue
        first = max(pause.start, start + timedelta(days=1))
        days = (pause.end - first).days
        if days <= 0:
            continue
        due += timedelta(days=days)
        skipped.extend((first + timedelta(days=i), f"paused: {pause.reason}") for i in range(days))
        notes.append(f"clock stopped {_plural(days, 'day')} from {explain_date(first)} ({pause.reason})")
    return due, skipped, notes


def _open_pause(pauses: Sequence[Pause], due: date) -> str | None:
    """The explanation of a still-open pause that began before the deadline fell, if any."""
    for pause in pauses:
        if pause.end is None and pause.start <= due:
            return f"clock stopped since {explain_date(pause.start)} ({pause.reason})"
    return None


def _at(day: date, time_of_day: time | None) -> datetime:
    return datetime.combine(day, time_of_day or END_OF_DAY, tzinfo=LONDON)


def _due_text(day: date, time_of_day: time | None) -> str:
    by = f"by {explain_time(time_of_day)} " if time_of_day else ""
    return f"due {by}{explain_date(day)}"


def _moment_text(moment: datetime, unit: Unit) -> str:
    return (
        f"{explain_date(moment.date())} {moment:%H:%M}" if unit == Unit.HOURS else explain_date(moment.date())
    )


def _steps(amount: int, window_from: int | None, noun: str, *, backwards: bool) -> str:
    """ "+5 working days", "+7 to +13 working days", "7 working days before"."""
    if window_from is None:
        return f"{_plural(amount, noun)} before" if backwards else f"+{_plural(amount, noun)}"
    if backwards:
        return f"between {window_from} and {amount} {noun}s before"
    return f"+{window_from} to +{amount} {noun}s"


def _plural(amount: int, noun: str) -> str:
    return f"{amount} {noun}" if amount == 1 else f"{amount} {noun}s"


def _short(day: date, previous: date) -> str:
    """ "Sat 19", naming the month (and year) only when it differs from the date mentioned before."""
    text = f"{DAY_NAMES[day.weekday()][:3]} {day.day}"
    if (day.year, day.month) != (previous.year, previous.month):
        text += f" {MONTH_NAMES[day.month - 1]}"
    if day.year != previous.year:
        text += f" {day.year}"
    return text


def describe_skipped(skipped: Sequence[tuple[date, str]], *, since: date) -> str:
    """ "Sat 19, Sun 20, Fri 25 Christmas Day": months named only where they change after `since`."""
    items = []
    previous = since
    # A run is consecutive days with the same reason; weekends stay single so they read "Sat 19, Sun 20".
    runs: list[list[tuple[date, str]]] = []
    for _, group in groupby(
        enumerate(skipped), key=lambda item: (item[1][0].toordinal() - item[0], item[1][1])
    ):
        runs.append([day for _, day in group])
    for run in runs:
        first, reason = run[0]
        if reason in WEEKENDS:
            for day, _ in run:
                items.append(_short(day, previous))
                previous = day
            continue
        text = _short(first, previous)
        if len(run) > 1:
            text += f" to {_short(run[-1][0], first)}"
        items.append(f"{text} {reason}")
        previous = run[-1][0]
    return ", ".join(items)
