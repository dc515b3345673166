"""Core pages with the standard cast: works for members, 403 without the role, 404 for outsiders."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cspr import services
from cspr.models import AccessLog, ClosureDay
from cspr.tenancy import scope, scopes_disabled


@pytest.fixture
def opened_case(partnership_a, bo_a):
    with scope(partnership_a):
        return services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child Q",
            aware_of_incident=date(2026, 12, 18),
            referral_received=date(2026, 12, 18),
            by=bo_a,
        )


def case_url(case, name="case_detail"):
    return reverse(name, kwargs={"partnership_slug": case.partnership.slug, "case_id": case.public_id})


@pytest.mark.django_db
def test_home_sends_a_one_partnership_user_straight_in(client, bo_a, partnership_a):
    client.force_login(bo_a)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == partnership_a.get_absolute_url()


@pytest.mark.django_db
def test_home_lists_every_partnership_of_a_multi_partnership_user(client, bo_a, partnership_a, partnership_b):
    from cspr.roles import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=bo_a, partnership=partnership_b, role=Role.PARTNER_POLICE)
    client.force_login(bo_a)
    page = client.get(reverse("home")).content.decode()
    assert partnership_a.name in page and partnership_b.name in page


@pytest.mark.django_db
def test_case_page_shows_deadlines_with_their_explanation_and_logs_the_view(client, bo_a, opened_case):
    client.force_login(bo_a)
    page = client.get(case_url(opened_case)).content.decode()
    assert "Child Q" in page
    assert "Wed 13 Jan 2027" in page
    assert "Fri 25 Christmas Day" in page  # the calculation, on demand
    with scopes_disabled():
        assert AccessLog.objects.filter(case=opened_case, user=bo_a).count() == 1


@pytest.mark.django_db
def test_case_history_shows_the_audit_sentences(client, bo_a, opened_case):
    client.force_login(bo_a)
    page = client.get(case_url(opened_case, "case_history")).content.decode()
    assert "Case opened" in page


@pytest.mark.django_db
def test_it_requires_a_case_reading_role(client, agency_contact_a, opened_case):
    client.force_login(agency_contact_a)
    assert client.get(case_url(opened_case)).status_code == 403


@pytest.mark.django_db
def test_it_hides_other_partnership(client, bo_b, opened_case):
    client.force_login(bo_b)
    assert client.get(case_url(opened_case)).status_code == 404


@pytest.mark.django_db
def test_pausing_the_clocks_through_the_page(client, bo_a, opened_case):
    client.force_login(bo_a)
    url = case_url(opened_case, "case_pause")
    empty = client.post(url, {"on_0": "", "on_1": "", "on_2": "", "reason": ""})
    assert empty.status_code == 200
    assert "There is a problem" in empty.content.decode()
    response = client.post(url, {"on_0": "4", "on_1": "1", "on_2": "2027", "reason": "Inquest"})
    assert response.status_code == 302
    assert "Clock paused" in client.get(case_url(opened_case)).content.decode()


@pytest.mark.django_db
def test_a_reader_cannot_pause_the_clocks(client, reader_a, opened_case):
    client.force_login(reader_a)
    assert client.get(case_url(opened_case, "case_pause")).status_code == 403


@pytest.mark.django_db
def test_declaring_a_closure_day_keeps_what_was_typed_when_it_fails(client, bo_a, partnership_a, opened_case):
    client.force_login(bo_a)
    url = reverse("working_days", kwargs={"partnership_slug": partnership_a.slug})
    bad = client.post(url, {"date_0": "31", "date_1": "2", "date_2": "2027", "reason": "Staff training"})
    assert bad.status_code == 200
    assert 'value="Staff training"' in bad.content.decode()
    ok = client.post(url, {"date_0": "29", "date_1": "12", "date_2": "2026", "reason": "Staff training"})
    assert ok.status_code == 302
    with scopes_disabled():
        assert ClosureDay.objects.filter(partnership=partnership_a, date=date(2026, 12, 29)).exists()


@pytest.mark.django_db
def test_a_reader_sees_the_calendar_but_cannot_declare_closures(client, reader_a, partnership_a):
    client.force_login(reader_a)
    url = reverse("working_days", kwargs={"partnership_slug": partnership_a.slug})
    assert "Declare a closure day" not in client.get(url).content.decode()
    client.post(url, {"date_0": "29", "date_1": "12", "date_2": "2026", "reason": "Sneaky"})
    with scopes_disabled():
        assert not ClosureDay.objects.exists()


@pytest.mark.django_db
def test_procedure_page_quotes_every_timescale_source(client, bo_a, partnership_a):
    client.force_login(bo_a)
    page = client.get(reverse("procedure", kwargs={"partnership_slug": partnership_a.slug})).content.decode()
    assert "between 7 and 13 working days" in page
    assert "within 2 working days of receiving the referral" in page


@pytest.mark.django_db
def test_brand_stylesheet_carries_the_partnership_colour(client, partnership_a):
    css = client.get(reverse("brand_stylesheet", kwargs={"slug": partnership_a.slug})).content.decode()
    assert partnership_a.brand_colour in css


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client, bo_a, partnership_a):
    client.force_login(bo_a)
    response = client.get(partnership_a.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_health_check_answers_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_case_page_draws_the_timeline_with_overdue_clocks_in_red(client, bo_a, partnership_a):
    with scope(partnership_a):
        late = services.open_case(
            partnership=partnership_a,
            child_pseudonym="Child L",
            aware_of_incident=date(2020, 1, 6),
            referral_received=date(2020, 1, 6),
            by=bo_a,
        )
    client.force_login(bo_a)
    page = client.get(case_url(late)).content.decode()
    assert "<svg" in page and "cspr-timeline__bar--overdue" in page
    assert "1 deadline, 1 overdue" in page
