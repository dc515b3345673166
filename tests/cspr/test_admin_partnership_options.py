"""The Django admin's partnership page changes the partnership's options only through cspr.options, so each
change is an OptionChange row naming the administrator, as on the Retention settings page; a procedure's
page cannot change the retention every partnership following it inherits."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from cspr import admin, options, retention
from cspr.models import OptionChange, Partnership, ProcedureFramework
from cspr.tenancy import scope, scopes_disabled
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
WHY = "Agreed with the DPO on 3 March"


@pytest.fixture
def administrator():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def change_url(partnership: Partnership) -> str:
    return reverse("admin:cspr_partnership_change", args=[partnership.pk])


def fields_of(partnership: Partnership, **changes) -> dict[str, str]:
    """The admin form's fields as the change page shows them, with `changes` typed over them."""
    shown = {
        "slug": partnership.slug,
        "name": partnership.name,
        "reference_prefix": partnership.reference_prefix,
        "framework": str(partnership.framework_id),
        "local_authority": partnership.local_authority,
        "police": partnership.police,
        "health": partnership.health,
        "mailbox": partnership.mailbox,
        "brand_colour": partnership.brand_colour,
        "region": partnership.region,
        "option_overrides": json.dumps(partnership.option_overrides),
        "reason": "",
    }
    return {**shown, **changes}


def changes_of(partnership: Partnership) -> list[tuple]:
    with scopes_disabled():
        rows = OptionChange.unscoped.filter(partnership=partnership).order_by("pk")
        return list(rows.values_list("key", "old_value", "new_value", "by__username", "reason"))


def test_it_records_a_retention_change_with_the_administrator(client, administrator, partnership_a):
    client.force_login(administrator)
    overrides = json.dumps({"retention_years": 3, "retention_action": "delete"})
    response = client.post(
        change_url(partnership_a), fields_of(partnership_a, option_overrides=overrides, reason=WHY)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert changes_of(partnership_a) == [
        ("retention_years", None, 3, "admin", WHY),
        ("retention_action", None, "delete", "admin", WHY),
    ]
    partnership_a.refresh_from_db()
    assert partnership_a.option("retention_years") == 3
    assert partnership_a.option("retention_action") == "delete"


def test_it_records_removing_the_partnerships_own_value(client, administrator, bo_a, partnership_a):
    with scope(partnership_a):
        retention.change_settings(partnership=partnership_a, by=bo_a, years=10, action="anonymise")
    partnership_a.refresh_from_db()
    client.force_login(administrator)
    response = client.post(
        change_url(partnership_a), fields_of(partnership_a, option_overrides="{}", reason=WHY)
    )
    assert response.status_code == 302
    assert changes_of(partnership_a)[-1] == ("retention_years", 10, None, "admin", WHY)
    partnership_a.refresh_from_db()
    assert partnership_a.option_overrides == {} and partnership_a.option("retention_years") == 7
    # The settings page lists the change as the procedure's value taking over again.
    client.force_login(bo_a)
    page = client.get(reverse("retention_settings", kwargs={"partnership_slug": partnership_a.slug}))
    assert "The procedure's value" in page.content.decode()


def test_it_refuses_a_period_the_settings_page_would_refuse(client, administrator, partnership_a):
    client.force_login(administrator)
    response = client.post(
        change_url(partnership_a), fields_of(partnership_a, option_overrides='{"retention_years": 0}')
    )
    assert response.status_code == 200
    assert escape(f"retention_years: {options.YEARS_OUT_OF_RANGE}") in response.content.decode()
    assert changes_of(partnership_a) == []
    partnership_a.refresh_from_db()
    assert partnership_a.option_overrides == {}


def test_it_refuses_an_unknown_option(client, administrator, partnership_a):
    client.force_login(administrator)
    response = client.post(
        change_url(partnership_a), fields_of(partnership_a, option_overrides='{"retention_yaers": 3}')
    )
    assert response.status_code == 200
    assert escape(options.UNKNOWN_OPTION.format(key="retention_yaers")) in response.content.decode()
    assert changes_of(partnership_a) == []


def test_other_edits_write_no_option_change(client, administrator, bo_a, partnership_a):
    with scope(partnership_a):
        retention.change_settings(partnership=partnership_a, by=bo_a, years=10, action="delete")
    partnership_a.refresh_from_db()
    client.force_login(administrator)
    response = client.post(change_url(partnership_a), fields_of(partnership_a, police="West Midlands Police"))
    assert response.status_code == 302
    assert [row[3] for row in changes_of(partnership_a)] == ["bo_a", "bo_a"]
    partnership_a.refresh_from_db()
    assert partnership_a.police == "West Midlands Police"
    assert partnership_a.option_overrides == {"retention_years": 10, "retention_action": "delete"}


def test_a_partnership_added_in_the_admin_has_its_options_recorded(client, administrator, partnership_a):
    client.force_login(administrator)
    fields = fields_of(
        partnership_a,
        slug="charlie",
        name="Charlie SCP",
        option_overrides='{"retention_years": 12}',
        reason=WHY,
    )
    response = client.post(reverse("admin:cspr_partnership_add"), fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    charlie = Partnership.objects.get(slug="charlie")
    assert charlie.option_overrides == {"retention_years": 12}
    assert changes_of(charlie) == [("retention_years", None, 12, "admin", WHY)]


# --- A procedure's rules apply to every partnership following it: its retention stays out of the admin ---


def framework_fields(framework: ProcedureFramework, **changes) -> dict[str, str]:
    shown = {
        "slug": framework.slug,
        "name": framework.name,
        "source_document": framework.source_document,
        "rules": json.dumps(framework.rules),
    }
    return {**shown, **changes}


def test_a_procedures_retention_cannot_be_changed_in_the_admin(client, administrator, partnership_a):
    framework = partnership_a.framework
    rules = {**framework.rules, "options": {**framework.rules.get("options", {}), "retention_years": 1}}
    client.force_login(administrator)
    response = client.post(
        reverse("admin:cspr_procedureframework_change", args=[framework.pk]),
        framework_fields(framework, rules=json.dumps(rules)),
    )
    assert response.status_code == 200
    assert escape(admin.RETENTION_IN_PROCEDURE.format(keys="retention_years")) in response.content.decode()
    framework.refresh_from_db()
    assert partnership_a.option("retention_years") == 7


def test_a_procedures_other_rules_still_change_in_the_admin(client, administrator, partnership_a):
    framework = partnership_a.framework
    client.force_login(administrator)
    response = client.post(
        reverse("admin:cspr_procedureframework_change", args=[framework.pk]),
        framework_fields(framework, source_document="Version 2"),
    )
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.source_document == "Version 2"
