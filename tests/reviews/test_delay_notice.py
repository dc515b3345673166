"""The completion clock and the delay notice.

Cambridgeshire & Peterborough's other learning review: decided Thu 7 Jan 2027, three months, due Wed 7 Apr
2027. The office is asked 20 working days before: counting back from Wed 7 Apr and skipping Easter Monday
29 Mar and Good Friday 26 Mar 2027, the 20th working day before is Mon 8 Mar 2027 (Fri 5 Mar is still quiet).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from cspr.roles import Role
from cspr.tasks import process_outbox
from cspr.tenancy import scope, scopes_disabled
from cspr.workflow import TransitionRefused
from reviews import demo, selectors, services, workflow
from reviews.models import ReviewDispatch
from tests.factories import PartnershipFactory, member
from tests.reviews.factories import commissioned
from tests.reviews.helpers import date_fields, ok, url

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NATIONAL_PANEL = "Mailbox.NationalReviewPanel@education.gov.uk"
DFE = "Mailbox.CPOD@education.gov.uk"


@pytest.fixture
def cp():
    return PartnershipFactory(slug="cp", procedure="cambridgeshire-peterborough")


@pytest.fixture
def bo_cp(cp):
    return member(cp, Role.BUSINESS_OFFICE, username="bo_cp")


@pytest.fixture
def learning_review(cp, bo_cp, time_machine):
    return commissioned(cp, bo_cp, leads_to="other_learning_review", time_machine=time_machine)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON)


def test_the_warning_date_skips_easter(cp, learning_review, time_machine):
    with scope(cp):
        deadline = workflow.completion_deadline(learning_review)
        assert deadline.due_at.astimezone(LONDON).date() == date(2027, 4, 7)
        warning, explanation = selectors.warning_date(learning_review, date(2027, 4, 7))
        assert warning == date(2027, 3, 8)
        assert "Good Friday" in explanation and "Easter Monday" in explanation
        time_machine.move_to(at(date(2027, 3, 5)), tick=False)
        assert selectors.delay_risk(learning_review) is None
        time_machine.move_to(at(date(2027, 3, 8)), tick=False)
        assert "is near" in selectors.delay_risk(learning_review).reason


def test_a_timetable_past_the_completion_date_is_a_risk_at_once(cp, bo_cp, learning_review, time_machine):
    time_machine.move_to(at(date(2027, 1, 11)), tick=False)
    with scope(cp):
        assert selectors.delay_risk(learning_review) is None
        demo.draft_terms(learning_review, by=bo_cp, planned_completion=date(2027, 5, 28))
        risk = selectors.delay_risk(learning_review)
        assert "Fri 28 May 2027" in risk.reason and "Wed 7 Apr 2027" in risk.reason


def test_the_office_sends_the_delay_notice_to_the_panel_and_the_secretary_of_state(
    client, cp, bo_cp, learning_review, time_machine
):
    time_machine.move_to(at(date(2027, 3, 8)), tick=False)
    client.force_login(bo_cp)
    page = client.get(learning_review.get_absolute_url()).content.decode()
    assert "Record the delay and send the notice" in page
    # Bad input: nothing typed is lost.
    response = client.post(
        url("delay_notice", learning_review),
        {"reason": "Waiting for the police", **date_fields("expected_on", date(2027, 3, 1))},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert services.EXPECTED_IN_PAST in body and "Waiting for the police" in body
    ok(
        client.post(
            url("delay_notice", learning_review),
            {"reason": "Waiting for the police", **date_fields("expected_on", date(2027, 6, 30))},
        )
    )
    mail.outbox.clear()
    process_outbox()
    (notice,) = [m for m in mail.outbox if "notice of delay" in m.subject]
    assert set(notice.to) == {NATIONAL_PANEL, DFE}
    assert "Waiting for the police" in notice.body and "Wed 30 Jun 2027" in notice.body
    with scopes_disabled():
        learning_review.refresh_from_db()
        assert learning_review.delay_reason == "Waiting for the police"
        assert learning_review.dispatches.get(kind=ReviewDispatch.Kind.DELAY_NOTICE).sent_at is not None
    process_outbox()  # a second sweep sends nothing twice
    assert len([m for m in mail.outbox if "notice of delay" in m.subject]) == 1


def test_northamptonshire_tells_the_national_panel_only(time_machine):
    partnership = PartnershipFactory(slug="northants", procedure="northamptonshire")
    bo = member(partnership, Role.BUSINESS_OFFICE, username="bo_n")
    review = commissioned(partnership, bo, time_machine=time_machine)
    time_machine.move_to(at(date(2027, 1, 11)), tick=False)
    with scope(partnership):
        dispatch = services.send_delay_notice(
            review=review, by=bo, reason="Trial", expected_on=date(2027, 9, 1)
        )
        assert dispatch.to == [NATIONAL_PANEL]
        with pytest.raises(TransitionRefused, match=services.NO_DELAY_REASON):
            services.send_delay_notice(review=review, by=bo, reason=" ", expected_on=date(2027, 9, 1))


def test_a_procedure_without_an_other_learning_target_starts_no_clock(time_machine):
    partnership = PartnershipFactory(slug="lewisham-x", procedure="lewisham")
    bo = member(partnership, Role.BUSINESS_OFFICE, username="bo_l")
    review = commissioned(partnership, bo, leads_to="other_learning_review", time_machine=time_machine)
    with scope(partnership):
        assert workflow.completion_deadline(review) is None
        assert selectors.delay_risk(review) is None
