"""The integrated chronology and the portal home read a fixed number of queries, however many entries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from chronologies import services
from chronologies.imports import ImportResult, ParsedRow
from cspr.tenancy import scope
from tests.chronologies.factories import AgencyRequestFactory, office, review_gathering
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

# The integrated chronology: the same for 6 entries as for 2,100 (one count and one page of entries).
INTEGRATED_QUERIES = 11
# The portal home: the agency-contact memberships are read once and shared by the sections, and the count
# is the same for one request as for five.
PORTAL_HOME_QUERIES = 11


def _add(request, count: int) -> None:
    rows = [
        ParsedRow(
            line=n + 2,
            values={
                "occurred_on": date(2024, 1, 1) + timedelta(days=n % 700),
                "occurred_time": None,
                "agency_or_service": "",
                "source": "Records",
                "event": f"Event {n}",
                "practitioner_role": "",
                "action_or_outcome": "",
                "comment": "",
            },
        )
        for n in range(count)
    ]
    with scope(request.partnership):
        services.import_rows(
            request=request, by=office(request.partnership), result=ImportResult(rows=rows), filename="x.csv"
        )


def _timeline_with(partnership, entries_per_agency: int):
    review = review_gathering(partnership)
    for _ in range(3):
        request = AgencyRequestFactory(
            partnership=partnership,
            agency=AgencyFactory(partnership=partnership),
            review=review,
            in_progress=True,
            entries=0,
        )
        _add(request, entries_per_agency)
        from chronologies import workflow
        from tests.chronologies.factories import SIGN_OFF

        with scope(partnership):
            workflow.submit(request=request, by=office(partnership), **SIGN_OFF)
    return review


def test_thousands_of_entries_page_in_constant_queries(
    client, partnership_a, bo_a, django_assert_max_num_queries
):
    small = _timeline_with(partnership_a, 2)
    big = _timeline_with(partnership_a, 700)  # 2,100 entries
    client.force_login(bo_a)
    counts = []
    for review, page in [(small, 1), (big, 1), (big, 15)]:
        path = reverse(
            "chronologies:integrated",
            kwargs={"partnership_slug": partnership_a.slug, "review_id": review.public_id},
        )
        with django_assert_max_num_queries(INTEGRATED_QUERIES) as captured:
            response = client.get(path, {"page": page, "q": "Event"})
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] == counts[2]
    assert response.context["page"].paginator.count == 2100 and len(response.context["rows"]) == 50


def test_the_portal_home_reads_constant_queries(
    client, partnership_a, agency_a, agency_contact_a, django_assert_max_num_queries
):
    review = review_gathering(partnership_a)
    AgencyRequestFactory(partnership=partnership_a, agency=agency_a, review=review, sent=True)
    client.force_login(agency_contact_a)
    client.get(reverse("portal:home"))  # the first request also fills the session and the caches
    with django_assert_max_num_queries(PORTAL_HOME_QUERIES) as one:
        client.get(reverse("portal:home"))
    for _ in range(4):
        AgencyRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    with django_assert_max_num_queries(PORTAL_HOME_QUERIES) as five:
        response = client.get(reverse("portal:home"))
    assert len(response.context["sections"][0]["outstanding"]) == 5
    assert len(one) == len(five)
