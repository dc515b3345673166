"""Query counts of the case pages: pinned, and the same for a case with a long history as for a new one.

The benchmark (`make bench`) measures the speed; these tests keep the pages free of N+1 queries.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cspr import audit, selectors, services
from cspr.deadlines import services as deadlines
from cspr.models import Case, CaseEvent
from cspr.tenancy import scope, scopes_disabled

pytestmark = pytest.mark.django_db

# Session, user, the two-factor device, the partnership with the memberships (middleware), the case (with its
# referral and rapid review), the access log, the deadlines (with their pauses), the timeline's stage
# marks, the review's parallel processes and the session save (the idle timer).
CASE_PAGE_QUERIES = 12
# As above, with the history's count and page and the record's changes instead of deadlines, marks and
# parallel processes.
HISTORY_PAGE_QUERIES = 12


def _open(partnership, by, name: str) -> Case:
    with scope(partnership):
        return services.open_case(
            partnership=partnership,
            child_pseudonym=name,
            aware_of_incident=date(2026, 12, 18),
            referral_received=date(2026, 12, 18),
            by=by,
        )


def _grow(case: Case, by, *, events: int, clocks: int) -> None:
    """Years of activity: audit rows by people and by the system, and more running clocks."""
    with scope(case.partnership):
        for n in range(events):
            audit.record(case=case, code="deadline.reprojected", by=by if n % 2 else None, reason=f"#{n}")
        for n in range(clocks):
            deadlines.start(
                case=case,
                key="scoping_return",
                origin=date(2026, 12, 21) + timedelta(days=n),
                origin_label="request sent",
                subject=f"Agency {n}",
            )


def _url(case: Case, name: str) -> str:
    return reverse(name, kwargs={"partnership_slug": case.partnership.slug, "case_id": case.public_id})


def _count(client, url: str) -> int:
    client.get(url)  # warm per-process caches (templates, frameworks)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def small_and_large(partnership_a, bo_a):
    small = _open(partnership_a, bo_a, "Child S")
    large = _open(partnership_a, bo_a, "Child L")
    _grow(large, bo_a, events=120, clocks=6)
    return small, large


def test_the_case_page_runs_the_same_queries_however_long_the_case(client, bo_a, small_and_large):
    small, large = small_and_large
    client.force_login(bo_a)
    assert _count(client, _url(small, "case_detail")) == _count(client, _url(large, "case_detail"))


def test_the_case_page_query_count_is_pinned(client, bo_a, small_and_large, django_assert_max_num_queries):
    _, large = small_and_large
    client.force_login(bo_a)
    client.get(_url(large, "case_detail"))
    with django_assert_max_num_queries(CASE_PAGE_QUERIES):
        client.get(_url(large, "case_detail"))


def test_the_history_runs_the_same_queries_however_long_the_case(client, bo_a, small_and_large):
    small, large = small_and_large
    client.force_login(bo_a)
    assert _count(client, _url(small, "case_history")) == _count(client, _url(large, "case_history"))
    assert _count(client, _url(large, "case_history") + "?page=3") <= HISTORY_PAGE_QUERIES


def test_the_history_query_count_is_pinned(client, bo_a, small_and_large, django_assert_max_num_queries):
    _, large = small_and_large
    client.force_login(bo_a)
    client.get(_url(large, "case_history"))
    with django_assert_max_num_queries(HISTORY_PAGE_QUERIES):
        client.get(_url(large, "case_history"))


def test_the_history_pages_newest_first_and_names_system_events(client, bo_a, small_and_large):
    _, large = small_and_large
    client.force_login(bo_a)
    first = client.get(_url(large, "case_history")).content.decode()
    # 120 reprojections + "case opened" + the clocks' own audit rows: three pages of 50.
    with scopes_disabled():
        total = CaseEvent.objects.filter(case=large).count()
    assert f"{total} events, newest first. Page 1 of 3." in first
    assert "#119" in first and "#0<" not in first  # the newest event is on the first page
    assert ">System<" in first  # an event without a person (it used to fail the page)
    assert 'aria-current="page">1<' in first and "?page=2" in first and 'rel="prev"' not in first
    last = client.get(_url(large, "case_history") + "?page=3").content.decode()
    assert "Case opened" in last and "#119" not in last
    assert 'rel="next"' not in last and "?page=2" in last
    assert "Changes to the case record" not in last  # the record's own changes: page 1 only
    # Past the end or not a number: the nearest page, not an error.
    assert client.get(_url(large, "case_history") + "?page=99").status_code == 200
    assert client.get(_url(large, "case_history") + "?page=x").status_code == 200


def test_page_links_show_first_last_and_neighbours():
    assert selectors.page_links(1, 1) == [1]
    assert selectors.page_links(1, 3) == [1, 2, 3]
    assert selectors.page_links(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert selectors.page_links(10, 10) == [1, None, 9, 10]
