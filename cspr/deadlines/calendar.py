"""Working days: Monday to Friday, less the region's bank holidays and a partnership's closure days.

The fast path numbers every Monday-to-Friday consecutively (`_weekday_index`), so counting is arithmetic
over whole weeks and only the few closed weekdays (bank holidays, closures, paused days) need a bisect.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

import holidays

REGIONS: Mapping[str, str] = MappingProxyType(
    {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@cache
def bank_holidays(region: str, year: int) -> Mapping[date, str]:
    """The region's bank holidays in `year`, with GOV.UK's "(substitute)" for the library's "(observed)"."""
    found = holidays.country_holidays("GB", subdiv=region, years=year)
    return MappingProxyType(
        {
            day: name.replace("(observed)", "(substitute)")
            for day, name in sorted(found.items())
            if day.year == year
        }
    )


def _weekday_index(day: date) -> int:
    """How many Mondays to Fridays fall from 1 Jan of year 1 up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)  # ordinal 1 is a Monday
    return weeks * 5 + min(rest, 5)


def _weekday_at(index: int) -> date:
    """The Monday-to-Friday numbered `index` by `_weekday_index`."""
    weeks, rest = divmod(index - 1, 5)
    return date.fromordinal(weeks * 7 + rest + 1)


@dataclass(frozen=True)
class WorkingCalendar:
    """A partnership's working days: weekends, its region's bank holidays and its declared closure days."""

    region: str = "ENG"
    closure_days: Mapping[date, str] = field(default_factory=dict, hash=False)
    name: str = ""
    _closed_by_year: dict[int, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if self.region not in REGIONS:
            raise ValueError(f"Unknown region {self.region!r}; expected one of {', '.join(REGIONS)}")
        # A read-only copy: the calendar is shared by every deadline of a scan and must not drift.
        object.__setattr__(self, "closure_days", MappingProxyType(dict(self.closure_days)))

    @property
    def label(self) -> str:
        return self.name or f"{REGIONS[self.region]} bank holidays"

    def non_working_reason(
        self, day: date, *, extra_non_working: Mapping[date, str] | None = None
    ) -> str | None:
        """Why `day` is not a working day ("Saturday", "Christmas Day", a closure reason), or None."""
        if extra_non_working and day in extra_non_working:
            return extra_non_working[day]
        if day.weekday() >= 5:
            return DAY_NAMES[day.weekday()]
        return bank_holidays(self.region, day.year).get(day) or self.closure_days.get(day)

    def is_working_day(self, day: date, *, extra_non_working: Mapping[date, str] | None = None) -> bool:
        """Whether `day` is a working day."""
        return self.non_working_reason(day, extra_non_working=extra_non_working) is None

    def add_working_days(
        self, start: date, n: int, *, extra_non_working: Mapping[date, str] | None = None
    ) -> date:
        """The n-th working day after `start` (day 0), or before it when n is negative."""
        if n == 0:
            if self.is_working_day(start, extra_non_working=extra_non_working):
                return start
            n = 1
        extra = _weekday_indexes(extra_non_working)
        if n > 0:
            origin = _weekday_index(start)
            last_year = _weekday_at(origin + n).year
            while True:  # load one more year whenever the closed days pushed the answer past the loaded ones
                closed = self._closed_weekdays(start.year, last_year, extra)
                found = _nth_after(origin, n, closed)
                if found.year <= last_year:
                    return found
                last_year = found.year
        end = _weekday_index(start - timedelta(days=1))  # the last Monday-to-Friday before start
        first_year = _weekday_at(end + n + 1).year
        while True:
            closed = self._closed_weekdays(first_year, start.year, extra)
            found = _nth_before(end, -n, closed)
            if found.year >= first_year:
                return found
            first_year = found.year

    def working_days_between(
        self, a: date, b: date, *, extra_non_working: Mapping[date, str] | None = None
    ) -> int:
        """How many working days d have a < d <= b; negative when b is before a."""
        if b < a:
            return -self.working_days_between(b, a, extra_non_working=extra_non_working)
        closed = self._closed_weekdays(a.year, b.year, _weekday_indexes(extra_non_working))
        low, high = _weekday_index(a), _weekday_index(b)
        return (high - low) - (bisect.bisect_right(closed, high) - bisect.bisect_right(closed, low))

    def non_working_days_between(
        self, a: date, b: date, *, extra_non_working: Mapping[date, str] | None = None
    ) -> list[tuple[date, str]]:
        """The non-working days strictly between a and b (in either order), earliest first, with reasons."""
        if b < a:
            a, b = b, a
        found = []
        day = a + timedelta(days=1)
        while day < b:
            reason = self.non_working_reason(day, extra_non_working=extra_non_working)
            if reason is not None:
                found.append((day, reason))
            day += timedelta(days=1)
        return found

    def _closed_weekdays(self, first_year: int, last_year: int, extra: frozenset[int]) -> list[int]:
        """Sorted weekday indexes of the bank holidays, closures and `extra` days from first_year to last_year."""
        closed = [index for year in range(first_year, last_year + 1) for index in self._closed_in_year(year)]
        if extra:
            return sorted(extra.union(closed))
        return closed

    def _closed_in_year(self, year: int) -> tuple[int, ...]:
        cached = self._closed_by_year.get(year)
        if cached is None:
            days = set(bank_holidays(self.region, year)) | {d for d in self.closure_days if d.year == year}
            cached = tuple(sorted(_weekday_index(d) for d in days if d.weekday() < 5))
            self._closed_by_year[year] = cached
        return cached


def _weekday_indexes(days: Mapping[date, str] | None) -> frozenset[int]:
    return frozenset(_weekday_index(d) for d in days if d.weekday() < 5) if days else frozenset()


def _nth_after(origin: int, n: int, closed: list[int]) -> date:
    """The n-th open weekday after weekday index `origin`, each closed weekday on the way pushing it one on."""
    k = bisect.bisect_right(closed, origin)
    candidate = origin + n
    while k < len(closed) and closed[k] <= candidate:
        candidate += 1
        k += 1
    return _weekday_at(candidate)


def _nth_before(end: int, n: int, closed: list[int]) -> date:
    """The n-th open weekday counting back from weekday index `end` (which counts as the first)."""
    k = bisect.bisect_right(closed, end) - 1
    candidate = end - (n - 1)
    while k >= 0 and closed[k] >= candidate:
        candidate -= 1
        k -= 1
    return _weekday_at(candidate)
