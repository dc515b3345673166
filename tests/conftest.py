"""Shared fixtures: two partnerships (A and B) and the standard cast of people in them."""

from __future__ import annotations

import pytest

from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from tests.factories import AgencyFactory, CaseFactory, PartnershipFactory, member


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads and stored PDFs go to a per-test folder, never the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
