"""The Retention settings page: the period and the action in force with their source, changed by the business
office (audited), a preview of the cases due, read-only for auditors, hidden from everyone else."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils.html import escape

from cspr.frameworks import OPTIONS
from cspr.models import OptionChange, Partnership, RetentionRun
from cspr.tenancy import scopes_disabled
from tests.factories import CaseFactory, closed

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
YEARS_MESSAGE = "Enter a retention period from 1 to 100 years"


def url(partnership: Partnership) -> str:
    return reverse("retention_settings", kwargs={"partnership_slug": partnership.slug})


def save(client, partnership, **fields):
    data = {"years": "10", "action": "delete", "reason": "Agreed with our DPO on 3 March", "submit": "Save"}
    return client.post(url(partnership), {**data, **fields})


@pytest.fixture
def closed_in_2018(partnership_a, time_machine):
    """A case closed in March 2018: not due with 7 years on 1 December 2024, due with 5."""
    time_machine.move_to(datetime(2018, 3, 5, 10, 0, tzinfo=LONDON), tick=False)
    case = closed(CaseFactory(partnership=partnership_a, reference="ALPH-2018-001"))
    time_machine.move_to(datetime(2024, 12, 1, 10, 0, tzinfo=LONDON), tick=False)
    return case


def test_it_shows_the_settings_in_force_with_their_source(client, bo_a, partnership_a):
    client.force_login(bo_a)
    page = client.get(url(partnership_a))
    assert page.status_code == 200
    html = page.content.decode()
    assert "7 years after the case closed" in html and "Anonymised" in html
    assert "CSPR&#x27;s default" in html and "Working Together 2023" in html
    assert escape(OPTIONS["retention_years"].label) in html


def test_the_business_office_changes_them_and_the_change_is_audited(client, bo_a, partnership_a):
    client.force_login(bo_a)
    response = save(client, partnership_a)
    assert response.status_code == 302
    partnership_a.refresh_from_db()
    assert (
        partnership_a.option("retention_years") == 10 and partnership_a.option("retention_action") == "delete"
    )
    with scopes_disabled():
        changes = {c.key: c for c in OptionChange.unscoped.filter(partnership=partnership_a)}
    assert (changes["retention_years"].old_value, changes["retention_years"].new_value) == (None, 10)
    assert changes["retention_action"].by == bo_a
    assert changes["retention_action"].reason == "Agreed with our DPO on 3 March"
    page = client.get(response["Location"]).content.decode()
    assert "Retention settings saved" in page and f"Set by {partnership_a.name}" in page
    assert "Agreed with our DPO on 3 March" in page  # the record of changes

    assert save(client, partnership_a).status_code == 302  # the same values again: nothing to record
    with scopes_disabled():
        assert OptionChange.unscoped.filter(partnership=partnership_a).count() == 2


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("0", YEARS_MESSAGE),
        ("101", YEARS_MESSAGE),
        ("-3", YEARS_MESSAGE),
        ("seven", "Enter the retention period as a whole number of years, like 7"),
        ("", "Enter the retention period in years"),
    ],
)
def test_bad_years_are_refused_with_a_message(client, bo_a, partnership_a, years, message):
    client.force_login(bo_a)
    response = save(client, partnership_a, years=years)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    partnership_a.refresh_from_db()
    assert partnership_a.option_overrides == {}


def test_a_change_needs_a_reason_and_a_known_action(client, bo_a, partnership_a):
    client.force_login(bo_a)
    html = save(client, partnership_a, reason=" ", action="shred").content.decode()
    assert "Enter why you are changing the retention settings" in html
    assert "Select whether personal data is anonymised or deleted" in html
    partnership_a.refresh_from_db()
    assert partnership_a.option_overrides == {}


def test_it_lists_the_cases_due_and_previews_another_period(client, bo_a, partnership_a, closed_in_2018):
    client.force_login(bo_a)
    assert closed_in_2018.reference not in client.get(url(partnership_a)).content.decode()
    preview = client.post(url(partnership_a), {"years": "5", "action": "delete", "reason": "", "preview": ""})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Nothing has been saved" in html
    assert closed_in_2018.reference in html and "would be deleted" in html
    partnership_a.refresh_from_db()
    assert partnership_a.option_overrides == {}
    with scopes_disabled():
        assert not RetentionRun.unscoped.exists()  # a preview is computed, not run


def test_an_auditor_reads_it_without_the_form(client, reader_a, partnership_a):
    client.force_login(reader_a)
    page = client.get(url(partnership_a))
    assert page.status_code == 200 and 'name="years"' not in page.content.decode()
    assert save(client, partnership_a).status_code == 403


def test_it_requires_the_retention_permission(client, chair_a, partnership_a):
    client.force_login(chair_a)
    assert client.get(url(partnership_a)).status_code == 403
    assert save(client, partnership_a).status_code == 403


def test_it_hides_other_partnership(client, bo_b, partnership_a):
    client.force_login(bo_b)
    assert client.get(url(partnership_a)).status_code == 404
    assert save(client, partnership_a).status_code == 404


def test_the_navigation_links_to_retention_for_those_who_may_see_it(client, bo_a, chair_a, partnership_a):
    retention = reverse("retention_runs", kwargs={"partnership_slug": partnership_a.slug})
    client.force_login(bo_a)
    home = client.get(reverse("partnership_home", kwargs={"partnership_slug": partnership_a.slug}))
    assert f'href="{retention}"' in home.content.decode()
    runs = client.get(retention).content.decode()
    assert f'href="{url(partnership_a)}"' in runs
    client.force_login(chair_a)
    home = client.get(reverse("partnership_home", kwargs={"partnership_slug": partnership_a.slug}))
    assert f'href="{retention}"' not in home.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the audit guard is a PostgreSQL trigger")
def test_an_option_change_cannot_be_rewritten_or_deleted(client, bo_a, partnership_a):
    client.force_login(bo_a)
    save(client, partnership_a)
    with scopes_disabled():
        changes = OptionChange.unscoped.filter(partnership=partnership_a)
        for attempt in (lambda: changes.update(reason="Nobody asked"), lambda: changes.delete()):
            with pytest.raises(DatabaseError, match="audit rows"), transaction.atomic():
                attempt()
