"""Passwords as the NCSC advises: long, not on a deny-list, not like the username; no composition rules,
no forced expiry; and a page to change one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def problems(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


def test_passwords_need_twelve_characters():
    assert problems("tiger-lake1") == ["This password is too short. It must contain at least 12 characters."]
    assert problems("tiger-lake12") == []


def test_common_passwords_are_refused_whatever_their_length():
    for password in ("password1234", "qwertyqwerty", "q1w2e3r4t5y6"):
        assert problems(password) == ["This password is too common."], password


def test_a_password_like_the_username_is_refused(bo_a):
    bo_a.username = "margaret.hopkinson"
    assert any("too similar" in p for p in problems("margaret.hopkinson", bo_a))


def test_no_composition_rules_three_random_words_are_fine():
    assert problems("purple kettle harbour") == []


def test_no_forced_rotation(settings):
    names = [v["NAME"] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "django.contrib.auth.password_validation.MinimumLengthValidator",
        "django.contrib.auth.password_validation.CommonPasswordValidator",
    ]
    assert not [name for name in dir(settings) if "PASSWORD" in name and ("EXPIR" in name or "AGE" in name)]


def test_the_minimum_length_is_configurable():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {
        "CSPR_PASSWORD_MIN_LENGTH": "16"
    }
    code = (
        "import django; django.setup(); from django.contrib.auth.password_validation import password_validators_help_texts;"
        "print(password_validators_help_texts())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "cspr.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "at least 16 characters" in result.stdout, result.stderr


def test_changing_a_password(client, bo_a, partnership_a):
    client.force_login(bo_a)
    url = reverse("password_change")
    assert "Change your password" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "purple kettle harbour",
            "new_password2": "purple kettle harbour",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("account")
    assert "Your password has been changed" in response.content.decode()
    bo_a.refresh_from_db()
    assert bo_a.check_password("purple kettle harbour")
    # The session stays signed in and past the two-factor step.
    assert client.get(partnership_a.get_absolute_url()).status_code == 200


def test_a_refused_new_password_says_how_to_fix_it_and_keeps_the_old_one(client, bo_a):
    client.force_login(bo_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "at least 12 characters" in page
    bo_a.refresh_from_db()
    assert bo_a.check_password(TEST_PASSWORD)


def test_a_wrong_current_password_is_refused(client, bo_a):
    client.force_login(bo_a)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong-wrong-wrong",
            "new_password1": "purple kettle harbour",
            "new_password2": "purple kettle harbour",
        },
    )
    assert "Your current password is not right" in response.content.decode()


def test_changing_a_password_needs_the_two_factor_step(unverified_client, bo_a):
    unverified_client.force_login(bo_a)
    response = unverified_client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup"))
