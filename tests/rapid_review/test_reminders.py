"""Reminders for scoping returns: before, on the day and escalated, each once, on working days.

Request sent Mon 21 Dec 2026; 5 working days skip Christmas Day (Fri 25) and the Boxing Day substitute
(Mon 28), so the return is due Wed 30 Dec. West Midlands: remind 1 working day before (Tue 29), on the
day (Wed 30), escalate 1 working day overdue (Thu 31).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from cspr import tasks
from cspr.models import CaseEvent
from cspr.tenancy import scope
from rapid_review import reminders
from rapid_review.models import ReminderLog
from tests.rapid_review.factories import ScopingRequestFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
Kind = ReminderLog.Kind


def at(day: date, hour: int = 7) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _sent_monday_21_december_2026(time_machine):
    time_machine.move_to(at(date(2026, 12, 21), 10), tick=False)


@pytest.fixture
def sent(partnership_a, agency_a, agency_contact_a):
    request = ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    # The request's own email leaves through the outbox first, so the tests count only reminders.
    tasks.process_outbox()
    mail.outbox.clear()
    return request


def scan_on(day: date, partnership, time_machine, capture, *, hour: int = 7) -> int:
    time_machine.move_to(at(day, hour), tick=False)
    with capture(execute=True), scope(partnership):
        return reminders.scan(partnership=partnership, now=at(day, hour))


def test_each_reminder_goes_once_on_its_working_day(
    sent, partnership_a, agency_a, agency_contact_a, time_machine, django_capture_on_commit_callbacks
):
    sent_on: dict[date, list[str]] = {}
    day = date(2026, 12, 21)
    while day <= date(2027, 1, 8):
        before = len(mail.outbox)
        for _ in range(2):  # the scan may run twice in a day (a retry, a second worker)
            scan_on(day, partnership_a, time_machine, django_capture_on_commit_callbacks)
        new = mail.outbox[before:]
        if new:
            sent_on[day] = [m.subject for m in new]
        day += timedelta(days=1)

    assert list(sent_on) == [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    assert [len(subjects) for subjects in sent_on.values()] == [1, 1, 1]
    assert "is due on Wed 30 Dec 2026" in sent_on[date(2026, 12, 29)][0]
    assert "is due today" in sent_on[date(2026, 12, 30)][0]
    assert sent_on[date(2026, 12, 31)][0].startswith("Overdue scoping return")

    before, due_today, escalated = mail.outbox
    assert set(before.to) == {agency_a.email, agency_contact_a.email}
    assert set(due_today.to) == {agency_a.email, agency_contact_a.email}
    assert set(escalated.to) == {partnership_a.mailbox, agency_a.safeguarding_lead_email}
    assert sent.rapid_review.case.reference in escalated.body and "1 working day overdue" in escalated.body
    assert escalated.alternatives and escalated.alternatives[0][1] == "text/html"

    logs = ReminderLog.unscoped.filter(request=sent).order_by("sent_at")
    assert [log.kind for log in logs] == [Kind.BEFORE, Kind.DUE_TODAY, Kind.ESCALATED]
    events = CaseEvent.unscoped.filter(
        subject_id=sent.public_id, code__in=["scoping.reminder_sent", "scoping.escalated"]
    )
    assert sorted(e.code for e in events) == [
        "scoping.escalated",
        "scoping.reminder_sent",
        "scoping.reminder_sent",
    ]


def test_a_missed_day_still_sends_the_reminder_before_the_due_day(
    sent, partnership_a, time_machine, django_capture_on_commit_callbacks
):
    # The scan did not run on Tue 29 Dec; it sends the "before" reminder no later than the due day.
    assert scan_on(date(2026, 12, 24), partnership_a, time_machine, django_capture_on_commit_callbacks) == 0
    assert scan_on(date(2026, 12, 30), partnership_a, time_machine, django_capture_on_commit_callbacks) == 1
    assert [log.kind for log in ReminderLog.unscoped.filter(request=sent)] == [Kind.DUE_TODAY]


def test_a_returned_request_gets_no_reminders(
    partnership_a, agency_a, agency_contact_a, time_machine, django_capture_on_commit_callbacks
):
    ScopingRequestFactory(partnership=partnership_a, agency=agency_a, submitted=True)
    for day in (date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)):
        assert scan_on(day, partnership_a, time_machine, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_daily_scan_runs_the_reminders(
    sent, partnership_a, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(at(date(2026, 12, 29)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        results = tasks.scan_deadlines()
    assert results["rapid_review.reminders.scan"] == 1
    assert len(mail.outbox) == 1


def test_the_business_office_sees_the_same_list(
    client, sent, partnership_a, bo_a, time_machine, django_capture_on_commit_callbacks
):
    scan_on(date(2026, 12, 29), partnership_a, time_machine, django_capture_on_commit_callbacks)
    client.force_login(bo_a)
    response = client.get(reverse("rapid_review:reminders", args=[partnership_a.slug]))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row.request == sent and row.status == reminders.DUE_SOON
    assert row.plan.due == date(2026, 12, 30) and row.plan.escalate_from == date(2026, 12, 31)
    assert "Reminder before the due date" in response.content.decode()

    scan_on(date(2026, 12, 31), partnership_a, time_machine, django_capture_on_commit_callbacks)
    client.force_login(bo_a)  # two days on, the idle session has expired
    (row,) = client.get(reverse("rapid_review:reminders", args=[partnership_a.slug])).context["rows"]
    assert row.status == reminders.ESCALATED


def test_the_list_requires_the_business_office(client, partnership_a, reader_a, agency_contact_a):
    for user in (reader_a, agency_contact_a):
        client.force_login(user)
        assert client.get(reverse("rapid_review:reminders", args=[partnership_a.slug])).status_code == 403


def test_the_list_hides_other_partnership(client, partnership_b, bo_a, time_machine):
    ScopingRequestFactory(partnership=partnership_b, sent=True)
    client.force_login(bo_a)
    assert client.get(reverse("rapid_review:reminders", args=[partnership_b.slug])).status_code == 404
