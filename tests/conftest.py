"""Shared fixtures: two partnerships (A and B) and the standard cast of people in them."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import Client, override_settings

from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from tests.factories import AgencyFactory, CaseFactory, PartnershipFactory, member


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Every test signs people in or makes users; a million PBKDF2 rounds (~0.3 s) per user only costs time
    here. Session-wide, so module-scoped fixtures that make users get it too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads and stored PDFs go to a per-test folder, never the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def complete_two_factor(client: Client, user) -> None:
    """Mark the client's session as past the two-factor step, as if a code from the app had been typed."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test authenticator", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class VerifiedClient(Client):
    """The test client, signed in past the two-factor step (tests of that step use `unverified_client`)."""

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        complete_two_factor(self, user)

    def login(self, **credentials) -> bool:
        credentials.setdefault("request", HttpRequest())  # django-axes' backend needs the request
        signed_in = super().login(**credentials)
        if signed_in:
            complete_two_factor(self, _user(self.session["_auth_user_id"]))
        return signed_in


def streamed(response) -> bytes:
    """A file response's body, with its file closed, as a browser would leave it.

    `response.close()` would also fire request_finished, which closes the test's database connection
    (the test client only silences that signal while a request is running).
    """
    from django.core.signals import request_finished
    from django.db import close_old_connections

    body = b"".join(response.streaming_content)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return body


def _user(pk):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=pk)


@pytest.fixture
def client() -> Client:
    return VerifiedClient()


@pytest.fixture
def unverified_client() -> Client:
    """Django's plain test client: `force_login` signs in with the password step only."""
    return Client()


@pytest.fixture(autouse=True)
def require_two_factor(settings) -> None:
    """Tests run as production does (CSPR_REQUIRE_2FA defaults to off only for the local demo)."""
    settings.CSPR_REQUIRE_2FA = True


@pytest.fixture
def unscoped():
    """Run a test body across partnerships (e.g. to assert on rows directly)."""
    with scopes_disabled():
        yield


@pytest.fixture
def partnership_a(db):
    return PartnershipFactory(slug="alpha", procedure="west-midlands")


@pytest.fixture
def partnership_b(db):
    return PartnershipFactory(slug="bravo", procedure="lewisham")


@pytest.fixture
def agency_a(partnership_a):
    return AgencyFactory(partnership=partnership_a, name="Alpha Hospital NHS Trust")


@pytest.fixture
def other_agency_a(partnership_a):
    return AgencyFactory(partnership=partnership_a, name="Alpha Academy Trust")


@pytest.fixture
def bo_a(partnership_a):
    return member(partnership_a, Role.BUSINESS_OFFICE, username="bo_a")


@pytest.fixture
def chair_a(partnership_a):
    return member(partnership_a, Role.CHAIR, username="chair_a")


@pytest.fixture
def reader_a(partnership_a):
    return member(partnership_a, Role.AUDITOR, username="reader_a")


@pytest.fixture
def agency_contact_a(partnership_a, agency_a):
    return member(partnership_a, Role.AGENCY_CONTACT, agency=agency_a, username="agency_a")


@pytest.fixture
def bo_b(partnership_b):
    return member(partnership_b, Role.BUSINESS_OFFICE, username="bo_b")


@pytest.fixture
def case_a(partnership_a):
    return CaseFactory(partnership=partnership_a, reference="ALPH-2026-001")


@pytest.fixture
def case_b(partnership_b):
    return CaseFactory(partnership=partnership_b, reference="BRAV-2026-001", child_pseudonym="Child B")
