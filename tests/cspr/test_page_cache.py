"""cspr.page_cache on the pages that use it: a kept part is used until a write or the clock changes it.

These tests commit for real (transaction=True), as production does: ordinary tests run in one uncommitted
transaction, where cspr.page_cache never keeps anything.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr import services
from cspr.deadlines import services as clocks
from cspr.models import Case
from cspr.tenancy import scope
from tests.cspr.homes_factories import TODAY, DeadlineFactory, due

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import caches

    caches["pages"].clear()


def _get(client, url: str) -> tuple[str, int]:
    """The page (its per-request CSRF tokens left out) and how many queries it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return html, len(captured)


def _later(client, user, time_machine, moment) -> None:
    """Move the clock on, signing in again (the idle limit would have signed the person out)."""
    time_machine.move_to(moment, tick=False)
    client.force_login(user)


def _open_case(partnership, by, name: str) -> Case:
    with scope(partnership):
        return services.open_case(
            partnership=partnership,
            child_pseudonym=name,
            aware_of_incident=date(2027, 1, 4),
            referral_received=date(2027, 1, 4),
            by=by,
        )


# --- The business office's home --------------------------------------------------------------------------


def test_the_work_queue_is_kept_until_a_clock_is_paused(client, bo_a, partnership_a):
    case = _open_case(partnership_a, bo_a, "Child K")
    client.force_login(bo_a)
    url = partnership_a.get_absolute_url()
    first, rendered = _get(client, url)
    again, kept = _get(client, url)
    assert again == first and kept < rendered  # the queue's and recent cases' queries are skipped
    assert '<span class="cspr-counts__number">0</span> Clocks paused' in first
    # Through the page, as the office does it: the clocks' rows change in the partnership's scope.
    client.post(
        reverse("case_pause", args=["alpha", case.public_id]),
        {"on_0": "13", "on_1": "1", "on_2": "2027", "reason": "Trial"},
    )
    assert '<span class="cspr-counts__number">1</span> Clocks paused' in _get(client, url)[0]


def test_a_case_opened_in_the_partnership_shows_at_once(client, bo_a, partnership_a):
    client.force_login(bo_a)
    url = partnership_a.get_absolute_url()
    _get(client, url)
    _open_case(partnership_a, bo_a, "Child New")
    assert "Child New" in _get(client, url)[0]


def test_another_partnerships_writes_leave_it_kept(client, bo_a, bo_b, partnership_a, partnership_b):
    client.force_login(bo_a)
    url = partnership_a.get_absolute_url()
    _, rendered = _get(client, url)
    _open_case(partnership_b, bo_b, "Child B")
    assert _get(client, url)[1] < rendered


def test_a_clock_due_later_today_turns_overdue_on_time(client, bo_a, partnership_a, time_machine):
    DeadlineFactory(partnership=partnership_a, due_at=due(0, hour=17, minute=0), label="Send the letter")
    client.force_login(bo_a)
    url = partnership_a.get_absolute_url()
    before, _ = _get(client, url)
    assert "Send the letter" in before and "Overdue</strong>" not in before
    _later(client, bo_a, time_machine, due(0, hour=17, minute=1))
    assert "Overdue</strong>" in _get(client, url)[0]


def test_the_groups_move_with_the_date(client, bo_a, partnership_a, time_machine):
    DeadlineFactory(partnership=partnership_a, due_at=due(1), label="Tomorrow's clock")
    client.force_login(bo_a)
    url = partnership_a.get_absolute_url()
    assert '<span class="cspr-counts__number">0</span> Due today' in _get(client, url)[0]
    _later(client, bo_a, time_machine, TODAY + timedelta(days=1))
    assert '<span class="cspr-counts__number">1</span> Due today' in _get(client, url)[0]


def test_a_filtered_queue_is_never_kept(client, bo_a, partnership_a):
    DeadlineFactory(partnership=partnership_a, due_at=due(-2))
    client.force_login(bo_a)
    url = partnership_a.get_absolute_url() + "?stage=rapid_review"
    read = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        read.append(sum('FROM "cspr_deadline"' in q["sql"] for q in captured.captured_queries))
    assert read[0] == read[1] > 0  # the queue is read again


def test_clock_writes_through_services_show_at_once(client, bo_a, partnership_a):
    case = _open_case(partnership_a, bo_a, "Child S")
    client.force_login(bo_a)
    url = partnership_a.get_absolute_url()
    _get(client, url)
    with scope(partnership_a):
        clocks.pause_case(case=case, on=date(2027, 1, 13), reason="Trial", by=bo_a)
    assert '<span class="cspr-counts__number">1</span> Clocks paused' in _get(client, url)[0]
