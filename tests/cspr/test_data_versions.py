"""cspr.data_versions: every write to a partnership's data gives it a new version, in the same transaction.

The transactional tests commit for real (as production does), since the versions change at commit.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse

from cspr import data_versions, services
from cspr.data_versions import ALL, has_pending_writes, tenant_tables, written_by
from cspr.models import Case, DataVersion
from cspr.tenancy import scope, scopes_disabled


def _versions() -> dict[str, int]:
    return dict(DataVersion.objects.values_list("partnership__slug", "token"))


def _open_case(partnership, by) -> Case:
    with scope(partnership):
        return services.open_case(
            partnership=partnership,
            child_pseudonym="Child V",
            aware_of_incident=date(2026, 12, 18),
            referral_received=date(2026, 12, 18),
            by=by,
        )


# --- Which statements count as writes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "cspr_case" ("partnership_id") VALUES (%s)', "cspr_case"),
        ('UPDATE "cspr_deadline" SET "due_at" = %s WHERE "cspr_deadline"."id" = %s', "cspr_deadline"),
        ('DELETE FROM "referrals_familymember" WHERE "id" IN (%s)', "referrals_familymember"),
        ('SELECT "cspr_case"."id" FROM "cspr_case"', None),
        (
            '(SELECT "id" FROM "cspr_deadline" LIMIT 8) UNION ALL (SELECT "id" FROM "cspr_deadline" LIMIT 8)',
            None,
        ),
        ("SAVEPOINT s1", None),
        ('UPDATE "django_session" SET "session_data" = %s WHERE "session_key" = %s', None),
        ('INSERT INTO "cspr_accesslog" ("case_id") VALUES (%s)', None),
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', None),
        ('UPDATE "auth_user" SET "last_login" = %s, "first_name" = %s WHERE "id" = %s', "auth_user"),
        ('UPDATE "cspr_caseevent" SET "processed_at" = %s WHERE "cspr_caseevent"."id" = %s', None),
        ('UPDATE "cspr_caseevent" SET "reason" = %s WHERE "cspr_caseevent"."id" = %s', "cspr_caseevent"),
        ('TRUNCATE "cspr_case"', ALL),
        ('ALTER TABLE "cspr_case" ADD COLUMN "x" integer', ALL),
        ("WITH moved AS (UPDATE cspr_case SET stage = 'x' RETURNING id) SELECT * FROM moved", ALL),
    ],
)
def test_it_tells_which_table_a_statement_writes(sql, table):
    assert written_by(sql) == table


@pytest.mark.django_db
def test_tenant_tables_include_history_and_grants_but_not_shared_tables():
    tables = tenant_tables()
    assert {"cspr_case", "cspr_historicalcase", "rapid_review_scopingrequestuserobjectpermission"} <= tables
    assert not {"auth_user", "cspr_partnership", "cspr_procedureframework", "cspr_dataversion"} & tables


# --- Versions change with the commit ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_write_in_a_partnership_changes_its_version_only(partnership_a, partnership_b, bo_a):
    before = _versions()
    _open_case(partnership_a, bo_a)
    after = _versions()
    assert after["alpha"] != before.get("alpha")
    assert after.get("bravo") == before.get("bravo")


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_any_partnership_changes_every_version(partnership_a, partnership_b, bo_a):
    before = _versions()
    get_user_model().objects.filter(pk=bo_a.pk).update(first_name="Renamed")  # shown on many pages
    after = _versions()
    assert after["alpha"] != before.get("alpha") and after["bravo"] != before.get("bravo")
    with scopes_disabled():
        Case.objects.filter(partnership=partnership_b).update(child_pseudonym="Child Z")  # the admin's way
    assert _versions()["alpha"] != after["alpha"] and _versions()["bravo"] != after["bravo"]


@pytest.mark.django_db(transaction=True)
def test_the_version_changes_at_commit_and_not_after_a_rollback(partnership_a, bo_a):
    before = _versions()
    with transaction.atomic():
        _open_case(partnership_a, bo_a)
        assert has_pending_writes(partnership_a.pk)  # this connection sees its own uncommitted writes
        assert _versions() == before  # not yet: the new version is written just before the commit
    assert not has_pending_writes(partnership_a.pk)
    committed = _versions()
    assert committed["alpha"] != before.get("alpha")
    with pytest.raises(RuntimeError), transaction.atomic():
        _open_case(partnership_a, bo_a)
        raise RuntimeError("rolled back")
    assert _versions() == committed
    assert not has_pending_writes(partnership_a.pk)


@pytest.mark.django_db(transaction=True)
def test_reading_pages_and_signing_in_change_no_version(client, partnership_a, bo_a):
    case = _open_case(partnership_a, bo_a)
    client.force_login(bo_a)
    before = _versions()
    # The session's idle timer, the access log and the two-factor device are written by these requests.
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(reverse("case_history", args=["alpha", case.public_id])).status_code == 200
    assert client.get(partnership_a.get_absolute_url()).status_code == 200
    assert _versions() == before


@pytest.mark.django_db(transaction=True)
def test_raw_sql_writes_are_caught_too(partnership_a, bo_a):
    case = _open_case(partnership_a, bo_a)
    before = _versions()
    with scope(partnership_a), connection.cursor() as cursor:
        cursor.execute("UPDATE cspr_case SET child_pseudonym = %s WHERE id = %s", ["Child R", case.pk])
    assert _versions()["alpha"] != before["alpha"]


@pytest.mark.django_db
def test_inside_a_test_transaction_the_fixtures_writes_are_pending(partnership_a):
    # Ordinary tests never commit: pages read their data fresh, never from cspr.page_cache.
    assert has_pending_writes(partnership_a.pk)


def test_every_connection_notes_writes():
    assert data_versions.note_statement in connection.execute_wrappers
