"""Return clocks from each procedure's framework, across the Christmas bank holidays, and their reminders.

Requests sent Fri 18 Dec 2026. West Midlands: 20 working days skip Christmas Day (Fri 25), the Boxing Day
substitute (Mon 28) and New Year's Day (Fri 1 Jan), so the chronology is due Wed 20 Jan 2027. Reminders:
1 working day before (Tue 19), on the day (Wed 20), escalated 1 working day overdue (Thu 21), each once.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core import mail
from django.utils import timezone

from chronologies import reminders
from chronologies.models import AgencyRequest, RequestReminder
from cspr.models import CaseEvent, Deadline
from cspr.tenancy import scope
from tests.chronologies.conftest import LONDON
from tests.chronologies.factories import AgencyRequestFactory
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
SEEDS = ["west-midlands", "llr", "cambridgeshire-peterborough", "northamptonshire", "lewisham"]


def at(day: date, hour: int = 7) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def test_west_midlands_chronology_is_due_after_the_bank_holidays(partnership_a):
    request = AgencyRequestFactory(partnership=partnership_a, sent=True)
    with scope(partnership_a):
        clock = Deadline.objects.get(subject_id=request.public_id)
    assert clock.key == "chronology_return"
    assert timezone.localtime(clock.due_at).date() == date(2027, 1, 20)
    assert "Christmas Day" in clock.explanation and "New Year" in clock.explanation


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", list(AgencyRequest.Kind))
def test_every_procedure_sets_the_return_period_from_its_framework(seed, kind):
    partnership = PartnershipFactory(slug=f"p-{seed}", procedure=seed)
    request = AgencyRequestFactory(partnership=partnership, kind=kind, sent=True)
    timescale = partnership.framework.timescale(f"{kind}_return")
    assert timescale.is_set and timescale.source  # each seed cites its own sentence
    with scope(partnership):
        clock = Deadline.objects.get(subject_id=request.public_id)
    expected = partnership.working_calendar().add_working_days(date(2026, 12, 18), timescale.amount)
    assert timezone.localtime(clock.due_at).date() == expected
    assert clock.timescale["source"] == timescale.source


def test_each_reminder_goes_once_on_its_working_day(
    partnership_a, agency_a, agency_contact_a, time_machine, django_capture_on_commit_callbacks
):
    AgencyRequestFactory(partnership=partnership_a, agency=agency_a, in_progress=True)
    sent_on: dict[date, list[str]] = {}
    for day in [date(2027, 1, d) for d in (15, 18, 19, 20, 21, 22, 25)]:
        before = len(mail.outbox)
        for _ in range(2):  # the scan may run twice in a day
            time_machine.move_to(at(day), tick=False)
            with django_capture_on_commit_callbacks(execute=True), scope(partnership_a):
                reminders.scan(partnership=partnership_a, now=at(day))
        if new := mail.outbox[before:]:
            sent_on[day] = [m.subject for m in new]
    assert list(sent_on) == [date(2027, 1, 19), date(2027, 1, 20), date(2027, 1, 21)]
    assert sent_on[date(2027, 1, 19)][0].startswith("Reminder: your chronology")
    assert sent_on[date(2027, 1, 20)][0].endswith("is due today")
    assert sent_on[date(2027, 1, 21)][0].startswith("Overdue chronology")
    with scope(partnership_a):
        assert RequestReminder.objects.count() == 3
        assert CaseEvent.objects.filter(code="chronology.escalated").count() == 1
    escalation = mail.outbox[-1]
    assert partnership_a.mailbox in escalation.to and agency_a.safeguarding_lead_email in escalation.to


def test_no_reminder_once_submitted(partnership_a, agency_a, agency_contact_a, time_machine):
    AgencyRequestFactory(partnership=partnership_a, agency=agency_a, submitted=True)
    time_machine.move_to(at(date(2027, 1, 21)), tick=False)
    with scope(partnership_a):
        assert reminders.scan(partnership=partnership_a, now=at(date(2027, 1, 21))) == 0
