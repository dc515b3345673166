"""In-process measurements, each run by bench/run.py as `python -m bench.phases NAME` against one database.

Every phase prints one line `RESULT <json>` for the runner. Phases: targets (pages, URLs and session
cookies for the load test), queries (queries per page), scan (the daily deadline scan), workdays
(working-day arithmetic against a naive loop), pdf (WeasyPrint against LibreOffice), celery_scan (the
scan through a real Celery worker).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.pages import PAGES, find_targets, user_for  # noqa: E402
from cspr.tenancy import scope, scopes_disabled  # noqa: E402

SESSIONS_PER_PAGE = 8  # one per concurrent client: SESSION_SAVE_EVERY_REQUEST writes the session row


def _timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def targets() -> dict[str, Any]:
    """Each page's URL and signed-in session cookies (one per concurrent client) for the load test."""
    found = find_targets()
    pages = []
    for page in PAGES:
        url = page.url(found)
        cookies = []
        if url is not None and page.who is not None:
            user = user_for(page, found)
            for _ in range(SESSIONS_PER_PAGE):
                client = Client()
                client.force_login(user)
                cookies.append(client.cookies["sessionid"].value)
        pages.append({"name": page.name, "url": url, "cookies": cookies, "in_issue": page.in_issue})
    return {
        "pages": pages,
        "partnership": found.partnership.slug,
        "case": found.case.reference,
        "case_partnership": found.case_partnership.slug,
        **_case_size(found.case),
    }


def _case_size(case: Any) -> dict[str, int]:
    from cspr.models import CaseEvent, Deadline

    with scopes_disabled():
        return {
            "case_audit_rows": CaseEvent.objects.filter(case=case).count(),
            "case_deadlines": Deadline.objects.filter(case=case).count(),
        }


_LITERALS = re.compile(r"'[^']*'|\b\d+\b")


def queries() -> dict[str, Any]:
    """How many queries each page runs (second request, so per-process caches are warm)."""
    found = find_targets()
    results = []
    for page in PAGES:
        url = page.url(found)
        if url is None:
            results.append({"name": page.name, "queries": None})
            continue
        client = Client(raise_request_exception=False)  # a failing page is reported, not fatal
        user = user_for(page, found)
        if user is not None:
            client.force_login(user)
        first = client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        # The most repeated statement (literals stripped) points at an N+1 when there is one.
        shapes = Counter(_LITERALS.sub("?", q["sql"]) for q in captured.captured_queries)
        sql, repeats = shapes.most_common(1)[0] if shapes else ("", 0)
        results.append(
            {
                "name": page.name,
                "status": [first.status_code, response.status_code],
                "queries": len(captured),
                "most_repeated": {"count": repeats, "sql": sql[:300]},
                "bytes": len(response.content),
            }
        )
    return {"pages": results, **_case_size(found.case)}


def scan() -> dict[str, Any]:
    """The daily deadline scan, timed twice on the same data (each run rolled back); the faster run counts."""
    from django.utils import timezone

    from cspr.models import Deadline
    from cspr.tasks import scan_deadlines

    now = timezone.now()
    with scopes_disabled():
        open_deadlines = Deadline.objects.filter(met_at=None, cancelled_at=None)
        counts = {
            "deadlines": Deadline.objects.count(),
            "open": open_deadlines.count(),
            "newly_missed": open_deadlines.filter(missed_at=None, due_at__lt=now).count(),
        }
    times, result = [], None
    for _ in range(2):  # the first run also pays for imports and the first connection
        with transaction.atomic():
            started = time.perf_counter()
            result = scan_deadlines()
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    seconds = min(times)
    return {
        **counts,
        "seconds": seconds,
        "runs": times,
        "result": result,
        "seconds_per_10k_open": seconds / max(counts["open"], 1) * 10_000,
        "parts": _scan_parts(now),
    }


def _scan_parts(now: Any) -> dict[str, float]:
    """Seconds spent marking missed clocks and in each stage's scanner (one more run, rolled back)."""
    from django.conf import settings

    from cspr.tasks import mark_missed, run_scanner

    parts: dict[str, float] = {}
    with transaction.atomic():
        started = time.perf_counter()
        mark_missed(now)
        parts["missed (cspr.tasks.mark_missed)"] = time.perf_counter() - started
        partnerships: list[Any] = []
        for path in settings.CSPR_DEADLINE_SCANNERS:
            started = time.perf_counter()
            run_scanner(path, now=now, partnerships=partnerships)
            parts[path] = time.perf_counter() - started
        transaction.set_rollback(True)
    return parts


def naive_add_working_days(start: date, n: int, closed: set[date]) -> date:
    """The day-by-day loop the engine replaces: step one day at a time, counting open weekdays."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            n -= 1
    return day


def workdays() -> dict[str, Any]:
    """Working-day arithmetic per second: the engine's fast path and project() against a naive loop."""
    from cspr.deadlines.calendar import WorkingCalendar, bank_holidays
    from cspr.deadlines.projection import project
    from cspr.frameworks import TIMESCALES

    rng = Random(7)  # noqa: S311 -- reproducible sample dates
    calendar = WorkingCalendar(region="ENG")
    closed = {day for year in range(2014, 2040) for day in bank_holidays("ENG", year)}
    cases = [
        (date(2016, 1, 1) + timedelta(days=rng.randint(0, 3650)), rng.choice([2, 5, 7, 13, 15, 20, 60, 120]))
        for _ in range(20_000)
    ]
    engine = [calendar.add_working_days(d, n) for d, n in cases]  # warm the per-year caches
    naive = [naive_add_working_days(d, n, closed) for d, n in cases]
    mismatches = sum(a != b for a, b in zip(engine, naive, strict=True))
    engine_s = min(_timed(lambda: [calendar.add_working_days(d, n) for d, n in cases], 3))
    naive_s = min(_timed(lambda: [naive_add_working_days(d, n, closed) for d, n in cases], 2))
    timescale = TIMESCALES["complete_rapid_review"]
    sample = cases[:5_000]
    project_s = min(
        _timed(lambda: [project(timescale=timescale, origin=d, calendar=calendar) for d, _ in sample], 2)
    )
    return {
        "count": len(cases),
        "mismatches": mismatches,
        "engine_per_second": len(cases) / engine_s,
        "naive_per_second": len(cases) / naive_s,
        "project_per_second": len(sample) / project_s,
        "speedup": naive_s / engine_s,
    }


def _pdf_subject() -> tuple[str, Callable[[], bytes], Any]:
    """What to render: the rapid review document when the stage app has it, else the deadlines record."""
    found = find_targets()
    try:
        from rapid_review.documents import rapid_review_pdf
        from rapid_review.models import RapidReview
    except ImportError:
        rapid_review_pdf = None
    if rapid_review_pdf is not None:
        with scopes_disabled():
            review = (
                RapidReview.objects.filter(partnership=found.partnership, decided_at__isnull=False)
                .select_related("case", "partnership__framework")
                .order_by("-created_at")
                .first()
            )
        if review is not None:
            return (
                "rapid_review.documents.rapid_review_pdf",
                lambda: rapid_review_pdf(review)[1],
                review.partnership,
            )
    from cspr.documents import render_case_deadlines

    case = found.case
    return (
        "cspr.documents.render_case_deadlines (stand-in)",
        lambda: render_case_deadlines(case),
        case.partnership,
    )


LIBREOFFICE_BATCH = 6  # documents in the one warm soffice run


def pdf_once() -> dict[str, Any]:
    """One render in a fresh process (run and timed by `pdf`): the cold-start side of the comparison."""
    _, render, partnership = _pdf_subject()
    with scope(partnership):
        return {"bytes": len(render())}


def pdf() -> dict[str, Any]:
    """WeasyPrint against LibreOffice on the same text, measured three ways.

    As each is used (the goal's comparison): CSPR renders in a running Celery worker, and the command
    `soffice --headless --convert-to pdf` converts one document per run.
    Warm on both sides (context): LibreOffice's marginal time per document when one soffice process
    converts a batch, (T(batch) - T(1)) / (batch - 1).
    Cold on both sides (context): a new process per document, i.e. Python start-up, Django set-up,
    WeasyPrint's import and first render against one soffice run.
    """
    from docx import Document
    from docx.shared import Pt

    from cspr.documents import pdf_page_texts

    renderer, render, partnership = _pdf_subject()
    with scope(partnership):
        first = _timed(render, 1)[0]
        warm = _timed(render, 7)
        rendered = render()
    cold = _timed(
        lambda: subprocess.run(  # noqa: S603 -- our own interpreter and module
            [sys.executable, "-m", "bench.phases", "pdf_once"], check=True, capture_output=True, timeout=300
        ),
        3,
    )
    pages = pdf_page_texts(rendered)
    result: dict[str, Any] = {
        "renderer": renderer,
        "weasyprint_first_in_process": first,
        "weasyprint_seconds": statistics.median(warm),
        "weasyprint_runs": warm,
        "weasyprint_cold_seconds": statistics.median(cold),
        "weasyprint_cold_runs": cold,
        "weasyprint_pages": len(pages),
        "weasyprint_bytes": len(rendered),
    }
    # The same words as a Word document: one paragraph per line, a page break per page.
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    document.sections[0].header.paragraphs[0].text = "OFFICIAL-SENSITIVE"
    for number, text in enumerate(pages):
        if number:
            document.add_page_break()
        for line in text.splitlines():
            if line.strip():
                document.add_paragraph(line)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {
            **result,
            "libreoffice": "not installed (make bench installs libreoffice-writer-nogui as root)",
        }
    with tempfile.TemporaryDirectory(prefix="cspr-bench-lo-") as tmp:
        sources = []
        for n in range(LIBREOFFICE_BATCH):
            sources.append(Path(tmp) / f"rapid-review-{n}.docx")
            document.save(sources[-1])

        def convert(files: list[Path]) -> Callable[[], None]:
            command = [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to"]
            command += ["pdf", "--outdir", str(Path(tmp) / "out"), *map(str, files)]
            return lambda: subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603

        profile = _timed(convert(sources[:1]), 1)[0]  # creates the LibreOffice profile: not counted
        single = _timed(convert(sources[:1]), 3)
        batch = _timed(convert(sources), 2)
        converted = (Path(tmp) / "out" / "rapid-review-0.pdf").read_bytes()
    lo_cold = statistics.median(single)
    lo_warm = max((min(batch) - min(single)) / (LIBREOFFICE_BATCH - 1), 1e-6)
    return {
        **result,
        "libreoffice_first_run": profile,
        "libreoffice_seconds": lo_warm,
        "libreoffice_cold_seconds": lo_cold,
        "libreoffice_cold_runs": single,
        "libreoffice_batch": LIBREOFFICE_BATCH,
        "libreoffice_batch_runs": batch,
        "libreoffice_pages": len(pdf_page_texts(converted)),
        "speedup_as_used": lo_cold / result["weasyprint_seconds"],
        "speedup": lo_warm / result["weasyprint_seconds"],
        "speedup_cold": lo_cold / result["weasyprint_cold_seconds"],
    }


def celery_scan() -> dict[str, Any]:
    """Queue the daily scan on the running Celery worker and wait for it (bench/run.py starts the worker)."""
    from cspr.celery import app
    from cspr.tasks import scan_deadlines

    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=1):
        if time.monotonic() > deadline:
            raise RuntimeError("the Celery worker did not answer within 60 seconds")
    started = time.perf_counter()
    result = scan_deadlines.delay().get(timeout=300)
    return {"seconds": time.perf_counter() - started, "result": result}


PHASES = {f.__name__: f for f in (targets, queries, scan, workdays, pdf, pdf_once, celery_scan)}

if __name__ == "__main__":
    outcome = PHASES[sys.argv[1]]()
    print("RESULT " + json.dumps(outcome, default=str))
