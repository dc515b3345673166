"""The daily deadline scan and the outbox sweep: idempotent, nothing lost, nothing doubled."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from cspr import audit, services
from cspr.models import CaseEvent, Deadline
from cspr.tasks import process_outbox, scan_deadlines
from cspr.tenancy import scope, scopes_disabled

CALLS: list[int] = []


def record_call(*, event) -> None:
    CALLS.append(event.pk)


def failing_handler(*, event) -> None:
    raise ConnectionError("SMTP down")


@pytest.fixture
def overdue_case(partnership_a, bo_a):
    with scope(partnership_a):
        return services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child A",
            aware_of_incident=date(2020, 1, 6),
            referral_received=date(2020, 1, 6),
            by=bo_a,
        )


@pytest.mark.django_db
def test_the_scan_records_a_missed_deadline_once(overdue_case):
    assert scan_deadlines()["missed"] == 1
    assert scan_deadlines()["missed"] == 0
    with scopes_disabled():
        assert CaseEvent.objects.filter(case=overdue_case, code="deadline.missed").count() == 1
        assert Deadline.objects.get(case=overdue_case).missed_at is not None


@pytest.mark.django_db
def test_the_scan_leaves_met_deadlines_alone(overdue_case):
    with scopes_disabled():
        Deadline.objects.filter(case=overdue_case).update(met_at="2020-01-10T12:00:00Z")
    assert scan_deadlines()["missed"] == 0


@pytest.mark.django_db
def test_the_outbox_runs_each_handler_once(case_a):
    CALLS.clear()
    event = audit.record(case=case_a, code="test.notify", by=None, needs_processing=True)
    with override_settings(CSPR_OUTBOX_HANDLERS={"test.notify": "tests.cspr.test_tasks.record_call"}):
        assert process_outbox() == 1
        assert process_outbox() == 0
    assert CALLS == [event.pk]


@pytest.mark.django_db
def test_a_failing_handler_leaves_the_event_for_the_next_sweep(case_a):
    event = audit.record(case=case_a, code="test.notify", by=None, needs_processing=True)
    with override_settings(CSPR_OUTBOX_HANDLERS={"test.notify": "tests.cspr.test_tasks.failing_handler"}):
        assert process_outbox() == 0
    with scopes_disabled():
        assert CaseEvent.objects.get(pk=event.pk).processed_at is None
    CALLS.clear()
    with override_settings(CSPR_OUTBOX_HANDLERS={"test.notify": "tests.cspr.test_tasks.record_call"}):
        assert process_outbox() == 1
    assert CALLS == [event.pk]


@pytest.mark.django_db
def test_an_event_needing_emails_is_sent_as_soon_as_its_transaction_commits(
    case_a, django_capture_on_commit_callbacks
):
    CALLS.clear()
    handlers = {"test.notify": "tests.cspr.test_tasks.record_call"}
    with override_settings(CSPR_OUTBOX_HANDLERS=handlers), django_capture_on_commit_callbacks(execute=True):
        event = audit.record(case=case_a, code="test.notify", by=None, needs_processing=True)
    assert CALLS == [event.pk]
