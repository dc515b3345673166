"""Production hardening: `check --deploy` is clean, and every response carries the security headers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "CSPR_ENV": "production",
    "DJANGO_SECRET_KEY": "p" * 64 + "-a-production-like-secret-key-for-the-deploy-check",
    "DJANGO_ALLOWED_HOSTS": "cspr.example.org",
    "DATABASE_URL": "sqlite:////tmp/cspr-security-check.sqlite3",
    "DJANGO_SETTINGS_MODULE": "cspr.settings",
}


def run_production(*args: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CSPR_"))} | PRODUCTION
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_in_production():
    result = run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/healthz", secure=True, HTTP_HOST="cspr.example.org")
print(json.dumps({"status": response.status_code, "headers": dict(response.headers),
  "settings": {k: getattr(settings, k) for k in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
  "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT", "CSPR_REQUIRE_2FA")}}))
"""


def test_production_responses_carry_hsts_and_the_strict_headers():
    result = run_production("-c", PROBE)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    headers = probe["headers"]
    assert probe["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert probe["settings"] == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "CSPR_REQUIRE_2FA": True,
    }


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(client, bo_a, partnership_a):
    client.force_login(bo_a)
    for url in (reverse("login"), partnership_a.get_absolute_url(), reverse("account")):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'", url
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url


@pytest.mark.django_db
def test_the_session_cookie_is_hidden_from_scripts(unverified_client, bo_a):
    from tests.factories import TEST_PASSWORD

    response = unverified_client.post(reverse("login"), {"username": "bo_a", "password": TEST_PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client, bo_a, partnership_a):
    client.force_login(bo_a)
    for url in (reverse("login"), partnership_a.get_absolute_url(), reverse("two_factor_setup")):
        page = client.get(url).content.decode()
        assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", page)), url
        assert "<style" not in page and " style=" not in page, url
        assert not re.search(r"\son[a-z]+=", page), f"inline event handler on {url}"
