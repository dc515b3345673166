"""Sign-in throttling (django-axes): a username + IP pair is locked out after repeated failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "not-the-right-password"


def sign_in(client, username: str, password: str, ip: str = "192.0.2.10", **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def fail(client, username: str, times: int, **kwargs):
    return [sign_in(client, username, WRONG, **kwargs) for _ in range(times)]


def test_a_wrong_password_says_so_without_saying_which_part(unverified_client, bo_a):
    response = sign_in(unverified_client, "bo_a", WRONG)
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()


def test_five_failures_lock_the_username_from_that_address(unverified_client, bo_a, settings):
    responses = fail(unverified_client, "bo_a", settings.AXES_FAILURE_LIMIT)
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = responses[-1]
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "You cannot sign in for now" in page and "locked for 15 minutes" in page
    # Even the right password is refused while locked, with the same page (nothing learnt by guessing).
    again = sign_in(unverified_client, "bo_a", TEST_PASSWORD)
    assert again.status_code == 429 and "_auth_user_id" not in unverified_client.session


def test_the_lock_lifts_after_the_cool_off(unverified_client, bo_a, settings):
    fail(unverified_client, "bo_a", settings.AXES_FAILURE_LIMIT)
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=5)):
        response = sign_in(unverified_client, "bo_a", TEST_PASSWORD)
    assert response.status_code == 302
    assert unverified_client.session["_auth_user_id"] == str(bo_a.pk)


def test_the_lock_is_for_that_username_and_address_only(unverified_client, bo_a, reader_a, settings):
    fail(unverified_client, "bo_a", settings.AXES_FAILURE_LIMIT)
    assert sign_in(unverified_client, "reader_a", TEST_PASSWORD).status_code == 302
    unverified_client.logout()
    assert sign_in(unverified_client, "bo_a", TEST_PASSWORD, ip="198.51.100.7").status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(unverified_client, bo_a, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(unverified_client, "bo_a", WRONG, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}


def test_a_successful_sign_in_clears_earlier_failures(unverified_client, bo_a, settings):
    fail(unverified_client, "bo_a", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(unverified_client, "bo_a", TEST_PASSWORD).status_code == 302
    unverified_client.logout()
    assert fail(unverified_client, "bo_a", 1)[0].status_code == 200
    assert sign_in(unverified_client, "bo_a", TEST_PASSWORD).status_code == 302


def test_the_test_clients_still_sign_in(client, bo_a, partnership_a):
    assert client.login(username="bo_a", password=TEST_PASSWORD)
    assert client.get(partnership_a.get_absolute_url()).status_code == 200
