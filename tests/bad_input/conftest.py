from __future__ import annotations

import pytest

from tests.conftest import VerifiedClient


@pytest.fixture
def client_class():
    """A fresh client per role tried: signed in past two-factor, as in every view test."""
    return VerifiedClient


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Each page signs in a new person per role tried: no need for a slow password hash per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
