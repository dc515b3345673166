"""The calendar page: a month of deadlines and meetings as a table and a list, by role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr.roles import Role
from rapid_review.models import RapidReview
from tests.cspr.homes_factories import TODAY, DeadlineFactory, due
from tests.factories import member
from tests.rapid_review.office_factories import TODAY as SCHEDULED_ON
from tests.rapid_review.office_factories import rapid_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def url(partnership, query: str = "") -> str:
    return reverse("calendar", kwargs={"partnership_slug": partnership.slug}) + query


def test_it_shows_the_months_deadlines_in_a_table_and_a_list(client, bo_a, partnership_a):
    deadline = DeadlineFactory(partnership=partnership_a, due_at=due(2), label="Send the requests")
    DeadlineFactory(partnership=partnership_a, due_at=due(60), label="Far away")
    client.force_login(bo_a)
    html = client.get(url(partnership_a)).content.decode()
    assert '<h1 class="govuk-heading-l">January 2027</h1>' in html
    assert '<th scope="col" class="govuk-table__header"><abbr title="Monday">Mon</abbr></th>' in html
    grid, listed = html.split('class="cspr-calendar-list', 1)
    assert f"{deadline.case.reference}: Send the requests" in grid.split("cspr-calendar-grid", 1)[1]
    assert f"{deadline.case.reference}: Send the requests" in listed
    assert "Far away" not in html
    assert deadline.explanation in html


def test_it_moves_between_months_and_shows_meetings(client, bo_a, partnership_a, time_machine):
    time_machine.move_to(
        SCHEDULED_ON, tick=False
    )  # the meeting (Thu 7 Jan 2027) was booked before it was held
    rr = rapid_review(partnership_a, bo_a, to=RapidReview.State.MEETING_SCHEDULED)
    time_machine.move_to(TODAY, tick=False)
    client.force_login(bo_a)
    html = client.get(url(partnership_a, "?month=2027-01&view=list")).content.decode()
    assert f"{rr.case.reference}: rapid review meeting" in html
    assert "cspr-calendar-grid" not in html  # the list view only
    assert "February 2027" in html  # the next month's link


def test_a_bad_month_falls_back_to_this_month(client, bo_a, partnership_a):
    client.force_login(bo_a)
    assert "January 2027" in client.get(url(partnership_a, "?month=2027-13")).content.decode()


def test_a_reviewer_sees_no_partnership_wide_deadlines(client, partnership_a):
    DeadlineFactory(partnership=partnership_a, due_at=due(2), label="Send the requests")
    reviewer = member(partnership_a, Role.REVIEWER)
    client.force_login(reviewer)
    assert "Send the requests" not in client.get(url(partnership_a)).content.decode()


def test_closure_days_moved_to_their_own_page(client, bo_a, partnership_a):
    client.force_login(bo_a)
    html = client.get(reverse("working_days", kwargs={"partnership_slug": "alpha"})).content.decode()
    assert "Declare a closure day" in html
