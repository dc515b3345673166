"""The shared layout: navigation by role with the current section marked, and the idle warning's sign-out form.

Both are kept per process (cspr_layout), so these tests open pages one after another in one process.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import VerifiedClient

pytestmark = pytest.mark.django_db


def _navigation(html: str) -> list[tuple[str, str, bool]]:
    """(label, href, is current) of each navigation link."""
    menu = re.search(
        r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>', html, re.S
    ).group(1)
    return [
        (label, href, bool(current))
        for href, current, label in re.findall(
            r'<a class="govuk-service-navigation__link" href="([^"]+)"( aria-current="[^"]+")?>([^<]+)</a>',
            menu,
        )
    ]


def test_the_navigation_follows_the_roles_and_marks_the_current_section(
    client, bo_a, agency_contact_a, partnership_a, case_a
):
    client.force_login(bo_a)
    home = _navigation(client.get(partnership_a.get_absolute_url()).content.decode())
    labels = [label for label, _, _ in home]
    assert labels == [
        "Home",
        "Referrals",
        "Cases",
        "Reviews",
        "Deadlines",
        "Procedure",
        "Calendar",
        "Retention",
        "Your account",
    ]
    assert [label for label, _, current in home if current] == ["Home"]
    assert ("Cases", reverse("case_list", args=["alpha"]), False) in home
    on_case = _navigation(client.get(case_a.get_absolute_url()).content.decode())
    assert [label for label, _, current in on_case if current] == ["Cases"]
    client.force_login(agency_contact_a)  # another person, the same partnership and page: fewer sections
    agency = _navigation(client.get(partnership_a.get_absolute_url()).content.decode())
    assert [label for label, _, _ in agency] == ["Home", "Referrals", "Your account"]


def test_the_navigation_links_to_each_partnership_of_its_own(
    client, bo_a, bo_b, partnership_a, partnership_b
):
    client.force_login(bo_a)
    a = _navigation(client.get(partnership_a.get_absolute_url()).content.decode())
    client.force_login(bo_b)
    b = _navigation(client.get(partnership_b.get_absolute_url()).content.decode())
    assert a[0][1] == "/p/alpha/" and b[0][1] == "/p/bravo/"


def test_the_idle_warning_signs_out_with_the_pages_own_token(bo_a, partnership_a):
    client = VerifiedClient(enforce_csrf_checks=True)
    client.force_login(bo_a)
    tokens = set()
    for _ in range(2):
        html = client.get(partnership_a.get_absolute_url()).content.decode()
        dialog = re.search(r"<dialog.*?</dialog>", html, re.S).group(0)
        page_tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        assert len(page_tokens) == 1 and re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', dialog)
        tokens |= page_tokens
    assert len(tokens) == 2  # each page masks the token anew: nothing of one request is kept
    signed_out = client.post(reverse("logout"), {"csrfmiddlewaretoken": tokens.pop()})
    assert signed_out.status_code == 302
    assert client.get(partnership_a.get_absolute_url()).status_code == 302  # to the sign-in page


def test_the_idle_warning_follows_the_settings(client, bo_a, partnership_a, settings):
    settings.CSPR_SESSION_IDLE_SECONDS = 600
    settings.CSPR_SESSION_WARNING_SECONDS = 60
    client.force_login(bo_a)
    html = client.get(partnership_a.get_absolute_url()).content.decode()
    assert 'data-idle-seconds="600" data-warning-seconds="60"' in html and "1 minute" in html
