"""CPU time of each benchmark page against the bare view, in one process, for profiling (no load, no gunicorn).

    scripts/profile-pages.sh [ARGS...]        throw-away PostgreSQL, migrate, the 0.1x dataset, then this
    DATABASE_URL=postgres://… .venv/bin/python -m bench.profile_pages [--requests 30] [--profile PAGE]

Each page of bench/pages.py is requested through Django's test client (full middleware, session and
templates, as the signed-in user `make bench` uses), warmed up, then timed `--requests` times with
`time.process_time()`: the CPU this Python spends, so other processes on a busy machine barely move it
(PostgreSQL's own time is left out; every page runs a handful of queries of a few milliseconds). It prints
each page's median CPU milliseconds and its ratio to the bare view's, both as usually served (the page's
costly parts kept by cspr.page_cache) and rendered in full (CSPR_PAGE_CACHE off: the first request after
a write to the partnership's data), and warns if reading the pages changed a data version. `--profile
NAME` (a part of a page's name, e.g. `--profile "agency home"`) runs cProfile round the requests of the
matching pages and prints the top functions by cumulative and own time. The database must hold a generated dataset
(`manage.py generate_dataset`); scripts/profile-pages.sh makes a 0.1x one.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The benchmark's settings (bench/run.py): a local site, DEBUG off, the bench URLs with the bare view.
for name, value in {
    "DJANGO_SETTINGS_MODULE": "cspr.settings",
    "CSPR_ENV": "local",
    "DJANGO_DEBUG": "0",
    "CSPR_ROOT_URLCONF": "bench.urls",
    "CSPR_LOG_LEVEL": "ERROR",
    "CELERY_TASK_ALWAYS_EAGER": "true",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench.pages import BASELINE, PAGES, Page, find_targets, user_for  # noqa: E402

GOAL = 2.0
WARM_UP = 3


def client_for(page: Page, targets: object) -> Client:
    client = Client(raise_request_exception=True)
    user = user_for(page, targets)
    if user is not None:
        client.force_login(user)
    return client


def data_versions() -> dict[int, int]:
    from cspr.models import DataVersion

    return dict(DataVersion.objects.values_list("partnership_id", "token"))


def warm_up(client: Client, url: str) -> None:
    """A few requests first, so per-process caches (templates, URL resolvers, imports) are filled."""
    for _ in range(WARM_UP):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")


def cpu_seconds(client: Client, url: str) -> float:
    started = time.process_time()
    client.get(url)
    return time.process_time() - started


def profile(client: Client, url: str, requests: int, limit: int) -> str:
    """cProfile round `requests` GETs of `url`: top functions by cumulative and by own time."""
    profiler = cProfile.Profile(time.process_time)  # CPU, like the timings: waiting on PostgreSQL is left out
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page (default 40)")
    parser.add_argument("--page", action="append", default=[], help="only pages whose name contains this")
    parser.add_argument(
        "--profile", action="append", default=[], help="cProfile pages whose name contains this"
    )
    parser.add_argument("--limit", type=int, default=40, help="functions listed per profile (default 40)")
    args = parser.parse_args()

    targets = find_targets()
    pages = [
        (page, url)
        for page in PAGES
        if (page.name == BASELINE or not args.page or any(w in page.name for w in args.page))
        and (url := page.url(targets)) is not None
    ]
    clients = {page.name: client_for(page, targets) for page, _ in pages}
    versions = data_versions()
    for page, url in pages:
        warm_up(clients[page.name], url)
    # Round robin, one request of each page per round: a busy moment on the machine costs every page alike.
    # Each page twice: as usually served, its costly parts kept (cspr.page_cache), and rendered in full, as
    # the first request after a write to its partnership's data is.
    kept: dict[str, list[float]] = {page.name: [] for page, _ in pages}
    fresh: dict[str, list[float]] = {page.name: [] for page, _ in pages}
    for _ in range(args.requests):
        for page, url in pages:
            kept[page.name].append(cpu_seconds(clients[page.name], url))
            with override_settings(CSPR_PAGE_CACHE=False):
                fresh[page.name].append(cpu_seconds(clients[page.name], url))
    baseline_ms = statistics.median(kept[BASELINE]) * 1000

    print(f"\nMedian CPU time per request ({args.requests} requests each after {WARM_UP} to warm up)")
    print("kept: as served, with the pages' costly parts kept; fresh: rendered in full (after a write)\n")
    print(
        f"{'page':<36} {'kept ms':>8} {'ratio':>6} {'fresh ms':>9} {'ratio':>6} {'queries':>8} {'KB':>6}"
        f"  kept ≤ {GOAL:g}x"
    )
    for page, url in pages:
        with CaptureQueriesContext(connection) as captured:
            response = clients[page.name].get(url)
        with override_settings(CSPR_PAGE_CACHE=False), CaptureQueriesContext(connection) as captured_fresh:
            clients[page.name].get(url)
        kept_ms = statistics.median(kept[page.name]) * 1000
        fresh_ms = statistics.median(fresh[page.name]) * 1000
        ratio = kept_ms / baseline_ms
        verdict = "" if page.name == BASELINE else ("PASS" if ratio <= GOAL else "FAIL")
        size = len(response.content) / 1024
        queries = f"{len(captured)}/{len(captured_fresh)}"
        print(
            f"{page.name:<36} {kept_ms:8.2f} {ratio:6.2f} {fresh_ms:9.2f} {fresh_ms / baseline_ms:6.2f}"
            f" {queries:>8} {size:6.1f}  {verdict}"
        )
    if data_versions() != versions:
        print("\nWARNING: reading these pages changed a partnership's data version (cspr.data_versions)")
    for page, url in pages:
        if any(w in page.name for w in args.profile):
            print(f"\n#### cProfile: {page.name} ({url}), {args.requests} requests\n")
            print(profile(clients[page.name], url, args.requests, args.limit))


if __name__ == "__main__":
    main()
