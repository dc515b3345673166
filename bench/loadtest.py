"""A bounded load test: about 50 people of mixed roles reading and writing at once (make loadtest).

    DATABASE_URL=postgres://cspr@127.0.0.1:5432/cspr REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/loadtest.py [--users 50] [--seconds 150]

`scripts/loadtest.sh` starts a throw-away PostgreSQL and Redis and runs this. It migrates DATABASE_URL,
copies it into a database with the 0.1x national dataset (`generate_dataset`, as `make bench`), adds a
cast to the busiest partnership (business office, chairs, a review team commenting on a draft report,
agency contacts filling in chronologies), signs each of them in past two-factor, then runs gunicorn and
a Celery worker (real processes, tasks queued on Redis) while every person loops over their pages and
their one kind of write. Afterwards it counts in the database what each acknowledged write (a redirect
after the POST) should have stored. Results go to bench/results/loadtest.md; the exit status is 1 on any
server error (5xx) or lost write.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.run import PYTHON, RESULTS, Runner, log  # noqa: E402

MARK = "LOADTEST"  # every written text starts with it and carries a token, so the count is exact
# People per role out of 50 (scaled to --users): the review team includes the lead reviewer.
MIX = {"business_office": 12, "chair": 8, "reviewer": 15, "agency_contact": 15}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- Set-up, in its own Python against the load database (`python bench/loadtest.py setup N`) ---------


def setup(users: int) -> dict[str, Any]:
    """The cast, their signed-in sessions, the pages each reads and the form each writes to."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from bench.pages import find_targets
    from cspr.roles import Role
    from cspr.tenancy import scopes_disabled
    from reviews import services
    from reviews.models import TeamMember
    from tests.chronologies.factories import AgencyRequestFactory
    from tests.conftest import complete_two_factor
    from tests.factories import member
    from tests.referrals.factories import ReferralFactory
    from tests.reviews.report_factories import cast, draft

    # The cast signs in with force_login: no need for a million PBKDF2 rounds per user (as in the tests).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    targets = find_targets()
    partnership = targets.case_partnership  # the case with the longest history is among the pages read
    slug = partnership.slug
    counts = {role: max(1, round(n * users / sum(MIX.values()))) for role, n in MIX.items()}
    with scopes_disabled():
        team = cast(partnership)  # a review in analysis, its lead reviewer and a panel member
        version = draft(team)
        referral = ReferralFactory(partnership=partnership)  # a draft the office is filling in
        people: list[dict[str, Any]] = []

        def review_url(name: str, **kwargs: Any) -> str:
            return reverse(
                f"reviews:{name}",
                kwargs={"partnership_slug": slug, "review_id": team.review.public_id, **kwargs},
            )

        home = reverse("partnership_home", kwargs={"partnership_slug": slug})
        case = reverse("case_detail", kwargs={"partnership_slug": slug, "case_id": targets.case.public_id})
        cases = reverse("case_list", kwargs={"partnership_slug": slug})
        report = review_url("report")
        comment = review_url("report_comment", version_id=version.public_id)
        comment += "?section=what_happened&paragraph=1"
        for n in range(counts["business_office"]):
            user = team.bo if n == 0 else member(partnership, Role.BUSINESS_OFFICE, username=f"load-bo-{n}")
            family_add = reverse(
                "referral_family_add", kwargs={"partnership_slug": slug, "referral_id": referral.public_id}
            )
            people.append(_person(user, "business_office", [home, cases, case, report], family_add, "family"))
        for n in range(counts["chair"]):
            user = member(partnership, Role.CHAIR, username=f"load-chair-{n}")
            services.add_team_member(
                review=team.review, by=team.bo, user=user, name=f"Chair {n}", organisation="Partnership",
                represents=TeamMember.Represents.OTHER,
            )  # fmt: skip
            people.append(_person(user, "chair", [home, cases, case, report], comment, "comment"))
        for n in range(counts["reviewer"]):
            if n == 0:
                user = team.lead
            elif n == 1:
                user = team.panel
            else:
                user = member(partnership, Role.PANEL_MEMBER, username=f"load-panel-{n}")
                services.add_team_member(
                    review=team.review, by=team.bo, user=user, name=f"Panel {n}", organisation="Health",
                    represents=TeamMember.Represents.OTHER,
                )  # fmt: skip
            people.append(_person(user, "reviewer", [report, review_url("detail")], comment, "comment"))
        for n in range(counts["agency_contact"]):
            request = AgencyRequestFactory(partnership=partnership, in_progress=True)  # its own agency
            user = member(
                partnership, Role.AGENCY_CONTACT, agency=request.agency, username=f"load-agency-{n}"
            )
            from chronologies.permissions import grant_agency_access

            grant_agency_access(request)
            kwargs = {"partnership_slug": slug, "agency_request_id": request.public_id}
            reads = [reverse("portal:home"), reverse("chronologies:request", kwargs=kwargs)]
            people.append(
                _person(
                    user, "agency_contact", reads, reverse("chronologies:entry_add", kwargs=kwargs), "entry"
                )
            )
    for person in people:
        client = Client()
        client.force_login(person.pop("user"))
        complete_two_factor(client, _user(client))
        person["cookie"] = client.cookies["sessionid"].value
        _preflight(client, person)
    return {"partnership": slug, "people": people}


def _user(client: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def _person(user: Any, role: str, reads: list[str], write: str, kind: str) -> dict[str, Any]:
    return {"user": user, "role": role, "reads": reads, "write": write, "kind": kind}


def _preflight(client: Any, person: dict[str, Any]) -> None:
    """Each page and the write answer as expected before the load starts (the write is rolled back)."""
    from django.db import transaction

    for url in [*person["reads"], person["write"]]:
        status = client.get(url).status_code
        assert status == 200, f"{person['role']}: GET {url} answered {status}"
    with transaction.atomic():
        status = client.post(person["write"], write_fields(person["kind"], "preflight")).status_code
        assert status == 302, f"{person['role']}: POST {person['write']} answered {status}"
        transaction.set_rollback(True)


def write_fields(kind: str, token: str) -> dict[str, str]:
    """The POST of one write; its text carries `token` so the database count can find it."""
    text = f"{MARK} {token}"
    if kind == "family":
        return {"name": text, "relationship": "Aunt", "date_of_birth_0": "", "date_of_birth_1": "",
                "date_of_birth_2": "", "address": "", "legal_status": "", "ethnic_origin": ""}  # fmt: skip
    if kind == "comment":
        return {"body": text}
    return {"occurred_on_0": "02", "occurred_on_1": "03", "occurred_on_2": "2026", "occurred_time": "",
            "event": text, "agency_or_service": "Health visiting", "source": "Records"}  # fmt: skip


def stored() -> dict[str, Any]:
    """Tokens of every write the database holds, by kind (`python bench/loadtest.py count`)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
    django.setup()
    from chronologies.models import ChronologyEntry
    from cspr.tenancy import scopes_disabled
    from referrals.models import FamilyMember
    from reviews.models import ReportComment

    def tokens(model: Any, text_field: str) -> list[str]:
        values = model.unscoped.filter(**{f"{text_field}__startswith": MARK}).values_list(
            text_field, flat=True
        )
        return [v.split(" ", 1)[1] for v in values]

    with scopes_disabled():
        return {
            "family": tokens(FamilyMember, "name"),
            "comment": tokens(ReportComment, "body"),
            "entry": tokens(ChronologyEntry, "event"),
        }


# --- The load, from this process ---------------------------------------------------------------------


@dataclass
class Tally:
    """What the simulated people saw: latencies, statuses and the writes the server acknowledged."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    by_role: dict[str, list[float]] = field(default_factory=dict)
    acknowledged: dict[str, set[str]] = field(default_factory=dict)
    unanswered: dict[str, set[str]] = field(default_factory=dict)  # refused, failed or no answer
    failures: list[str] = field(default_factory=list)

    def add(self, role: str, seconds: float, status: int, what: str) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] += 1
            self.by_role.setdefault(role, []).append(seconds)
            if status >= 500 and len(self.failures) < 20:
                self.failures.append(f"{status} {what}")


def request(port: int, method: str, path: str, cookies: dict[str, str], body: str | None = None):
    """One request over a fresh loopback connection: seconds, status, body; cookies updated in place."""
    headers = {"Host": "localhost", "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
    finally:
        conn.close()
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return time.perf_counter() - started, response.status, content


def simulate(port: int, person: dict[str, Any], tally: Tally, stop_at: float, seed: int) -> None:
    """One person until `stop_at`: mostly reading, one write in four (GET the form, then POST it)."""
    rng = random.Random(seed)  # noqa: S311 -- think times, not secrets
    cookies = {"sessionid": person["cookie"]}
    role, kind = person["role"], person["kind"]
    while time.perf_counter() < stop_at:
        if rng.random() < 0.25:
            seconds, status, content = request(port, "GET", person["write"], cookies)
            tally.add(role, seconds, status, f"GET {person['write']}")
            found = CSRF_FIELD.search(content.decode(errors="replace"))
            if status != 200 or not found:
                continue
            token = uuid.uuid4().hex
            fields = {**write_fields(kind, token), "csrfmiddlewaretoken": found.group(1)}
            try:
                seconds, status, _ = request(port, "POST", person["write"], cookies, urlencode(fields))
            except OSError:
                with tally.lock:
                    tally.unanswered.setdefault(kind, set()).add(token)
                continue
            tally.add(role, seconds, status, f"POST {person['write']}")
            with tally.lock:
                ledger = tally.acknowledged if status in (302, 303) else tally.unanswered
                ledger.setdefault(kind, set()).add(token)
        else:
            url = rng.choice(person["reads"])
            seconds, status, _ = request(port, "GET", url, cookies)
            tally.add(role, seconds, status, f"GET {url}")
        time.sleep(rng.uniform(0.1, 0.5))  # a person reads before clicking on


def run_load(port: int, people: list[dict[str, Any]], seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    stop_at = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=simulate, args=(port, p, tally, stop_at, n), daemon=True)
        for n, p in enumerate(people)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.perf_counter() - started


# --- Report ------------------------------------------------------------------------------------------


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# CSPR load test",
        "",
        f"Run {results['started']} on {results['machine']}: {results['users']} simulated people "
        f"({', '.join(f'{n} {role}' for role, n in results['mix'].items())}) for "
        f"{results['wall']:.0f} s against gunicorn ({results['workers']} workers), PostgreSQL, Redis and a "
        "Celery worker on loopback, in the partnership of the case with the longest history in the 0.1x national dataset. Every person "
        "is signed in past two-factor; one action in four is a write (the office adds a family member to a "
        "referral, chairs and the review team comment on the draft report, agency contacts add chronology "
        "entries).",
        "",
        f"**{'PASS' if results['passed'] else 'FAIL'}**: {results['server_errors']} server errors (5xx), "
        f"{results['lost']} lost writes.",
        "",
        "| | |",
        "|---|---|",
        f"| Requests | {results['requests']} ({results['requests'] / results['wall']:.1f}/s) |",
        f"| Statuses | {', '.join(f'{s}: {n}' for s, n in sorted(results['statuses'].items()))} |",
        f"| Latency p50 / p95 | {results['p50'] * 1000:.0f} ms / {results['p95'] * 1000:.0f} ms |",
        "",
        "| Role | Requests | p50 | p95 |",
        "|---|---:|---:|---:|",
    ]
    for role, row in results["roles"].items():
        lines.append(f"| {role.replace('_', ' ')} | {row['requests']} | {row['p50'] * 1000:.0f} ms | "
                     f"{row['p95'] * 1000:.0f} ms |")  # fmt: skip
    lines += [
        "",
        "| Write | Acknowledged (302) | Stored | Lost | Not acknowledged |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, row in results["writes"].items():
        lines.append(
            f"| {kind} | {row['acknowledged']} | {row['stored']} | {row['lost']} | {row['unanswered']} |"
        )
    if results["failures"]:
        lines += ["", "Server errors (first 20):", ""] + [f"- `{f}`" for f in results["failures"]]
    lines += [
        "",
        "Reproduce with `make loadtest` (options: `make loadtest LOADTEST_ARGS='--users 50 --seconds 150'`).",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--seconds", type=float, default=150, help="how long the load runs (default 150)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--out", type=Path, default=RESULTS / "loadtest.md")
    args = parser.parse_args()
    runner = Runner(argparse.Namespace())
    live = {"CELERY_TASK_ALWAYS_EAGER": "false", "CSPR_REQUIRE_2FA": "true"}
    log("Migrating the base database")
    migrated = runner.run([PYTHON, "manage.py", "migrate", "--noinput"], runner.base_url)
    if migrated.returncode:
        raise SystemExit(f"migrate failed:\n{migrated.stdout}\n{migrated.stderr}")
    database, _ = runner.generate("0.1", "all")
    log(f"Signing in {args.users} people")
    hosts = {"DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1"}  # the set-up's preflight client
    done = runner.run([PYTHON, __file__, "setup", str(args.users)], database, **live, **hosts)
    if done.returncode:
        raise SystemExit(f"set-up failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    cast = json.loads(done.stdout.strip().splitlines()[-1])
    people = cast["people"]
    port = load.free_port()
    env = {**runner.env, **live, "DATABASE_URL": database, "DATABASE_CONN_MAX_AGE": "60",
           "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1"}  # fmt: skip
    gunicorn = [str(load.VENV_BIN / "gunicorn"), "cspr.wsgi:application", "--workers", str(args.workers)]
    gunicorn += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"]
    celery = [
        str(load.VENV_BIN / "celery"),
        "-A",
        "cspr",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        "1",
    ]
    celery += ["-l", "warning"]
    log(f"gunicorn ({args.workers} workers) on 127.0.0.1:{port} and a Celery worker; "
        f"{len(people)} people for {args.seconds:g} s")  # fmt: skip
    started_at = time.strftime("%Y-%m-%d %H:%M %Z")
    with load.process(celery, env, runner.logs / "loadtest-celery.log") as worker:
        with load.process(gunicorn, env, runner.logs / "loadtest-gunicorn.log") as server:
            load.wait_for_http(port, "/healthz", server)
            tally, wall = run_load(port, people, args.seconds)
        worker_alive = worker.poll() is None
    counted = runner.run([PYTHON, __file__, "count"], database)
    if counted.returncode:
        raise SystemExit(f"count failed:\n{counted.stderr[-4000:]}")
    in_database = json.loads(counted.stdout.strip().splitlines()[-1])
    writes, lost_total = {}, 0
    for kind in ("family", "comment", "entry"):
        acked = tally.acknowledged.get(kind, set())
        held = set(in_database.get(kind, []))
        lost = len(acked - held)
        lost_total += lost
        writes[kind] = {"acknowledged": len(acked), "stored": len(held), "lost": lost,
                        "unanswered": len(tally.unanswered.get(kind, set()))}  # fmt: skip
    server_errors = sum(n for s, n in tally.statuses.items() if s >= 500)
    mix = Counter(p["role"].replace("_", " ") for p in people)
    results = {
        "started": started_at,
        "machine": f"{os.cpu_count()} CPUs",
        "users": len(people),
        "mix": dict(mix),
        "workers": args.workers,
        "wall": wall,
        "requests": len(tally.latencies),
        "statuses": dict(tally.statuses),
        "p50": load.percentile(tally.latencies, 50),
        "p95": load.percentile(tally.latencies, 95),
        "roles": {
            role: {"requests": len(v), "p50": load.percentile(v, 50), "p95": load.percentile(v, 95)}
            for role, v in sorted(tally.by_role.items())
        },
        "writes": writes,
        "server_errors": server_errors,
        "lost": lost_total,
        "failures": tally.failures,
        "celery_worker_alive": worker_alive,
    }
    results["passed"] = server_errors == 0 and lost_total == 0 and worker_alive
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(results))
    print()
    print(args.out.read_text())
    return 0 if results["passed"] else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["setup"]:
        print(json.dumps(setup(int(sys.argv[2]))))
    elif sys.argv[1:2] == ["count"]:
        print(json.dumps(stored()))
    else:
        sys.exit(main())
