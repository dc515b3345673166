"""The periodic tasks through a real Redis broker and a real Celery worker (not eager mode)."""

from __future__ import annotations

import os
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker

from cspr import services
from cspr.celery import app
from cspr.models import CaseEvent
from cspr.tenancy import scope, scopes_disabled

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs the Redis server that make test starts"
    ),
]


@pytest.fixture
def worker(settings):
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    app.conf.result_backend = os.environ["REDIS_URL"]
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        yield
    app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_the_daily_scan_runs_on_a_real_worker_once_per_missed_deadline(worker, partnership_a, bo_a):
    from cspr.tasks import scan_deadlines

    with scope(partnership_a):
        case = services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child A",
            aware_of_incident=date(2020, 1, 6),
            referral_received=date(2020, 1, 6),
            by=bo_a,
        )
    first = scan_deadlines.delay().get(timeout=30)
    second = scan_deadlines.delay().get(timeout=30)
    assert (first["missed"], second["missed"]) == (1, 0)
    with scopes_disabled():
        assert CaseEvent.objects.filter(case=case, code="deadline.missed").count() == 1
