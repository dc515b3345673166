"""The action plan stage's cast: the office and chair of A, contacts of two agencies of A, one of B."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cspr.roles import Role
from tests.factories import AgencyFactory, member

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _tuesday_1_december_2026(time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def other_contact_a(partnership_a, other_agency_a):
    return member(partnership_a, Role.AGENCY_CONTACT, agency=other_agency_a, username="agency2_a")


@pytest.fixture
def agency_b(partnership_b):
    return AgencyFactory(partnership=partnership_b, name="Bravo Hospital NHS Trust")


@pytest.fixture
def contact_b(partnership_b, agency_b):
    return member(partnership_b, Role.AGENCY_CONTACT, agency=agency_b, username="agency_b")
