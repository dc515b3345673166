"""The working-day calendar: hand-computed dates around bank holidays, and properties against a naive count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.deadlines.calendar import WorkingCalendar, bank_holidays

ENGLAND = WorkingCalendar(region="ENG")
SCOTLAND = WorkingCalendar(region="SCT")
CLOSED = WorkingCalendar(
    region="ENG",
    closure_days={date(2026, 12, 24): "Christmas Eve closure", date(2026, 6, 10): "office move"},
    name="Alpha SCP",
)
CALENDARS = st.sampled_from([ENGLAND, SCOTLAND, CLOSED])
DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def naive_add(calendar: WorkingCalendar, start: date, n: int) -> date:
    """Reference: step one day at a time, the way a person counts on a wall calendar."""
    if n == 0:
        return naive_add(calendar, start, 1) if not calendar.is_working_day(start) else start
    step = timedelta(days=1 if n > 0 else -1)
    day, left = start, abs(n)
    while left:
        day += step
        if calendar.is_working_day(day):
            left -= 1
    return day


def naive_between(calendar: WorkingCalendar, a: date, b: date) -> int:
    if b < a:
        return -naive_between(calendar, b, a)
    return sum(calendar.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2026, 12, 18), 5, date(2026, 12, 29)),  # Fri 25 Christmas, Mon 28 substitute Boxing Day
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 2, date(2026, 12, 30)),
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # Fri 1 Jan New Year's Day
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday 3 Apr, Easter Monday 6 Apr
        (date(2026, 4, 1), 3, date(2026, 4, 8)),
        (date(2026, 12, 19), 1, date(2026, 12, 21)),  # a Saturday start is still day 0
        (date(2026, 12, 18), 0, date(2026, 12, 18)),
        (date(2026, 12, 25), 0, date(2026, 12, 29)),  # day 0 on a holiday: the next working day
        (date(2026, 12, 15), -7, date(2026, 12, 4)),  # 7 working days before publication
        (date(2026, 12, 29), -1, date(2026, 12, 24)),
        (date(2026, 4, 7), -2, date(2026, 4, 1)),
        (date(2027, 1, 4), -1, date(2026, 12, 31)),
    ],
)
def test_add_working_days_in_england(start: date, n: int, due: date) -> None:
    assert ENGLAND.add_working_days(start, n) == due


def test_scotland_keeps_2_january_and_st_andrews_day() -> None:
    assert ENGLAND.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert SCOTLAND.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)  # 1 and 2 Jan
    # St Andrew's Day 2025 is a Sunday: Scotland's substitute is Monday 1 December.
    assert SCOTLAND.non_working_reason(date(2025, 12, 1)) == "Saint Andrew's Day (substitute)"
    assert ENGLAND.add_working_days(date(2025, 11, 28), 1) == date(2025, 12, 1)
    assert SCOTLAND.add_working_days(date(2025, 11, 28), 1) == date(2025, 12, 2)
    # Easter Monday is not a bank holiday in Scotland.
    assert SCOTLAND.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 6)


def test_closure_day_is_skipped_with_its_reason() -> None:
    assert CLOSED.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 29)
    assert CLOSED.non_working_reason(date(2026, 12, 24)) == "Christmas Eve closure"
    assert CLOSED.working_days_between(date(2026, 6, 8), date(2026, 6, 12)) == 3
    assert CLOSED.label == "Alpha SCP"


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2026, 12, 19), "Saturday"),
        (date(2026, 12, 20), "Sunday"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 26), "Saturday"),  # Boxing Day falls on a Saturday: the weekend says why
        (date(2026, 12, 28), "Boxing Day (substitute)"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 12, 29), None),
    ],
)
def test_non_working_reason(day: date, reason: str | None) -> None:
    assert ENGLAND.non_working_reason(day) == reason


def test_extra_non_working_days_are_skipped_per_call() -> None:
    paused = {date(2026, 12, 21): "paused: awaiting police", date(2026, 12, 22): "paused: awaiting police"}
    assert ENGLAND.add_working_days(date(2026, 12, 18), 1, extra_non_working=paused) == date(2026, 12, 23)
    assert (
        ENGLAND.non_working_reason(date(2026, 12, 21), extra_non_working=paused) == "paused: awaiting police"
    )
    assert ENGLAND.working_days_between(date(2026, 12, 18), date(2026, 12, 24), extra_non_working=paused) == 2
    assert ENGLAND.add_working_days(date(2026, 12, 18), 1) == date(2026, 12, 21)  # the calendar is unchanged


def test_working_days_between() -> None:
    assert ENGLAND.working_days_between(date(2026, 12, 18), date(2026, 12, 29)) == 5
    assert ENGLAND.working_days_between(date(2026, 12, 29), date(2026, 12, 18)) == -5
    assert ENGLAND.working_days_between(date(2026, 12, 18), date(2026, 12, 18)) == 0
    assert ENGLAND.working_days_between(date(2026, 12, 24), date(2026, 12, 28)) == 0


def test_non_working_days_between_lists_days_strictly_inside() -> None:
    assert ENGLAND.non_working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == [
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 26), "Saturday"),
        (date(2026, 12, 27), "Sunday"),
        (date(2026, 12, 28), "Boxing Day (substitute)"),
    ]


def test_bank_holidays_are_cached_and_renamed() -> None:
    assert bank_holidays("ENG", 2026) is bank_holidays("ENG", 2026)
    assert "(observed)" not in " ".join(bank_holidays("SCT", 2027).values())


def test_calendar_is_hashable_and_refuses_unknown_regions() -> None:
    assert hash(CLOSED) == hash(WorkingCalendar(region="ENG", name="Alpha SCP"))
    assert WorkingCalendar(region="ENG", name="Alpha SCP") != CLOSED
    with pytest.raises(ValueError, match="Unknown region"):
        WorkingCalendar(region="XX")


@settings(max_examples=300, deadline=None)
@given(calendar=CALENDARS, start=DATES, n=st.integers(min_value=-300, max_value=300))
def test_fast_path_matches_naive_count(calendar: WorkingCalendar, start: date, n: int) -> None:
    assert calendar.add_working_days(start, n) == naive_add(calendar, start, n)


@settings(max_examples=200, deadline=None)
@given(calendar=CALENDARS, a=DATES, days=st.integers(min_value=-400, max_value=400))
def test_between_matches_naive_count(calendar: WorkingCalendar, a: date, days: int) -> None:
    b = a + timedelta(days=days)
    assert calendar.working_days_between(a, b) == naive_between(calendar, a, b)


@given(calendar=CALENDARS, start=DATES, n=st.integers(min_value=1, max_value=300))
def test_add_then_count_round_trips(calendar: WorkingCalendar, start: date, n: int) -> None:
    assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n
    assert (
        calendar.working_days_between(calendar.add_working_days(start, -n), start - timedelta(days=1))
        == n - 1
    )


@given(calendar=CALENDARS, start=DATES, n=st.integers(min_value=-300, max_value=300))
def test_result_is_always_a_working_day(calendar: WorkingCalendar, start: date, n: int) -> None:
    due = calendar.add_working_days(start, n)
    assert calendar.non_working_reason(due) is None
    assert due.weekday() < 5
    assert due not in bank_holidays(calendar.region, due.year)
    assert due not in calendar.closure_days


@given(calendar=CALENDARS, start=DATES, n=st.integers(min_value=-300, max_value=299))
def test_monotonic_in_n(calendar: WorkingCalendar, start: date, n: int) -> None:
    earlier, later = calendar.add_working_days(start, n), calendar.add_working_days(start, n + 1)
    # Days 0 and 1 coincide when the start is not a working day (day 0 rolls forward to it).
    assert earlier < later or (n == 0 and earlier == later and not calendar.is_working_day(start))


@given(
    start=DATES,
    n=st.integers(min_value=-60, max_value=60),
    paused=st.lists(st.integers(min_value=-90, max_value=90), max_size=30),
)
def test_extra_days_match_naive_count(start: date, n: int, paused: list[int]) -> None:
    extra = {start + timedelta(days=offset): "paused: test" for offset in paused}

    def working(day: date) -> bool:
        return day not in extra and ENGLAND.is_working_day(day)

    step = timedelta(days=1 if n > 0 else -1)
    expected, left = start, abs(n)
    if n == 0 and not working(start):
        left, step = 1, timedelta(days=1)
    while left:
        expected += step
        left -= working(expected)
    assert ENGLAND.add_working_days(start, n, extra_non_working=extra) == expected
