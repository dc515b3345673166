from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _friday_18_december_2026(time_machine):
    """A Friday before Christmas: return clocks cross Christmas Day, Boxing Day (substitute) and New Year's Day."""
    time_machine.move_to(datetime(2026, 12, 18, 10, 0, tzinfo=LONDON), tick=False)
