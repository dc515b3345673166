"""Open clocks in bulk for the home page tests: rows as the working-day engine leaves them."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory

from cspr.models import Deadline
from tests.factories import CaseFactory, PartnershipFactory, ScopeFreeFactory

LONDON = ZoneInfo("Europe/London")
# Wed 13 Jan 2027: "this week" runs to Sun 17 Jan.
TODAY = datetime(2027, 1, 13, 9, 0, tzinfo=LONDON)


def due(days: int, hour: int = 23, minute: int = 59) -> datetime:
    """A due time `days` after TODAY (negative: before it), at the end of the day by default."""
    return datetime.combine((TODAY + timedelta(days=days)).date(), time(hour, minute), tzinfo=LONDON)


class DeadlineFactory(ScopeFreeFactory):
    """An open clock with its stored explanation; traits for each work queue group."""

    class Meta:
        model = Deadline

    class Params:
        overdue = factory.Trait(due_at=factory.LazyFunction(lambda: due(-3)))
        due_today = factory.Trait(due_at=factory.LazyFunction(lambda: due(0)))
        due_this_week = factory.Trait(due_at=factory.LazyFunction(lambda: due(2)))
        later = factory.Trait(due_at=factory.LazyFunction(lambda: due(30)))
        paused = factory.Trait(due_at=None)
        met = factory.Trait(met_at=factory.LazyFunction(lambda: TODAY))

    partnership = factory.SubFactory(PartnershipFactory)
    case = factory.SubFactory(CaseFactory, partnership=factory.SelfAttribute("..partnership"))
    key = "complete_rapid_review"
    label = "Complete the rapid review"
    origin = factory.LazyFunction(lambda: TODAY - timedelta(days=20))
    origin_label = "became aware"
    timescale = factory.LazyFunction(dict)
    due_at = factory.LazyFunction(lambda: due(30))
    explanation = factory.LazyAttribute(
        lambda o: (
            f"became aware Mon 21 Dec 2026; +15 working days; due {o.due_at:%a %-d %b %Y}"
            if o.due_at
            else "paused"
        )
    )
