"""The business office's home: the work queue, its filters and counts, and a fixed query count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cspr import work_queue
from cspr.models.cases import Stage
from cspr.tenancy import scope
from tests.cspr.homes_factories import TODAY, DeadlineFactory
from tests.factories import AgencyFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def home_url(partnership) -> str:
    return reverse("partnership_home", kwargs={"partnership_slug": partnership.slug})


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_it_groups_open_clocks_by_what_needs_doing(partnership_a):
    DeadlineFactory(partnership=partnership_a, overdue=True)
    DeadlineFactory(partnership=partnership_a, due_today=True)
    DeadlineFactory.create_batch(2, partnership=partnership_a, due_this_week=True)
    DeadlineFactory(partnership=partnership_a, later=True, subject="Alpha Hospital NHS Trust")
    DeadlineFactory(partnership=partnership_a, paused=True)
    DeadlineFactory(partnership=partnership_a, overdue=True, met=True)  # met: off the queue
    with scope(partnership_a):
        queue = work_queue.work_queue(partnership_a)
    counts = {g.group.key: g.count for g in queue.groups}
    assert counts == {"overdue": 1, "due_today": 1, "due_this_week": 2, "waiting_on_others": 1}
    assert queue.paused == 1
    assert queue.open_total == 6


def test_it_shows_each_date_with_its_stored_explanation(client, bo_a, partnership_a):
    deadline = DeadlineFactory(
        partnership=partnership_a, overdue=True, explanation="received Fri 18 Dec; +5 working days"
    )
    html = page(client, bo_a, home_url(partnership_a))
    assert "Work queue" in html
    assert deadline.case.reference in html
    assert "How this date was worked out" in html
    assert "received Fri 18 Dec; +5 working days" in html
    assert "govuk-tag--red" in html


def test_it_lists_the_first_few_of_a_group_and_links_to_all(client, bo_a, partnership_a):
    DeadlineFactory.create_batch(work_queue.TOP_N + 3, partnership=partnership_a, overdue=True)
    html = page(client, bo_a, home_url(partnership_a))
    assert html.count("Complete the rapid review</td>") == work_queue.TOP_N
    assert f"See all {work_queue.TOP_N + 3}" in html
    listing = page(
        client, bo_a, reverse("work_queue", kwargs={"partnership_slug": "alpha"}) + "?group=overdue"
    )
    assert listing.count("Complete the rapid review</td>") == work_queue.TOP_N + 3


def test_it_filters_by_stage_and_agency(client, bo_a, partnership_a):
    agency = AgencyFactory(partnership=partnership_a, name="Alpha Police")
    review_case = CaseFactory(partnership=partnership_a, stage=Stage.REVIEW)
    DeadlineFactory(partnership=partnership_a, case=review_case, overdue=True, label="Agree the terms")
    DeadlineFactory(partnership=partnership_a, overdue=True, subject="Alpha Police", label="Police return")
    html = page(client, bo_a, home_url(partnership_a) + "?stage=review")
    assert "Agree the terms</td>" in html and "Police return" not in html
    html = page(client, bo_a, home_url(partnership_a) + f"?agency={agency.public_id}")
    assert "Police return" in html and "Agree the terms</td>" not in html
    assert "selected>Alpha Police</option>" in html  # the choice is kept on the page


def test_an_unknown_filter_value_is_explained_not_an_error(client, bo_a, partnership_a):
    DeadlineFactory(partnership=partnership_a, overdue=True)
    html = page(client, bo_a, home_url(partnership_a) + "?stage=nonsense")
    assert "There is a problem" in html
    assert "Choose a stage from the list" in html


def test_other_partnerships_clocks_never_show(client, bo_a, partnership_a, partnership_b):
    theirs = DeadlineFactory(partnership=partnership_b, overdue=True)
    html = page(client, bo_a, home_url(partnership_a))
    assert theirs.case.reference not in html


def _home_queries(client, django_assert_max_num_queries, user, partnership) -> None:
    client.force_login(user)
    url = home_url(partnership)
    client.get(url)  # warm the session
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200


# Session, user, two-factor device, the partnership with the memberships, agencies, the counts, the four
# groups' first rows (one UNION ALL), recent cases and the session save: the same at any size. Pinned at
# two sizes below.
MAX_QUERIES = 11


@pytest.mark.parametrize("per_group", [1, 40])
def test_the_query_count_does_not_grow_with_the_queue(
    client, django_assert_max_num_queries, bo_a, partnership_a, per_group
):
    AgencyFactory.create_batch(3, partnership=partnership_a)
    for trait in ("overdue", "due_today", "due_this_week", "paused"):
        DeadlineFactory.create_batch(per_group, partnership=partnership_a, **{trait: True})
    DeadlineFactory.create_batch(per_group, partnership=partnership_a, later=True, subject="Alpha Police")
    _home_queries(client, django_assert_max_num_queries, bo_a, partnership_a)


def test_the_full_list_requires_seeing_every_deadline(client, agency_contact_a, partnership_a):
    client.force_login(agency_contact_a)
    assert client.get(reverse("work_queue", kwargs={"partnership_slug": "alpha"})).status_code == 403


def test_it_hides_other_partnership(client, bo_b, partnership_a):
    client.force_login(bo_b)
    assert client.get(home_url(partnership_a)).status_code == 404
    assert client.get(reverse("work_queue", kwargs={"partnership_slug": "alpha"})).status_code == 404
