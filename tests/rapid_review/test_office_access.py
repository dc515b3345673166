"""Every business office page with the standard cast: it works for the role holding the permission, 403 for
a member without it, 404 for another partnership's people and for another partnership's rapid review."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapid_review.models import RapidReview
from tests.rapid_review.office_factories import TODAY, rapid_review

pytestmark = pytest.mark.django_db
State = RapidReview.State

# page -> (state the rapid review is in, who may use it, a member of A who may not)
PAGES = {
    "detail": (State.SCOPING, "reader_a", "agency_contact_a"),
    "send_requests": (State.SCOPING, "bo_a", "chair_a"),
    "add_request": (State.AWAITING_RETURNS, "bo_a", "chair_a"),
    "schedule_meeting": (State.AWAITING_RETURNS, "bo_a", "reader_a"),
    "attendance": (State.MEETING_SCHEDULED, "bo_a", "chair_a"),
    "meeting_held": (State.MEETING_SCHEDULED, "bo_a", "chair_a"),
    "positions": (State.MEETING_HELD, "chair_a", "bo_a"),
    "meeting_record": (State.MEETING_HELD, "chair_a", "reader_a"),
    "decision": (State.MEETING_HELD, "chair_a", "reader_a"),
    "submit": (State.DECISION_RECORDED, "bo_a", "chair_a"),
    "late_notice": (State.MEETING_SCHEDULED, "chair_a", "reader_a"),
    "panel_response": (State.SUBMITTED, "bo_a", "chair_a"),
    "revise": (State.PANEL_RESPONDED, "chair_a", "reader_a"),
    "conclude": (State.PANEL_RESPONDED, "bo_a", "chair_a"),
}


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _url(name, rr, slug=None):
    return reverse(f"rapid_review:{name}", args=[slug or rr.partnership.slug, rr.public_id])


@pytest.mark.parametrize("page", PAGES)
def test_it_works(client, request, partnership_a, bo_a, time_machine, page):
    state, allowed, _ = PAGES[page]
    rr = rapid_review(partnership_a, bo_a, to=state, time_machine=time_machine)
    client.force_login(request.getfixturevalue(allowed))
    response = client.get(_url(page, rr))
    assert response.status_code == 200
    assert "govuk-back-link" in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_it_requires_the_permission(client, request, partnership_a, bo_a, time_machine, page):
    state, _, forbidden = PAGES[page]
    rr = rapid_review(partnership_a, bo_a, to=state, time_machine=time_machine)
    client.force_login(request.getfixturevalue(forbidden))
    assert client.get(_url(page, rr)).status_code == 403
    assert client.post(_url(page, rr)).status_code == 403
    rr.refresh_from_db()
    assert rr.state == state


@pytest.mark.parametrize("page", PAGES)
def test_it_hides_other_partnership(client, partnership_a, partnership_b, bo_a, bo_b, time_machine, page):
    state, _, _ = PAGES[page]
    rr_a = rapid_review(partnership_a, bo_a, to=state, time_machine=time_machine)
    rr_b = rapid_review(partnership_b, bo_b, to=state)
    client.force_login(bo_b)
    assert client.get(_url(page, rr_a)).status_code == 404  # A's page, by a member of B only
    client.force_login(bo_a)
    assert client.get(_url(page, rr_b, slug=partnership_a.slug)).status_code in (403, 404)
    if page in {"detail", "send_requests", "add_request", "schedule_meeting", "submit"}:
        assert client.get(_url(page, rr_b, slug=partnership_a.slug)).status_code == 404


def test_start_requires_the_business_office(client, partnership_a, chair_a, bo_b):
    from tests.rapid_review.office_factories import accepted_case

    case = accepted_case(partnership_a)
    start = reverse("rapid_review:start", args=[partnership_a.slug, case.public_id])
    client.force_login(chair_a)
    assert client.post(start).status_code == 403
    client.force_login(bo_b)
    assert client.post(start).status_code == 404
