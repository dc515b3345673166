"""What the business office's pages do: refusals land in the error summary with everything typed kept."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse

from cspr.models.cases import Stage
from cspr.tenancy import scopes_disabled
from rapid_review import workflow
from rapid_review.models import Dispatch, RapidReview, ScopingRequest
from referrals.models import Referral
from tests.factories import PartnershipFactory, member
from tests.rapid_review.office_factories import (
    LONDON,
    TODAY,
    WINDOW_CLOSES,
    accepted_case,
    attend,
    rapid_review,
)

pytestmark = pytest.mark.django_db
State = RapidReview.State


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _url(name, rr):
    return reverse(f"rapid_review:{name}", args=[rr.partnership.slug, rr.public_id])


def _date(name, value):
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def test_the_case_page_offers_to_start_once_the_referral_is_accepted(client, partnership_a, bo_a, reader_a):
    case = accepted_case(partnership_a)
    client.force_login(bo_a)
    assert "Start the rapid review" in client.get(case.get_absolute_url()).content.decode()
    client.force_login(reader_a)
    assert "Start the rapid review" not in client.get(case.get_absolute_url()).content.decode()


def test_start_is_refused_for_a_referral_not_accepted(client, partnership_a, bo_a):
    case = accepted_case(partnership_a, state=Referral.State.SUBMITTED)
    client.force_login(bo_a)
    assert "Start the rapid review" not in client.get(case.get_absolute_url()).content.decode()
    response = client.post(reverse("rapid_review:start", args=[partnership_a.slug, case.public_id]))
    assert response.status_code == 200
    assert workflow.REFERRAL_NOT_ACCEPTED in response.content.decode()
    assert not RapidReview.unscoped.filter(case=case).exists()


def test_the_case_page_links_to_the_rapid_review(client, partnership_a, bo_a):
    rr = rapid_review(partnership_a, bo_a)
    client.force_login(bo_a)
    page = client.get(rr.case.get_absolute_url()).content.decode()
    assert rr.get_absolute_url() in page and "Start the rapid review" not in page


def test_sending_requests(client, partnership_a, bo_a, agency_a, other_agency_a):
    rr = rapid_review(partnership_a, bo_a)
    client.force_login(bo_a)
    empty = client.post(_url("send_requests", rr), {"case_summary": "", "agencies": []})
    assert "Select at least one agency to send a scoping request to" in empty.content.decode()
    response = client.post(
        _url("send_requests", rr),
        {"case_summary": "What happened", "period_under_review": "", "agencies": [agency_a.pk]},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert [r.agency for r in ScopingRequest.unscoped.filter(rapid_review=rr)] == [agency_a]
    # A further agency later, from those without a request.
    add = client.get(_url("add_request", rr)).content.decode()
    assert other_agency_a.name in add and agency_a.name not in add
    assert client.post(_url("add_request", rr), {"agency": other_agency_a.pk}).status_code == 302


def test_the_overview_tags_late_returns(client, partnership_a, bo_a, agency_a, time_machine):
    rr = rapid_review(partnership_a, bo_a, to=State.AWAITING_RETURNS, agencies=[agency_a])
    time_machine.move_to(datetime(2026, 12, 31, 9, 0, tzinfo=LONDON), tick=False)  # due Wed 30 Dec
    client.force_login(bo_a)
    page = client.get(_url("detail", rr)).content.decode()
    assert "Late" in page and "0 of 1 returned; 1 late" in page
    assert "How this date was worked out" in page


def test_a_meeting_outside_the_window_asks_for_the_reason(client, partnership_a, bo_a):
    rr = rapid_review(partnership_a, bo_a, to=State.AWAITING_RETURNS)
    client.force_login(bo_a)
    form = {**_date("meeting_on", date(2027, 1, 13)), "meeting_time": "14:30", "meeting_format": "video"}
    response = client.post(_url("schedule_meeting", rr), {**form, "outside_window_reason": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The meeting is outside the procedure" in page
    assert 'href="#id_outside_window_reason"' in page  # the summary links to the reason field
    assert 'value="14:30"' in page  # what was typed is kept
    assert "Wed 13 Jan 2027 leaves the submission due" in page  # the 15-working-day warning
    rr.refresh_from_db()
    assert rr.state == State.AWAITING_RETURNS
    response = client.post(
        _url("schedule_meeting", rr), {**form, "outside_window_reason": "Police lead in court"}
    )
    assert response.status_code == 302
    rr.refresh_from_db()
    assert rr.meeting_at == datetime(2027, 1, 13, 14, 30, tzinfo=LONDON)


def test_the_schedule_page_shows_the_window_and_checks_the_time(client, partnership_a, bo_a):
    rr = rapid_review(partnership_a, bo_a, to=State.AWAITING_RETURNS)
    client.force_login(bo_a)
    page = client.get(_url("schedule_meeting", rr)).content.decode()
    assert "Thursday 31 December 2026 to Monday 11 January 2027" in page
    assert "hold the meeting by Friday 8 January 2027" in page
    bad = {**_date("meeting_on", WINDOW_CLOSES), "meeting_time": "25:00", "meeting_format": "video"}
    assert "24-hour clock" in client.post(_url("schedule_meeting", rr), bad).content.decode()


def test_the_meeting_cannot_be_held_without_a_quorum(client, partnership_a, bo_a):
    rr = rapid_review(partnership_a, bo_a, to=State.MEETING_SCHEDULED)
    client.force_login(bo_a)
    client.post(
        _url("attendance", rr),
        {"name": "Dana Police", "job_title": "DCI", "organisation": "Test Police", "represents": "police"},
    )
    page = client.get(_url("attendance", rr)).content.decode()
    assert (
        "Dana Police" in page
        and "at least one representative of each of the three safeguarding partners" in page
    )
    response = client.post(_url("meeting_held", rr), {"omissions": "Health sent apologies"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The meeting was not quorate" in page and "Health sent apologies" in page
    rr.refresh_from_db()
    assert rr.state == State.MEETING_SCHEDULED


def test_the_decision_is_refused_until_the_positions_are_in(
    client, partnership_a, bo_a, chair_a, time_machine
):
    rr = rapid_review(partnership_a, bo_a, to=State.MEETING_HELD, time_machine=time_machine)
    client.force_login(chair_a)
    typed = {
        "outcome": "j",
        "outcome_text": "A thematic review",
        "rationale": "Our reasons",
        "endorsed_by": "",
    }
    response = client.post(_url("decision", rr), typed)
    page = response.content.decode()
    assert "The decision is not complete: record the position of local authority, police, health." in page
    assert "Our reasons" in page and 'value="A thematic review"' in page
    rr.refresh_from_db()
    assert rr.state == State.MEETING_HELD


def test_positions_offer_the_procedures_roles(client, bo_a, time_machine):
    northants = PartnershipFactory(slug="northants", procedure="northamptonshire")
    rr = rapid_review(northants, bo_a, to=State.MEETING_HELD, time_machine=time_machine)
    client.force_login(member(northants, "chair", username="northants-chair"))
    form = client.get(_url("positions", rr)).context["form"]
    assert [code for code, _ in form.fields["role"].choices] == ["strategic_lead", "scrutineer"]


def test_the_meeting_record_keeps_none_of_the_above_alone(client, partnership_a, bo_a, chair_a):
    rr = rapid_review(partnership_a, bo_a, to=State.MEETING_SCHEDULED)
    client.force_login(chair_a)
    response = client.post(_url("meeting_record", rr), {"criteria": ["none", "recurrent_themes"]})
    assert "None of the above" in response.content.decode() and response.status_code == 200
    assert (
        client.post(_url("meeting_record", rr), {"criteria": ["none"], "nature_of_harm": "x"}).status_code
        == 302
    )
    rr.refresh_from_db()
    assert rr.criteria == ["none"] and rr.nature_of_harm == "x"


def test_the_late_notice_for_cambridgeshire_and_peterborough(client, bo_a, time_machine):
    cambs = PartnershipFactory(slug="cambs", procedure="cambridgeshire-peterborough")
    rr = rapid_review(cambs, bo_a, to=State.AWAITING_RETURNS)
    chair = member(cambs, "chair", username="cambs-chair")
    time_machine.move_to(datetime(2027, 1, 13, 9, 0, tzinfo=LONDON), tick=False)  # target was Tue 12 Jan
    client.force_login(chair)
    assert "Tell the National Panel it will be late" in client.get(_url("detail", rr)).content.decode()
    response = client.post(
        _url("late_notice", rr),
        {"reasons": "Two returns were late", **_date("expected_on", date(2027, 1, 20))},
    )
    assert response.status_code == 302
    assert Dispatch.unscoped.get(rapid_review=rr).kind == Dispatch.Kind.LATE_NOTICE
    page = client.get(_url("detail", rr)).content.decode()
    assert "Two returns were late" in page and "Wed 20 Jan 2027" in page


def test_no_late_notice_where_the_procedure_has_none(client, partnership_a, bo_a, chair_a):
    partnership_a.option_overrides = {"late_rapid_review_notice": False}
    partnership_a.save()
    rr = rapid_review(partnership_a, bo_a, to=State.MEETING_SCHEDULED)
    client.force_login(chair_a)
    assert client.get(_url("late_notice", rr)).status_code == 404


def test_the_panel_response_then_conclude(client, partnership_a, bo_a, time_machine):
    rr = rapid_review(partnership_a, bo_a, to=State.SUBMITTED, time_machine=time_machine, outcome="b")
    client.force_login(bo_a)
    future = {"response": "agrees", **_date("received_on", date(2027, 2, 1)), "notes": ""}
    assert "must be today or in the past" in client.post(_url("panel_response", rr), future).content.decode()
    ok = {"response": "agrees", **_date("received_on", date(2027, 1, 7)), "notes": "Agreed"}
    assert client.post(_url("panel_response", rr), ok).status_code == 302
    assert "The case moves on to the review stage" in client.get(_url("conclude", rr)).content.decode()
    assert client.post(_url("conclude", rr)).status_code == 302
    rr.refresh_from_db()
    rr.case.refresh_from_db()
    assert rr.state == State.PROGRESSED and rr.case.stage == Stage.REVIEW


def test_revise_reopens_the_decision(client, partnership_a, bo_a, chair_a, time_machine):
    rr = rapid_review(partnership_a, bo_a, to=State.PANEL_RESPONDED, time_machine=time_machine)
    client.force_login(chair_a)
    assert (
        "Enter why the decision is being revised"
        in client.post(_url("revise", rr), {"reason": ""}).content.decode()
    )
    assert client.post(_url("revise", rr), {"reason": "More on health"}).status_code == 302
    rr.refresh_from_db()
    assert rr.state == State.DECISION_RECORDED


def test_the_overview_offers_only_what_the_user_may_do(client, partnership_a, bo_a, reader_a):
    rr = rapid_review(partnership_a, bo_a, to=State.MEETING_SCHEDULED)
    attend(rr, bo_a, "police")
    client.force_login(reader_a)
    page = client.get(_url("detail", rr)).content.decode()
    assert "Meeting scheduled" in page and "Record attendance" not in page
    client.force_login(bo_a)
    page = client.get(_url("detail", rr)).content.decode()
    assert "Record attendance" in page and "1 recorded; not quorate" in page
