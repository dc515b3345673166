"""`manage.py deadline`: working-day sums from the command line."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cspr.models import ClosureDay

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def deadline(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


def test_add_prints_the_iso_date_then_the_sum() -> None:
    assert deadline("add", "2026-12-18", "5") == [
        "2026-12-29",
        "start Fri 18 Dec 2026; +5 working days; skipped Sat 19, Sun 20, Fri 25 Christmas Day, Sat 26, Sun 27, "
        "Mon 28 Boxing Day (substitute); due Tue 29 Dec 2026",
    ]


def test_add_counts_back_when_negative() -> None:
    first, explanation = deadline("add", "2026-12-15", "-7")
    assert first == "2026-12-04"
    assert "7 working days before" in explanation


def test_between_prints_the_count_first() -> None:
    lines = deadline("between", "2026-12-18", "2026-12-29")
    assert lines[0] == "5"
    assert "Fri 25 Christmas Day" in lines[1]
    assert deadline("between", "2026-12-29", "2026-12-18")[0] == "-5"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2026-13-01", "5"), '"2026-13-01" is not a date'),
        (("add", "18/12/2026", "5"), '"18/12/2026" is not a date'),
        (("add", "2026-12-18", "five"), '"five" is not a whole number of working days'),
        (("add", "2026-12-18", "99999"), "too many"),
        (("between", "2026-12-18", "tomorrow"), '"tomorrow" is not a date'),
    ],
)
def test_bad_input_is_refused_with_status_2(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        deadline(*args)
    assert refused.value.returncode == 2


@pytest.mark.django_db
def test_unknown_partnership_is_refused() -> None:
    with pytest.raises(CommandError, match='no partnership with the slug "nowhere"') as refused:
        deadline("add", "2026-12-18", "5", "--partnership", "nowhere")
    assert refused.value.returncode == 2


def test_partnership_calendar_skips_its_closure_days(partnership_a) -> None:
    ClosureDay.unscoped.create(
        partnership=partnership_a, date=date(2026, 12, 24), reason="Christmas Eve closure"
    )
    first, explanation = deadline("add", "2026-12-23", "1", "--partnership", partnership_a.slug)
    assert first == "2026-12-29"
    assert "Thu 24 Christmas Eve closure" in explanation


def run_manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "deadline", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_from_the_shell() -> None:
    done = run_manage("add", "2026-12-18", "5")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "2026-12-29"


def test_from_the_shell_bad_date_is_one_line_and_status_2() -> None:
    done = run_manage("add", "2026-02-30", "5")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert '"2026-02-30" is not a date' in done.stderr
