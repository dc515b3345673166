"""The review tests' cast: the standard one (tests/conftest.py) plus a reviewer and a panel member of A."""

from __future__ import annotations

import pytest

from cspr.roles import Role
from tests.factories import member


@pytest.fixture
def reviewer_a(partnership_a):
    return member(partnership_a, Role.REVIEWER, username="reviewer_a")


@pytest.fixture
def other_reviewer_a(partnership_a):
    return member(partnership_a, Role.REVIEWER, username="other_reviewer_a")


@pytest.fixture
def partner_a(partnership_a):
    return member(partnership_a, Role.PARTNER_POLICE, username="police_a")
