"""Servers started for the run (gunicorn, a Celery worker), a bounded concurrent HTTP load, and peak memory."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set size (VmHWM) in MB, or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        import psutil
    except ImportError:  # fall back on the kernel's list (Linux 3.5+)
        path = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []
    return [c.pid for c in psutil.Process(pid).children(recursive=True)]


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Run a server for the block; stop it (TERM, then KILL after 20 s) on the way out, also on errors."""
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603 -- our own venv's executables, fixed arguments
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_for_http(port: int, path: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port}{path} within {timeout:.0f}s")


def fetch(port: int, path: str, cookie: str | None) -> tuple[float, int]:
    """One GET over a fresh loopback connection (gunicorn's sync workers close each one): seconds, status."""
    headers = {"Host": "localhost"}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    return time.perf_counter() - started, response.status


def hammer(
    port: int, path: str, cookies: list[str], *, requests: int, concurrency: int, seconds: float = 3600
) -> dict[str, Any]:
    """Up to `requests` GETs of `path`, none started after `seconds`, from `concurrency` threads at once,
    each thread with its own session."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    remaining = [requests]
    stop_at = time.perf_counter() + seconds

    def client(n: int) -> None:
        cookie = cookies[n % len(cookies)] if cookies else None
        while True:
            with lock:
                if remaining[0] == 0 or time.perf_counter() > stop_at:
                    return
                remaining[0] -= 1
            seconds, status = fetch(port, path, cookie)
            with lock:
                latencies.append(seconds)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "statuses": statuses, "wall": time.perf_counter() - started}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def measure_pages(
    port: int,
    pages: list[dict[str, Any]],
    *,
    requests: int,
    concurrency: int,
    seconds: float,
    rounds: int = 2,
) -> list[dict[str, Any]]:
    """Warm every page, then load them in interleaved rounds so drift hits every page alike.

    Each page gets `requests` requests or `seconds` of load, whichever ends first, so a slow page
    cannot stretch the run (its percentiles then rest on fewer requests: the table shows how many).
    """
    live = [p for p in pages if p["url"]]
    for page in live:
        hammer(port, page["url"], page["cookies"], requests=concurrency, concurrency=concurrency)
    collected: dict[str, dict[str, Any]] = {
        p["name"]: {"latencies": [], "statuses": {}, "wall": 0.0} for p in live
    }
    for _ in range(rounds):
        for page in live:
            run = hammer(
                port,
                page["url"],
                page["cookies"],
                requests=requests // rounds,
                concurrency=concurrency,
                seconds=seconds / rounds,
            )
            into = collected[page["name"]]
            into["latencies"] += run["latencies"]
            into["wall"] += run["wall"]
            for status, count in run["statuses"].items():
                into["statuses"][status] = into["statuses"].get(status, 0) + count
    results = []
    for page in pages:
        if not page["url"]:
            results.append({"name": page["name"], "built": False, "in_issue": page["in_issue"]})
            continue
        got = collected[page["name"]]
        results.append(
            {
                "name": page["name"],
                "built": True,
                "in_issue": page["in_issue"],
                "url": page["url"],
                "requests": len(got["latencies"]),
                "statuses": got["statuses"],
                "p50": percentile(got["latencies"], 50),
                "p95": percentile(got["latencies"], 95),
                "mean": statistics.fmean(got["latencies"]),
                "throughput": len(got["latencies"]) / got["wall"],
            }
        )
    return results
