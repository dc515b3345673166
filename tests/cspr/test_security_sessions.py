"""Idle sessions: signed out after CSPR_SESSION_IDLE_SECONDS without a request, warned before, told after."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def later(start, **delta):
    return time_machine.travel(start + timedelta(**delta), tick=False)


@pytest.fixture
def start():
    return timezone.now()


@pytest.fixture
def signed_in(client, bo_a, partnership_a, start):
    with later(start):
        client.force_login(bo_a)
        assert client.get(partnership_a.get_absolute_url()).status_code == 200
    return client


def test_the_default_idle_limit_is_thirty_minutes(settings):
    assert settings.CSPR_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_AGE > settings.CSPR_SESSION_IDLE_SECONDS  # so the reason can be shown


def test_an_idle_session_is_signed_out_and_told_why(signed_in, partnership_a, start):
    home = partnership_a.get_absolute_url()
    with later(start, minutes=31):
        response = signed_in.get(home)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        page = signed_in.get(response["Location"]).content.decode()
    assert "You were signed out because you had not done anything for 30 minutes" in page
    assert "_auth_user_id" not in signed_in.session
    # The note is shown once, not on every later visit to the sign-in page.
    assert "You were signed out" not in signed_in.get(reverse("login")).content.decode()


def test_activity_keeps_the_session_open(signed_in, partnership_a, start):
    home = partnership_a.get_absolute_url()
    for minutes in (20, 40, 60):
        with later(start, minutes=minutes):
            assert signed_in.get(home).status_code == 200


def test_the_warning_scripts_check_does_not_count_as_activity(signed_in, partnership_a, start):
    status = reverse("session_status")
    with later(start, minutes=20):
        assert signed_in.get(status).json() == {"signed_in": True, "seconds_left": 600}
    with later(start, minutes=30, seconds=1):
        assert signed_in.get(status).json() == {"signed_in": False, "seconds_left": 0}
    with later(start, minutes=31):
        page = signed_in.get(reverse("login")).content.decode()
    assert "You were signed out because" in page


def test_stay_signed_in_restarts_the_clock(signed_in, partnership_a, start):
    with later(start, minutes=29):
        assert signed_in.post(reverse("session_status")).json() == {"signed_in": True, "seconds_left": 1800}
    with later(start, minutes=50):
        assert signed_in.get(partnership_a.get_absolute_url()).status_code == 200


def test_stay_signed_in_needs_the_csrf_token(bo_a, start):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(bo_a)
    assert client.post(reverse("session_status")).status_code == 403


def test_pages_carry_the_warning_dialog_and_its_script_but_no_inline_script(signed_in, partnership_a, start):
    with later(start, minutes=1):
        page = signed_in.get(partnership_a.get_absolute_url()).content.decode()
    dialog = re.search(r'<dialog class="cspr-timeout-dialog"[^>]*>', page).group(0)
    assert 'data-idle-seconds="1800"' in dialog and 'data-warning-seconds="120"' in dialog
    assert f'data-status-url="{reverse("session_status")}"' in dialog
    assert "Stay signed in" in page and 'src="/static/js/idle-warning.js"' in page
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page)), "inline scripts break the CSP"
    assert finders.find("js/idle-warning.js")


def test_signed_out_pages_have_no_warning(client):
    assert "cspr-timeout" not in client.get(reverse("login")).content.decode()
