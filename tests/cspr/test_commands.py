"""Management commands and deployment checks run as an operator would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cspr.models import Case, Membership, Partnership, ProcedureFramework
from cspr.tenancy import scopes_disabled

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_demo_loads_every_seed_partnership_in_every_state_and_can_run_again():
    from action_plans.models import Action
    from publication.models import Publication
    from rapid_review.models import RapidReview
    from referrals.models import Referral

    out = StringIO()
    call_command("seed_demo", stdout=out)
    with scopes_disabled():
        cases_after_first_run = Case.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert ProcedureFramework.objects.count() == 5
    with scopes_disabled():
        assert Case.objects.count() == cases_after_first_run  # not doubled by the second run
        wm = ProcedureFramework.objects.get(slug="west-midlands")
        assert wm.partnerships.count() >= 3  # one framework, several areas
        assert ProcedureFramework.objects.get(slug="llr").partnerships.count() == 2
        for partnership in Partnership.objects.all():
            states = set(RapidReview.objects.filter(partnership=partnership).values_list("state", flat=True))
            assert states == set(RapidReview.State.values), partnership
            # Issue 6: every area's public page has a report, and one report was not published, with reasons.
            outcomes = set(
                Publication.objects.filter(partnership=partnership).values_list("state", flat=True)
            )
            assert {
                Publication.State.AVAILABLE_ONLINE,
                Publication.State.IMPROVEMENTS_PUBLISHED,
            } <= outcomes, partnership
        ratings = set(Action.objects.exclude(rag="").values_list("rag", flat=True))
        assert ratings == set(Action.Rag.values)
        assert (
            Referral.objects.filter(state=Referral.State.TO_CASE_REVIEW_GROUP).count() == 2
        )  # the two LLR areas
        assert Membership.objects.filter(role="agency_contact").exists()
    assert "password" in out.getvalue()


@pytest.mark.django_db
def test_deadline_command_uses_the_partnerships_calendar(partnership_a, bo_a):
    from datetime import date

    from cspr import services
    from cspr.tenancy import scope

    with scope(partnership_a):
        services.declare_closure_day(
            partnership=partnership_a, on=date(2026, 12, 21), reason="Closed", by=bo_a
        )
    out = StringIO()
    call_command("deadline", "add", "2026-12-18", "5", "--partnership", partnership_a.slug, stdout=out)
    assert out.getvalue().splitlines()[0] == "2026-12-30"


def _run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CSPR_ENV="production",
        DJANGO_SECRET_KEY="x" * 64 + "-production-like-secret-key-for-the-check",
        DJANGO_ALLOWED_HOSTS="cspr.example.org",
        DATABASE_URL="sqlite:////tmp/cspr-check.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_manage("check", CSPR_ENV="production", DJANGO_ALLOWED_HOSTS="cspr.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_migrations_are_complete():
    result = _run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout
