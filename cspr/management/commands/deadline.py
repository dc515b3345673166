"""Working-day sums from the command line, on England's calendar or a partnership's.

manage.py deadline add 2026-12-18 5              -> 2026-12-29, then the explanation
manage.py deadline between 2026-12-18 2026-12-29 -> 5, then the days skipped
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cspr.deadlines.calendar import WorkingCalendar
from cspr.deadlines.projection import describe_skipped, explain_date, project
from cspr.frameworks import Direction, Timescale, Unit

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_WORKING_DAYS = 10_000  # about 40 years: more is a typing slip, not a deadline
USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Add working days to a date, or count the working days between two dates."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser(
            "add", help="The N-th working day after DATE (before it when N is negative)."
        )
        add.add_argument("start", metavar="DATE", help="YYYY-MM-DD; it counts as day 0")
        add.add_argument("n", metavar="N", help="working days, e.g. 5 or -7")
        between = actions.add_parser("between", help="Working days after FIRST up to and including SECOND.")
        between.add_argument("first", metavar="FIRST", help="YYYY-MM-DD")
        between.add_argument("second", metavar="SECOND", help="YYYY-MM-DD")
        for sub in (add, between):
            sub.add_argument("--partnership", metavar="SLUG", help="use this partnership's calendar")

    def handle(self, *args: Any, **options: Any) -> None:
        calendar = _calendar(options.get("partnership"))
        if options["action"] == "add":
            self._add(calendar, start=_parse_date(options["start"]), n=_parse_working_days(options["n"]))
        else:
            self._between(
                calendar, first=_parse_date(options["first"]), second=_parse_date(options["second"])
            )

    def _add(self, calendar: WorkingCalendar, *, start: date, n: int) -> None:
        counting = Timescale(
            key="deadline_command",
            label="Working days",
            amount=abs(n),
            unit=Unit.WORKING_DAYS,
            start_event="start",
            direction=Direction.BEFORE if n < 0 else Direction.AFTER,
        )
        try:
            projection = project(timescale=counting, origin=start, calendar=calendar)
        except (OverflowError, ValueError):
            raise CommandError(
                f"{n} working days from {start.isoformat()} is outside the calendar.", returncode=USAGE_ERROR
            ) from None
        assert projection.due is not None  # no pauses, and the amount is set
        self.stdout.write(projection.due.date().isoformat())
        self.stdout.write(projection.explanation)

    def _between(self, calendar: WorkingCalendar, *, first: date, second: date) -> None:
        count = calendar.working_days_between(first, second)
        low, high = sorted((first, second))
        skipped = calendar.non_working_days_between(low, high + timedelta(days=1))
        skipped_text = describe_skipped(skipped, since=low) if skipped else "none"
        self.stdout.write(str(count))
        self.stdout.write(
            f"working days after {explain_date(low)} up to and including {explain_date(high)} "
            f"({calendar.label}){', negative as the second date is earlier' if second < first else ''}; "
            f"skipped {skipped_text}"
        )


def _calendar(slug: str | None) -> WorkingCalendar:
    if slug is None:
        return WorkingCalendar(region="ENG")
    from cspr.models import Partnership  # the pure sums above must not need the app registry

    try:
        return Partnership.objects.get(slug=slug).working_calendar()
    except Partnership.DoesNotExist:
        raise CommandError(
            f'There is no partnership with the slug "{slug}".', returncode=USAGE_ERROR
        ) from None


def _parse_date(value: str) -> date:
    try:
        if ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise CommandError(f'"{value}" is not a date: use YYYY-MM-DD, e.g. 2026-12-18.', returncode=USAGE_ERROR)


def _parse_working_days(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise CommandError(
            f'"{value}" is not a whole number of working days: use e.g. 5, or -7 to count back.',
            returncode=USAGE_ERROR,
        ) from None
    if abs(n) > MAX_WORKING_DAYS:
        raise CommandError(
            f"{n} working days is too many: use a number from -{MAX_WORKING_DAYS} to {MAX_WORKING_DAYS}.",
            returncode=USAGE_ERROR,
        )
    return n
