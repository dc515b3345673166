"""The daily deadline scan is set-based: the same statements for one passed clock or many, for one
partnership or many (its speed is measured by `make bench`, not here)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cspr import services
from cspr.models import Case, CaseEvent, Deadline
from cspr.tasks import mark_missed, scan_deadlines
from cspr.tenancy import scope, scopes_disabled
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _overdue_case(partnership, by=None, name: str = "Child A") -> Case:
    """A case whose 15-working-day clock ran out in January 2020."""
    with scope(partnership):
        return services.open_case(
            partnership=partnership,
            child_pseudonym=name,
            aware_of_incident=date(2020, 1, 6),
            referral_received=date(2020, 1, 6),
            by=by,
        )


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_marking_missed_takes_the_same_queries_for_one_clock_or_many(partnership_a, partnership_b):
    _overdue_case(partnership_a)
    one = _queries(lambda: mark_missed(timezone.now()))
    for n in range(3):
        _overdue_case(partnership_a, name=f"Child {n}")
        _overdue_case(partnership_b, name=f"Child {n}")
    with CaptureQueriesContext(connection) as captured:
        assert mark_missed(timezone.now()) == 6
    assert len(captured) == one
    assert _queries(lambda: mark_missed(timezone.now())) < one  # nothing left: one read, no writes


def test_each_missed_clock_gets_one_system_audit_row_in_its_case(partnership_a, partnership_b, bo_a):
    case_a = _overdue_case(partnership_a, bo_a)
    case_b = _overdue_case(partnership_b)
    assert scan_deadlines()["missed"] == 2
    assert scan_deadlines()["missed"] == 0
    with scopes_disabled():
        for case in (case_a, case_b):
            event = CaseEvent.objects.get(case=case, code="deadline.missed")
            deadline = Deadline.objects.get(case=case)
            assert event.partnership_id == case.partnership_id and event.by is None
            assert event.stage == case.stage and event.subject == deadline.label[:60]
            assert event.processed_at is not None  # nothing for the outbox to send
            assert deadline.missed_at is not None


def test_a_met_or_cancelled_clock_is_never_marked(partnership_a):
    met, cancelled = (
        _overdue_case(partnership_a, name="Child M"),
        _overdue_case(partnership_a, name="Child C"),
    )
    with scopes_disabled():
        Deadline.objects.filter(case=met).update(met_at=timezone.now())
        Deadline.objects.filter(case=cancelled).update(cancelled_at=timezone.now())
    assert mark_missed(timezone.now()) == 0


@override_settings(CSPR_DEADLINE_SCANNERS=["rapid_review.reminders.scan"])
def test_the_return_reminders_scan_does_not_grow_with_the_number_of_partnerships(partnership_a):
    _overdue_case(partnership_a)
    scan_deadlines()
    few = _queries(scan_deadlines)
    for n in range(5):
        _overdue_case(PartnershipFactory(), name=f"Child {n}")
    scan_deadlines()
    assert _queries(scan_deadlines) == few
