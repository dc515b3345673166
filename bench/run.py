"""Run the CSPR benchmark end to end and write bench/results/latest.{md,svg,json}.

    DATABASE_URL=postgres://cspr@127.0.0.1:5432/cspr REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/run.py [--requests 200] [--page-seconds 12] [--concurrency 8] [--full-10x]

`make bench` (scripts/bench.sh) starts a throw-away PostgreSQL and Redis and runs this. DATABASE_URL names
an empty database whose role may create databases: it is migrated, then copied (CREATE DATABASE …
TEMPLATE) into one database per dataset: 0.1x and 1x in full, and 10x with deadlines only (the daily
scan's growth) unless --full-10x. All timings are taken side by side in this one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, report  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "bench" / "results"


def log(message: str) -> None:
    print(f"==> {message}", flush=True)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(base_url: str, name: str) -> str:
    """A copy of the migrated (empty) base database, for one dataset."""
    import psycopg2

    template = urlsplit(base_url).path.lstrip("/")
    conn = psycopg2.connect(base_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    conn.close()
    return with_database(base_url, name)


class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.base_url = os.environ["DATABASE_URL"]
        self.redis_url = os.environ.get("REDIS_URL", "")
        self.logs = Path(os.environ.get("CSPR_BENCH_LOGS", "/tmp"))  # noqa: S108 -- scripts/bench.sh sets it
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cspr.settings",
            "CSPR_ENV": "local",
            "DJANGO_DEBUG": "0",
            "CSPR_ROOT_URLCONF": "bench.urls",
            "CSPR_LOG_LEVEL": "ERROR",
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "PYTHONPATH": str(ROOT),
        }

    def run(self, command: list[str], database: str, **extra: str) -> subprocess.CompletedProcess:
        env = {**self.env, "DATABASE_URL": database, **extra}
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603

    def phase(self, name: str, database: str, **extra: str) -> dict[str, Any]:
        """One in-process measurement in its own Python (bench/phases.py); failures are reported, not fatal."""
        started = time.perf_counter()
        done = self.run([PYTHON, "-m", "bench.phases", name], database, **extra)
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode or not lines:
            log(f"{name} failed:\n{done.stderr[-3000:]}")
            return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1][:300]}
        log(f"{name} ({urlsplit(database).path[1:]}) in {time.perf_counter() - started:.1f}s")
        return json.loads(lines[-1][len("RESULT ") :])

    def generate(self, factor: str, only: str) -> tuple[str, dict[str, Any]]:
        name = "cspr_bench_" + factor.replace(".", "_")
        database = create_database(self.base_url, name)
        log(f"Generating the {factor}x dataset ({only}) in {name}")
        done = self.run(
            [PYTHON, "manage.py", "generate_dataset", "--factor", factor, "--only", only], database
        )
        if done.returncode:
            raise SystemExit(f"generate_dataset --factor {factor} failed:\n{done.stdout}\n{done.stderr}")
        timings = next(line for line in done.stdout.splitlines() if line.startswith("TIMINGS "))
        summary = [line for line in done.stdout.splitlines() if not line.startswith("TIMINGS ")]
        print("\n".join("    " + line for line in summary), flush=True)
        return database, {"factor": factor, "only": only, **json.loads(timings[len("TIMINGS ") :])}

    def pages(self, database: str) -> dict[str, Any]:
        """Page latency under a bounded concurrent load on gunicorn, and the web workers' peak memory."""
        targets = self.phase("targets", database)
        if "error" in targets:
            return targets
        port = load.free_port()
        env = {
            **self.env,
            "DATABASE_URL": database,
            "DATABASE_CONN_MAX_AGE": "60",  # as in production (cspr/settings.py)
            "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        }
        command = [str(load.VENV_BIN / "gunicorn"), "cspr.wsgi:application", "--workers", "2"]
        command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        log(f"gunicorn (2 workers) on 127.0.0.1:{port}: up to {self.args.requests} requests or {self.args.page_seconds:g} s per page, "
            f"{self.args.concurrency} concurrent clients")  # fmt: skip
        with load.process(command, env, self.logs / "gunicorn.log") as server:
            load.wait_for_http(port, "/healthz", server)
            started = time.perf_counter()
            pages = load.measure_pages(
                port,
                targets["pages"],
                requests=self.args.requests,
                concurrency=self.args.concurrency,
                seconds=self.args.page_seconds,
            )
            workers = {pid: load.peak_rss_mb(pid) for pid in load.children(server.pid)}
            master = load.peak_rss_mb(server.pid)
        log(f"page load done in {time.perf_counter() - started:.1f}s")
        return {
            **{k: v for k, v in targets.items() if k != "pages"},
            "pages": pages,
            "requests": self.args.requests,
            "page_seconds": self.args.page_seconds,
            "concurrency": self.args.concurrency,
            "worker_peak_rss_mb": max((v for v in workers.values() if v), default=None),
            "workers_rss_mb": list(workers.values()),
            "master_peak_rss_mb": master,
        }

    def celery(self, database: str) -> dict[str, Any]:
        """The daily scan through a real Celery worker on Redis, and that worker's peak memory."""
        if not self.redis_url:
            return {"error": "no REDIS_URL: the Celery worker was not started"}
        env = {**self.env, "DATABASE_URL": database, "CELERY_TASK_ALWAYS_EAGER": "false"}
        command = [str(load.VENV_BIN / "celery"), "-A", "cspr", "worker", "--pool", "prefork"]
        command += ["--concurrency", "1", "-l", "warning"]
        with load.process(command, env, self.logs / "celery.log") as worker:
            result = self.phase("celery_scan", database, CELERY_TASK_ALWAYS_EAGER="false")
            pool = {pid: load.peak_rss_mb(pid) for pid in load.children(worker.pid)}
            main = load.peak_rss_mb(worker.pid)
        return {
            **result,
            "main_peak_rss_mb": main,
            "pool_peak_rss_mb": max((v for v in pool.values() if v), default=None),
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page (default 200)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--page-seconds", type=float, default=12, help="at most this long loading one page (default 12)"
    )
    parser.add_argument("--full-10x", action="store_true", help="generate all of 10x, not only its deadlines")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    runner = Runner(args)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
        },
    }
    log("Migrating the base database")
    migrated = runner.run([PYTHON, "manage.py", "migrate", "--noinput"], runner.base_url)
    if migrated.returncode:
        raise SystemExit(f"migrate failed:\n{migrated.stdout}\n{migrated.stderr}")
    databases, generation = {}, []
    for factor, only in [("0.1", "all"), ("1", "all"), ("10", "all" if args.full_10x else "deadlines")]:
        databases[factor], timings = runner.generate(factor, only)
        generation.append(timings)
    results["generation"] = generation
    results["queries"] = {f: runner.phase("queries", databases[f]) for f in ("0.1", "1")}
    results["scan"] = {f: runner.phase("scan", databases[f]) for f in ("0.1", "1", "10")}
    results["workdays"] = runner.phase("workdays", databases["0.1"])
    results["pdf"] = runner.phase("pdf", databases["1"])
    results["pages"] = runner.pages(databases["1"])
    results["celery"] = runner.celery(databases["1"])  # last: it marks the 1x dataset's missed deadlines
    results["total_seconds"] = time.perf_counter() - started
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    markdown = report.markdown(results)
    (args.out / "latest.md").write_text(markdown)
    (args.out / "latest.svg").write_text(report.svg(results))
    print()
    print(markdown)
    log(f"Results in {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}/latest.md "
        f"and latest.svg ({results['total_seconds'] / 60:.1f} minutes)")  # fmt: skip


if __name__ == "__main__":
    main()
