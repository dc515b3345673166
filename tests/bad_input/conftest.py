from __future__ import annotations

import pytest

from tests.conftest import VerifiedClient


@pytest.fixture
def client_class():
    """A fresh client per role tried: signed in past two-factor, as in every view test."""
    return VerifiedClient
