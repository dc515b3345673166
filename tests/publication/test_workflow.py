"""The publication transitions: each allowed from its state and refused from the others, with the
framework's dates computed by the working-day engine (West Midlands, 7 working days, across Christmas)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from cspr.models import CaseEvent, Deadline
from cspr.tasks import process_outbox
from cspr.workflow import TransitionRefused
from publication import rules, workflow
from publication.models import Publication, PublicationDispatch
from tests.publication.factories import EARLIEST_WM, TODAY, at, publication

pytestmark = pytest.mark.django_db
State = Publication.State


@pytest.fixture(autouse=True)
def _friday_18_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_every_transition_has_its_function():
    functions = {
        State.PLANNED: workflow.plan_publication,
        State.COPIES_SENT: workflow.send_copies,
        State.NOTICE_PERIOD: workflow.copies_delivered,
        State.PUBLISHED: workflow.publish,
        State.AVAILABLE_ONLINE: workflow.go_online,
        State.ARCHIVED: workflow.archive,
        State.WITHDRAWN: workflow.withdraw,
        State.NOT_PUBLISHING: workflow.decide_not_to_publish,
        State.IMPROVEMENTS_PUBLISHED: workflow.publish_improvements,
    }
    targets = {to for tos in workflow.TRANSITIONS.values() for to in tos}
    assert targets == set(functions)


def test_earliest_date_counts_working_days_across_christmas(partnership_a):
    assert rules.earliest_publication_date(partnership_a, TODAY.date()) == EARLIEST_WM
    latest = rules.latest_copy_date(partnership_a, EARLIEST_WM)
    assert latest.due.date() == TODAY.date()
    assert "Fri 25 Dec 2026 Christmas Day" in latest.explanation or "Christmas Day" in latest.explanation


def test_a_date_inside_the_notice_period_is_refused(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, time_machine=time_machine)
    with pytest.raises(TransitionRefused) as refused:
        workflow.plan_publication(publication=pub, planned_on=date(2026, 12, 30), by=bo_a)
    assert str(refused.value) == (
        "Choose a date on or after 31 December 2026: copies must reach the National Panel, Ofsted and the "
        "Department for Education 7 working days before publication"
    )
    pub = workflow.plan_publication(publication=pub, planned_on=EARLIEST_WM, by=bo_a)
    assert pub.state == State.PLANNED and pub.planned_on == EARLIEST_WM
    deadline = Deadline.unscoped.get(case=pub.case, key="copies_before_publication", cancelled_at=None)
    assert deadline.due_at.date() == TODAY.date()


def test_a_past_date_is_refused(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, time_machine=time_machine)
    with pytest.raises(TransitionRefused, match=workflow.DATE_IN_PAST):
        workflow.plan_publication(publication=pub, planned_on=date(2026, 12, 1), by=bo_a)


def test_copies_go_by_email_through_the_outbox_then_the_notice_period_runs(partnership_a, bo_a, time_machine, unscoped):  # fmt: skip
    pub = publication(partnership_a, bo_a, to=State.COPIES_SENT, time_machine=time_machine)
    assert pub.state == State.COPIES_SENT
    assert CaseEvent.unscoped.get(case=pub.case, code="publication.copies_sent").processed_at is None
    mail.outbox.clear()
    process_outbox()
    pub.refresh_from_db()
    assert pub.state == State.NOTICE_PERIOD and pub.copies_delivered_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            "Mailbox.NationalReviewPanel@education.gov.uk",
            "SCR.SIN@ofsted.gov.uk",
            "Mailbox.CPOD@education.gov.uk",
        ]
    )
    assert all(m.attachments[0][2] == "application/pdf" for m in mail.outbox)
    dispatches = PublicationDispatch.unscoped.filter(publication=pub)
    assert dispatches.count() == 3 and all(d.sent_at for d in dispatches)
    process_outbox()  # a second sweep sends nothing again
    assert len(mail.outbox) == 3


def test_copies_are_refused_when_they_would_arrive_too_late(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, to=State.PLANNED, time_machine=time_machine)
    time_machine.move_to(
        at(date(2026, 12, 21)), tick=False
    )  # Monday: too late for Thu 31 Dec (Fri 1 Jan, a bank holiday, counts back to Mon 21)
    with pytest.raises(TransitionRefused, match="Choose a date on or after 1 January 2027"):
        workflow.send_copies(publication=pub, by=bo_a)


def test_publish_is_refused_before_copies(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, to=State.PLANNED, time_machine=time_machine)
    with pytest.raises(
        TransitionRefused, match="cannot be done while the publication is publication planned"
    ):
        workflow.publish(publication=pub, by=bo_a)


def test_publish_goes_online_and_sends_to_the_nspcc(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, to=State.PUBLISHED, time_machine=time_machine)
    assert pub.state == State.AVAILABLE_ONLINE
    assert pub.online_until == date(2027, 12, 31)  # 12 months
    mail.outbox.clear()
    process_outbox()
    assert [m.to for m in mail.outbox if "NSPCC" in m.body or "nspcc" in m.to[0]] == [
        ["information@nspcc.org.uk"]
    ]
    pub.refresh_from_db()
    assert pub.nspcc_sent_at is not None


def test_archive_waits_for_the_online_period(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, to=State.PUBLISHED, time_machine=time_machine)
    with pytest.raises(TransitionRefused, match="must stay online until 31 December 2027 \\(12 months"):
        workflow.archive(publication=pub, by=bo_a)
    time_machine.move_to(at(date(2027, 12, 31)), tick=False)
    assert workflow.archive(publication=pub, by=bo_a).state == State.ARCHIVED


def test_withdraw_needs_a_reason(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, to=State.PUBLISHED, time_machine=time_machine)
    with pytest.raises(TransitionRefused, match=workflow.NO_REASON):
        workflow.withdraw(publication=pub, reason=" ", by=bo_a)
    pub = workflow.withdraw(publication=pub, reason="Identifies a sibling", by=bo_a)
    assert pub.state == State.WITHDRAWN and pub.withdrawn_reason == "Identifies a sibling"


def test_withdraw_is_refused_before_publication(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, to=State.PLANNED, time_machine=time_machine)
    with pytest.raises(TransitionRefused, match="cannot be done"):
        workflow.withdraw(publication=pub, reason="x", by=bo_a)


def test_not_publishing_needs_reasons_and_improvements(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, to=State.PLANNED, time_machine=time_machine)
    with pytest.raises(TransitionRefused, match=workflow.NO_IMPROVEMENTS):
        workflow.decide_not_to_publish(
            publication=pub, reasons="Family", improvements_information="", by=bo_a
        )
    pub = workflow.decide_not_to_publish(
        publication=pub, reasons="Family", improvements_information="Checks", by=bo_a
    )
    assert pub.state == State.NOT_PUBLISHING
    assert not Deadline.unscoped.filter(
        case=pub.case, key="copies_before_publication", cancelled_at=None
    ).exists()
    with pytest.raises(TransitionRefused, match="cannot be done"):
        workflow.publish(publication=pub, by=bo_a)
    assert workflow.publish_improvements(publication=pub, by=bo_a).state == State.IMPROVEMENTS_PUBLISHED


def test_go_online_waits_for_the_publication_time(partnership_a, bo_a, time_machine, unscoped):
    pub = publication(partnership_a, bo_a, to=State.NOTICE_PERIOD, time_machine=time_machine)
    framework = partnership_a.framework
    framework.rules = {
        **framework.rules,
        "options": {**framework.rules["options"], "publication_time": "10:00"},
    }
    framework.save()
    time_machine.move_to(at(EARLIEST_WM, 8), tick=False)
    pub = workflow.publish(publication=Publication.unscoped.get(pk=pub.pk), by=bo_a)
    assert pub.state == State.PUBLISHED and pub.published_at == at(EARLIEST_WM, 10)
    with pytest.raises(TransitionRefused, match="goes online at 10:00"):
        workflow.go_online(publication=pub, by=None)
    time_machine.move_to(at(EARLIEST_WM, 10), tick=False)
    assert workflow.go_online(publication=pub, by=None).state == State.AVAILABLE_ONLINE
