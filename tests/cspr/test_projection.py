"""Projecting a procedure's timescales into due dates, and the one-line sum shown beside each deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from cspr.deadlines.calendar import WorkingCalendar
from cspr.deadlines.projection import LONDON, Pause, Projection, add_months, explain_date, project
from cspr.frameworks import TIMESCALES, DayZero, Direction, Timescale, Unit

ENGLAND = WorkingCalendar(region="ENG")
AWAITING_POLICE = "awaiting police"


def timescale(amount: int | None, unit: Unit = Unit.WORKING_DAYS, **options) -> Timescale:
    return Timescale(
        key="test", label="Test timescale", amount=amount, unit=unit, start_event="start", **options
    )


def due_day(projection: Projection) -> date:
    assert projection.due is not None
    return projection.due.date()


def test_explain_date_has_no_leading_zero() -> None:
    assert explain_date(date(2026, 12, 4)) == "Fri 4 Dec 2026"
    assert explain_date(date(2026, 12, 29)) == "Tue 29 Dec 2026"


def test_working_days_over_christmas_shows_the_sum() -> None:
    projection = project(
        timescale=timescale(5), origin=date(2026, 12, 18), calendar=ENGLAND, origin_label="received"
    )
    assert projection.due == datetime(2026, 12, 29, 23, 59, 59, tzinfo=LONDON)
    assert projection.window_opens is None
    assert projection.explanation == (
        "received Fri 18 Dec 2026; +5 working days; skipped Sat 19, Sun 20, Fri 25 Christmas Day, Sat 26, "
        "Sun 27, Mon 28 Boxing Day (substitute); due Tue 29 Dec 2026"
    )
    assert projection.skipped == [
        (date(2026, 12, 19), "Saturday"),
        (date(2026, 12, 20), "Sunday"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 26), "Saturday"),
        (date(2026, 12, 27), "Sunday"),
        (date(2026, 12, 28), "Boxing Day (substitute)"),
    ]


def test_origin_label_defaults_to_start() -> None:
    projection = project(timescale=timescale(1), origin=date(2026, 12, 21), calendar=ENGLAND)
    assert projection.explanation == "start Mon 21 Dec 2026; +1 working day; due Tue 22 Dec 2026"


def test_skipped_days_name_a_new_month() -> None:
    projection = project(timescale=timescale(10), origin=date(2026, 12, 22), calendar=ENGLAND)
    assert due_day(projection) == date(2027, 1, 8)
    assert (
        "Mon 28 Boxing Day (substitute), Fri 1 Jan 2027 New Year's Day, Sat 2, Sun 3; due Fri 8 Jan 2027"
        in (projection.explanation)
    )


def test_day_one_convention_lands_one_working_day_earlier() -> None:
    day_one = timescale(5, day_zero=DayZero.START_IS_DAY_1)
    projection = project(
        timescale=day_one, origin=date(2026, 12, 18), calendar=ENGLAND, origin_label="received"
    )
    assert due_day(projection) == date(2026, 12, 24)
    assert projection.explanation == (
        "received Fri 18 Dec 2026; +5 working days, counting Fri 18 as day 1; skipped Sat 19, Sun 20; "
        "due Thu 24 Dec 2026"
    )


def test_day_one_convention_changes_nothing_from_a_weekend() -> None:
    day_one = timescale(5, day_zero=DayZero.START_IS_DAY_1)
    saturday = date(2026, 12, 19)
    assert due_day(project(timescale=day_one, origin=saturday, calendar=ENGLAND)) == date(2026, 12, 29)


def test_window_opens_and_closes_in_working_days() -> None:
    rapid_review = TIMESCALES["rapid_review_meeting"]  # between 7 and 13 working days of the referral
    projection = project(
        timescale=rapid_review, origin=date(2026, 12, 10), calendar=ENGLAND, origin_label="referral received"
    )
    assert projection.window_opens == datetime(2026, 12, 21, 23, 59, 59, tzinfo=LONDON)
    assert due_day(projection) == date(2026, 12, 31)
    assert projection.explanation == (
        "referral received Thu 10 Dec 2026; +7 to +13 working days; skipped Sat 12, Sun 13, Sat 19, Sun 20, "
        "Fri 25 Christmas Day, Sat 26, Sun 27, Mon 28 Boxing Day (substitute); window opens Mon 21 Dec 2026; "
        "due Thu 31 Dec 2026"
    )


def test_working_days_before_publication() -> None:
    copies = TIMESCALES["copies_before_publication"]
    projection = project(
        timescale=copies, origin=date(2026, 12, 15), calendar=ENGLAND, origin_label="publication"
    )
    assert projection.explanation == (
        "publication Tue 15 Dec 2026; 7 working days before; skipped Sat 5, Sun 6, Sat 12, Sun 13; "
        "due Fri 4 Dec 2026"
    )


def test_time_of_day() -> None:
    by_5pm = timescale(5, time_of_day=time(17))
    projection = project(
        timescale=by_5pm, origin=date(2026, 12, 18), calendar=ENGLAND, origin_label="received"
    )
    assert projection.due == datetime(2026, 12, 29, 17, 0, tzinfo=LONDON)
    assert projection.explanation.endswith("; due by 5pm Tue 29 Dec 2026")


def test_due_is_end_of_day_london_even_in_summer() -> None:
    projection = project(timescale=timescale(1), origin=date(2026, 7, 1), calendar=ENGLAND)
    assert projection.due == datetime(2026, 7, 2, 22, 59, 59, tzinfo=UTC)


def test_origin_given_as_an_aware_datetime_counts_from_its_london_date() -> None:
    late_evening = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # already 2 July in London
    assert due_day(project(timescale=timescale(1), origin=late_evening, calendar=ENGLAND)) == date(2026, 7, 3)


@pytest.mark.parametrize(
    ("start", "months", "due", "clamped"),
    [
        (date(2026, 3, 31), 6, date(2026, 9, 30), True),
        (date(2026, 8, 31), 6, date(2027, 2, 28), True),
        (date(2027, 8, 31), 6, date(2028, 2, 29), True),
        (date(2026, 1, 15), 12, date(2027, 1, 15), False),
        (date(2026, 3, 31), -1, date(2026, 2, 28), True),
    ],
)
def test_add_months_clamps_to_the_month_end(start: date, months: int, due: date, clamped: bool) -> None:
    assert add_months(start, months) == (due, clamped)


def test_months_explain_the_clamp() -> None:
    review = TIMESCALES["complete_local_review"]
    projection = project(
        timescale=review, origin=date(2026, 3, 31), calendar=ENGLAND, origin_label="decision"
    )
    assert projection.explanation == (
        "decision Tue 31 Mar 2026; +6 months; 31 Sep does not exist, so the last day of the month; "
        "due Wed 30 Sep 2026"
    )


def test_months_do_not_roll_off_a_weekend() -> None:
    projection = project(timescale=timescale(6, Unit.MONTHS), origin=date(2026, 8, 31), calendar=ENGLAND)
    assert due_day(projection) == date(2027, 2, 28)  # a Sunday


def test_calendar_days_and_weeks() -> None:
    ten_days = project(
        timescale=timescale(10, Unit.CALENDAR_DAYS), origin=date(2026, 12, 18), calendar=ENGLAND
    )
    assert due_day(ten_days) == date(2026, 12, 28)
    assert ten_days.explanation == "start Fri 18 Dec 2026; +10 calendar days; due Mon 28 Dec 2026"
    two_weeks = project(timescale=timescale(2, Unit.WEEKS), origin=date(2026, 12, 22), calendar=ENGLAND)
    assert due_day(two_weeks) == date(2027, 1, 5)
    assert two_weeks.explanation == "start Tue 22 Dec 2026; +2 weeks; due Tue 5 Jan 2027"
    press = timescale(3, Unit.CALENDAR_DAYS, direction=Direction.BEFORE)
    assert due_day(project(timescale=press, origin=date(2026, 12, 15), calendar=ENGLAND)) == date(
        2026, 12, 12
    )


def test_hours_are_plain_clock_hours() -> None:
    views = timescale(72, Unit.HOURS)
    sent = datetime(2026, 11, 13, 10, 0, tzinfo=LONDON)
    projection = project(timescale=views, origin=sent, calendar=ENGLAND, origin_label="composite sent")
    assert projection.due == datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)
    assert (
        projection.explanation == "composite sent Fri 13 Nov 2026 10:00; +72 hours; due Mon 16 Nov 2026 10:00"
    )


def test_hours_are_elapsed_across_the_clock_change() -> None:
    sent = datetime(2026, 10, 23, 10, 0, tzinfo=LONDON)  # clocks go back on Sun 25 Oct 2026
    projection = project(timescale=timescale(72, Unit.HOURS), origin=sent, calendar=ENGLAND)
    assert projection.due == datetime(2026, 10, 26, 9, 0, tzinfo=LONDON)


def test_pause_extends_working_days() -> None:
    paused = Pause(start=date(2026, 12, 3), end=date(2026, 12, 17), reason=AWAITING_POLICE)
    projection = project(timescale=timescale(5), origin=date(2026, 12, 1), calendar=ENGLAND, pauses=[paused])
    # WD1 Wed 2; paused Thu 3 to Wed 16; the clock runs again on Thu 17 (WD2) and reaches WD5 on Tue 22.
    assert due_day(projection) == date(2026, 12, 22)
    assert projection.explanation == (
        "start Tue 1 Dec 2026; +5 working days; skipped Thu 3 to Wed 16 paused: awaiting police, Sat 19, Sun 20; "
        "due Tue 22 Dec 2026"
    )
    assert (date(2026, 12, 7), "paused: awaiting police") in projection.skipped


def test_pause_after_the_deadline_changes_nothing() -> None:
    later = Pause(start=date(2027, 1, 4), end=date(2027, 1, 8), reason=AWAITING_POLICE)
    projection = project(timescale=timescale(5), origin=date(2026, 12, 18), calendar=ENGLAND, pauses=[later])
    assert due_day(projection) == date(2026, 12, 29)


def test_pause_extends_months_by_the_paused_calendar_days() -> None:
    paused = Pause(start=date(2026, 6, 1), end=date(2026, 6, 15), reason=AWAITING_POLICE)
    review = TIMESCALES["complete_local_review"]
    projection = project(
        timescale=review, origin=date(2026, 3, 31), calendar=ENGLAND, pauses=[paused], origin_label="decision"
    )
    assert due_day(projection) == date(2026, 10, 14)
    assert projection.explanation == (
        "decision Tue 31 Mar 2026; +6 months; 31 Sep does not exist, so the last day of the month; "
        "clock stopped 14 days from Mon 1 Jun 2026 (awaiting police); due Wed 14 Oct 2026"
    )


def test_open_pause_stops_the_clock() -> None:
    open_pause = Pause(start=date(2026, 12, 3), end=None, reason=AWAITING_POLICE)
    for unit in (Unit.WORKING_DAYS, Unit.MONTHS):
        projection = project(
            timescale=timescale(5, unit), origin=date(2026, 12, 1), calendar=ENGLAND, pauses=[open_pause]
        )
        assert projection.due is None
        assert projection.window_opens is None
        assert projection.explanation.endswith("; clock stopped since Thu 3 Dec 2026 (awaiting police)")


def test_counting_back_from_publication_is_not_paused() -> None:
    open_pause = Pause(start=date(2026, 12, 1), end=None, reason=AWAITING_POLICE)
    copies = TIMESCALES["copies_before_publication"]
    projection = project(timescale=copies, origin=date(2026, 12, 15), calendar=ENGLAND, pauses=[open_pause])
    assert due_day(projection) == date(2026, 12, 4)


def test_closure_days_appear_with_their_reason() -> None:
    closed = WorkingCalendar(region="ENG", closure_days={date(2026, 12, 24): "Christmas Eve closure"})
    projection = project(timescale=timescale(1), origin=date(2026, 12, 23), calendar=closed)
    assert projection.explanation == (
        "start Wed 23 Dec 2026; +1 working day; skipped Thu 24 Christmas Eve closure, Fri 25 Christmas Day, "
        "Sat 26, Sun 27, Mon 28 Boxing Day (substitute); due Tue 29 Dec 2026"
    )


def test_timescale_not_set() -> None:
    projection = project(timescale=TIMESCALES["subgroup_views"], origin=date(2026, 12, 1), calendar=ENGLAND)
    assert projection.due is None
    assert "not set by this procedure" in projection.explanation
