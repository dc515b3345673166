"""Nothing lost, nothing doubled: Redis and the worker die in the middle of a reminder run.

A real worker process (tests/cspr/outage_worker.py) on a Redis server this test owns is killed with
SIGKILL twice, together with Redis: once in the middle of the daily scan, once while an email is being
handed to the mail server. Both come back (Redis empty, as after a crash without persistence), the
scan and the outbox sweep run again as beat would run them, and every reminder has gone exactly once.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from cspr.celery import app
from cspr.models import CaseEvent, Deadline
from cspr.tenancy import scopes_disabled
from rapid_review import workflow
from rapid_review.models import ReminderLog
from tests.factories import AgencyFactory
from tests.rapid_review.factories import _office
from tests.referrals.factories import ReferralFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker process needs the test's PostgreSQL database",
    ),
]

CASES, AGENCIES = 6, 8  # six rapid reviews, each asking eight agencies: 48 returns due today
REMINDER_CODES = ["scoping.reminder_sent", "scoping.escalated"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


class Outage:
    """A private redis-server and a worker process, each started and killed (SIGKILL) on demand."""

    def __init__(self, mailbox: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.mailbox = mailbox
        self.redis: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None

    def start(self) -> None:
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self._redis_answers, timeout=10, what="redis-server")
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": self.url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CSPR_TEST_MAILBOX": str(self.mailbox),
            "DJANGO_SETTINGS_MODULE": "cspr.settings",
        }
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "tests.cspr.outage_worker"], cwd=settings.BASE_DIR, env=env
        )

    def kill(self) -> None:
        """Both die at once, with no chance to clean up: a power cut, an OOM kill."""
        for process in (self.worker, self.redis):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)

    def send(self, task) -> None:
        with app.connection_for_write(self.url) as broker:
            task.apply_async(connection=broker, ignore_result=True)

    def _redis_answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(7) == b"+PONG\r\n"
        except OSError:
            return False


@pytest.fixture
def outage(tmp_path) -> Iterator[Outage]:
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # tasks go to the worker, not run here
    mailbox = tmp_path / "mailbox"
    mailbox.mkdir()
    running = Outage(mailbox)
    try:
        yield running
    finally:
        running.kill()
        app.conf.task_always_eager = eager


@pytest.fixture
def returns_due_today(partnership_a) -> list:
    """Scoping requests to eight agencies for each of six rapid reviews, every return due today."""
    today = timezone.localdate()
    with scopes_disabled():
        office = _office(partnership_a)
        agencies = AgencyFactory.create_batch(AGENCIES, partnership=partnership_a)
        requests = []
        for _ in range(CASES):
            referral = ReferralFactory(
                partnership=partnership_a,
                created_by=office,
                accepted=True,
                aware_of_incident=today - timedelta(days=10),
                referral_received=today - timedelta(days=9),
            )
            rapid_review = workflow.open_rapid_review(case=referral.case, by=office, referral_accepted=True)
            requests += workflow.send_scoping_requests(
                rapid_review=rapid_review,
                agencies=agencies,
                case_summary="A child was admitted to hospital with a head injury.",
                period_under_review="The 12 months before the incident",
                by=office,
            )
        # The worker runs on the real clock: the returns fall due late today.
        late_today = timezone.make_aware(datetime.combine(today, datetime.max.time().replace(microsecond=0)))
        Deadline.unscoped.filter(key="scoping_return", subject_id__in=[r.public_id for r in requests]).update(
            due_at=late_today - timedelta(minutes=1)
        )
        # The requests themselves were emailed when they were sent; only reminders are pending.
        CaseEvent.unscoped.filter(processed_at=None).update(processed_at=timezone.now())
    return requests


def delivered(mailbox: Path) -> list[tuple[str, str]]:
    """(first recipient, subject) of each message the mail server accepted."""
    messages = [message_from_bytes(path.read_bytes()) for path in mailbox.glob("*.eml")]
    return [(m["To"].split(",")[0].strip(), m["Subject"]) for m in messages]


def half_sent(mailbox: Path) -> bool:
    return any(mailbox.glob("*.sending"))


@pytest.mark.django_db(transaction=True)
def test_every_reminder_goes_once_through_two_crashes(outage, returns_due_today):
    from cspr.tasks import process_outbox, scan_deadlines

    total = len(returns_due_today)
    with scopes_disabled():
        logged = ReminderLog.unscoped.count
        pending = CaseEvent.unscoped.filter(code__in=REMINDER_CODES, processed_at=None).count

    # 1. Killed in the middle of the daily scan.
    outage.start()
    outage.send(scan_deadlines)
    wait_for(lambda: logged() >= total // 4, timeout=120, what="the scan to get going")
    outage.kill()
    assert logged() < total, "the scan finished before the crash; make the scenario bigger"

    # 2. Back up; the scan runs again and the sweep starts emailing. Killed while a message is half-sent.
    outage.start()
    outage.send(scan_deadlines)
    wait_for(
        lambda: len(delivered(outage.mailbox)) >= total // 3 and half_sent(outage.mailbox),
        timeout=120,
        what="the outbox sweep to be sending",
    )
    outage.kill()
    assert len(delivered(outage.mailbox)) < total
    for marker in outage.mailbox.glob("*.sending"):
        marker.unlink()  # that handoff never completed: the mail server has no such message

    # 3. Back up; beat's next scan and sweep finish the job.
    outage.start()
    outage.send(scan_deadlines)
    outage.send(process_outbox)
    wait_for(
        lambda: logged() == total and pending() == 0 and not half_sent(outage.mailbox),
        timeout=120,
        what="every reminder to be sent",
    )
    outage.kill()

    sent = Counter(delivered(outage.mailbox))
    expected = {
        (r.agency.email, f"Your scoping return for rapid review {r.rapid_review.case.reference} is due today")
        for r in returns_due_today
    }
    assert set(sent) == expected
    assert set(sent.values()) == {1}, [m for m, n in sent.items() if n > 1]
    with scopes_disabled():
        assert ReminderLog.unscoped.filter(kind=ReminderLog.Kind.DUE_TODAY).count() == total
