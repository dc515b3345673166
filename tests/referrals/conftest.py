"""Referral tests run on Wednesday 4 March 2026, so "in the future" and the clocks are fixed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

TODAY = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def wednesday_4_march_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)
