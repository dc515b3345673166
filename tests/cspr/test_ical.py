"""The private iCal feed: RFC 5545 text, a token that opens only its owner's entries, revocation, limits."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from cspr import ical
from cspr.models import CalendarFeed
from cspr.roles import Role
from tests.cspr.homes_factories import TODAY, DeadlineFactory, due
from tests.factories import member


@pytest.fixture(autouse=True)
def fresh_cache(time_machine):
    time_machine.move_to(TODAY, tick=False)
    cache.clear()


def test_text_is_escaped_as_rfc_5545_says():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "é" * 100
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def make_link(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("calendar_feed_settings"), {"action": "new"})
    assert response.status_code == 200
    url = response.context["new_url"]
    client.logout()
    return url.replace("http://testserver", "")


@pytest.mark.django_db
def test_the_feed_lists_the_persons_deadlines_without_a_session(client, bo_a, partnership_a, partnership_b):
    mine = DeadlineFactory(partnership=partnership_a, due_at=due(2), label="Send the requests, today")
    theirs = DeadlineFactory(partnership=partnership_b, due_at=due(2), label="Not yours")
    url = make_link(client, bo_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    unfolded = body.replace("\r\n ", "")
    assert f"SUMMARY:Due: {mine.case.reference}: Send the requests\\, today" in unfolded
    assert f"UID:deadline-{mine.public_id}@cspr" in unfolded
    assert f"DTSTART;VALUE=DATE:{due(2):%Y%m%d}" in unfolded
    assert "Not yours" not in body and theirs.case.reference not in body
    assert mine.case.child_pseudonym not in body  # no names leave the service


@pytest.mark.django_db
def test_an_agency_contact_gets_no_partnership_wide_deadlines(client, partnership_a, agency_contact_a):
    DeadlineFactory(partnership=partnership_a, due_at=due(2), label="Office only")
    body = client.get(make_link(client, agency_contact_a)).content.decode()
    assert "BEGIN:VCALENDAR" in body and "Office only" not in body


@pytest.mark.django_db
def test_a_new_link_stops_the_old_one_and_turning_off_stops_both(client, bo_a):
    old = make_link(client, bo_a)
    new = make_link(client, bo_a)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.force_login(bo_a)
    client.post(reverse("calendar_feed_settings"), {"action": "turn_off"})
    client.logout()
    assert client.get(new).status_code == 404
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_only_a_hash_of_the_token_is_stored(client, bo_a):
    url = make_link(client, bo_a)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert CalendarFeed.objects.get().token_hash != token


@pytest.mark.django_db
def test_unknown_tokens_and_inactive_people_get_not_found(client, partnership_a):
    person = member(partnership_a, Role.CHAIR, username="leaver")
    url = make_link(client, person)
    person.is_active = False
    person.save()
    assert client.get(url).status_code == 404
    assert client.get(reverse("calendar_feed", kwargs={"token": "guess"})).status_code == 404


@pytest.mark.django_db
def test_bursts_are_refused(client, bo_a, settings):
    settings.CSPR_CALENDAR_FEED_PER_MINUTE = 3
    url = make_link(client, bo_a)
    codes = [client.get(url).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
