"""Partnership data versions: a new one in the same transaction as every write to a partnership's data.

cspr.page_cache keeps the costly parts of pages under the partnership's version, so a kept part is used
only while nothing it could show has changed. That is only correct if *every* write changes the version,
so this is not left to each service: the project's database backends (cspr/db/) pass every SQL statement
through `note_statement`, the ORM's and raw SQL alike (only psycopg2's COPY, used by generate_dataset to
fill an empty benchmark database, goes around it).

- An INSERT, UPDATE or DELETE marks the partnership whose scope is active (cspr.tenancy) when it writes
  a tenant table (TenantModel, its simple_history table, its guardian grants); every partnership when it
  writes any other table (users, procedure frameworks, the partnerships themselves) or runs with no
  scope or scopes disabled (the admin, the outbox, the daily scan's cross-partnership steps). Tenant data
  is only written inside its own partnership's scope: that is the tenancy rule the isolation tests hold.
- Any other statement that may write (DDL, TRUNCATE, anything not recognised) marks every partnership.
- Writes to `UNSHOWN` tables, and updates that set only `UNSHOWN_COLUMNS`, mark nothing: no page shows
  them, and they happen on nearly every request (the session, the access log, sign-in throttles).

The marked partnerships' versions are replaced just before the transaction commits (DatabaseWrapper
`_commit`), so a version and the data it stands for become visible together, in partnership order so
that two committing transactions never wait for each other in a circle. On PostgreSQL a write outside a
transaction (Django's autocommit) is run inside one for this. Until then the writing connection reads its own
uncommitted writes, so `has_pending_writes` tells cspr.page_cache not to use or keep anything.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

ALL = "all partnerships"

# Tables no cached page shows, written on nearly every request or sign-in.
UNSHOWN = frozenset(
    {
        "django_session",  # every request (the idle timer)
        "cspr_accesslog",  # every case page view; only the audit exports show it
        "cspr_calendarfeed",  # every calendar app poll
        "cspr_exportjob",  # export progress
        "django_admin_log",
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
        "otp_totp_totpdevice",  # the last code used and the throttle
        "otp_static_staticdevice",
        "otp_static_statictoken",
    }
)
# Updates that set only these columns: shown nowhere.
UNSHOWN_COLUMNS = {
    "auth_user": frozenset({"last_login"}),
    "cspr_caseevent": frozenset({"processed_at"}),  # the outbox sweep
}
READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW", "EXPLAIN", "PRAGMA")
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
SET_COLUMNS = re.compile(r"\bSET\s+(.*?)\s+WHERE\b", re.IGNORECASE | re.DOTALL)
ASSIGNED = re.compile(r'"(\w+)"\s*=')

_bumping: ContextVar[bool] = ContextVar("cspr_data_versions_bumping", default=False)


def _owner(model: type) -> type:
    """The model whose partnership a row of `model` belongs to."""
    from django.core.exceptions import FieldDoesNotExist

    history_of = getattr(model, "instance_type", None)  # simple_history's historical copy
    if history_of is not None:
        return history_of
    try:
        granted_on = model._meta.get_field("content_object")  # a guardian object permission
    except FieldDoesNotExist:
        return model
    return granted_on.related_model or model


@cache
def tenant_tables() -> frozenset[str]:
    """Tables whose rows belong to one partnership: written only inside that partnership's scope."""
    from django.apps import apps

    from cspr import tenancy

    return frozenset(
        model._meta.db_table for model in apps.get_models() if issubclass(_owner(model), tenancy.TenantModel)
    )


def written_by(sql: str) -> str | None:
    """The table a statement writes, ALL for a write this module cannot place, None for no shown write."""
    match = WRITE.match(sql)
    if match is None:
        head = sql.lstrip(" \t\r\n(")[:10].upper()  # "(SELECT … UNION ALL …": a union of limited parts
        return None if head.startswith(READS) else ALL
    table = match.group(1)
    if table in UNSHOWN:
        return None
    unshown = UNSHOWN_COLUMNS.get(table)
    if unshown is not None and sql.lstrip()[:6].upper() == "UPDATE":
        assigned = SET_COLUMNS.search(sql)
        if assigned is not None and set(ASSIGNED.findall(assigned.group(1))) <= unshown:
            return None
    return table


def partnerships_marked(table: str) -> Any:
    """Whose data a write to `table` changes: the scope's partnership for tenant tables, else ALL."""
    from cspr import tenancy  # not at import: the database backends import this module

    partnership = tenancy.active_partnership()
    if table == ALL or partnership is None or table not in tenant_tables():
        return ALL
    return partnership.pk


def note_statement(execute: Callable, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """Execute wrapper installed on every connection (cspr/db/): marks what each write changes."""
    if _bumping.get():
        return execute(sql, params, many, context)
    table = written_by(sql if isinstance(sql, str) else str(sql))
    if table is None:
        return execute(sql, params, many, context)
    connection = context["connection"]
    connection.cspr_written.add(partnerships_marked(table))
    if not connection.get_autocommit():
        return execute(sql, params, many, context)  # the version changes when the transaction commits
    if table != ALL and connection.vendor == "postgresql":
        # The statement would commit at once, before its new version is written: make it a transaction
        # (psycopg2 has the statement's rows in hand when execute returns, so they outlive the commit).
        with transaction.atomic(using=connection.alias):
            return execute(sql, params, many, context)
    # Otherwise the version follows the write at once: SQLite (the local demo, quick test runs) cannot
    # commit a statement whose rows are still to be read, and some statements (CREATE DATABASE) cannot
    # run in a transaction.
    result = execute(sql, params, many, context)
    bump_written(connection)
    return result


def has_pending_writes(partnership_id: int, *, using: str = "default") -> bool:
    """Whether this connection's open transaction wrote the partnership's data (or anyone's)."""
    from django.db import connections

    written = getattr(connections[using], "cspr_written", ())
    return ALL in written or partnership_id in written


def bump_written(connection: BaseDatabaseWrapper) -> None:
    """Give every partnership this transaction wrote to a new version, just before it commits."""
    written = connection.cspr_written
    if not written or not _has_versions_table(connection):
        written.clear()
        return
    from cspr.models import DataVersion, Partnership

    versions = connection.ops.quote_name(DataVersion._meta.db_table)
    partnerships = connection.ops.quote_name(Partnership._meta.db_table)
    which, params = "", []
    if ALL not in written:
        ids = sorted(written)
        which = f"AND id IN ({', '.join(['%s'] * len(ids))})"
        params = ids
    token = random.getrandbits(63)  # noqa: S311 -- a version, not a secret
    token_bump = _bumping.set(True)
    try:
        with connection.cursor() as cursor:
            # In partnership order, so committing transactions take the rows' locks in one order.
            cursor.execute(
                f"INSERT INTO {versions} (partnership_id, token) SELECT id, %s FROM {partnerships} "  # noqa: S608
                f"WHERE 1 = 1 {which} ORDER BY id "
                f"ON CONFLICT (partnership_id) DO UPDATE SET token = excluded.token",
                [token, *params],
            )
    finally:
        _bumping.reset(token_bump)
    written.clear()


def _has_versions_table(connection: BaseDatabaseWrapper) -> bool:
    """False only while migrations have not made the table yet (once found, not looked up again)."""
    if not getattr(connection, "cspr_versions_table", False):
        from cspr.models import DataVersion

        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        connection.cspr_versions_table = DataVersion._meta.db_table in tables
    return connection.cspr_versions_table


class VersionedWrites:
    """Mixin for the project's DatabaseWrapper classes: note every write, bump versions at commit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cspr_written: set[Any] = set()
        self.execute_wrappers.append(note_statement)

    def _commit(self) -> None:
        bump_written(self)
        super()._commit()

    def _rollback(self) -> None:
        self.cspr_written.clear()
        super()._rollback()


def version_of(partnership: Any) -> int:
    """The partnership's data version (0 until its data is first written); select_related it."""
    from cspr.models import DataVersion

    try:
        return partnership.data_version.token
    except DataVersion.DoesNotExist:
        return 0


def versions_of(partnerships: Iterable[Any]) -> tuple[tuple[str, int], ...]:
    """(public id, version) of several partnerships, for a page that shows more than one."""
    return tuple(sorted((str(p.public_id), version_of(p)) for p in partnerships))
