"""Querysets compiled to SQL once per process, then run with new values: for statements every request runs.

Turning a queryset into SQL is pure Python and, for a select_related query over four tables, costs about
ten times what PostgreSQL takes to answer it (bench/profile_pages.py: ~2.2 ms of CPU against ~0.2 ms for
running the same SQL and building the objects). A `PreparedQuery` builds its queryset once with
placeholder values, keeps the SQL and the recipe Django made for turning rows into objects
(`select_related` included), and afterwards only swaps the placeholders for the real values.

Only for querysets whose shape never changes: the build function must use its arguments as plain
`field=value` filter values (nothing that rewrites them, such as `__contains`) and must not depend on
anything else that varies, such as the partnership scope, which is why it runs with no scope active:
a scoped manager raises instead of baking one partnership into every later run.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.query import get_related_populators

from cspr.tenancy import no_scope

M = TypeVar("M", bound=models.Model)


def _placeholder(name: str, kind: type) -> Any:
    """A value no real argument has, so its place among the compiled parameters can be found."""
    if kind is int:
        return -(uuid.uuid4().int % 10**15) - 10**15
    if kind is str:
        return f"cspr-prepared-{name}-{uuid.uuid4().hex}"
    if kind is uuid.UUID:
        return uuid.uuid4()
    raise ImproperlyConfigured(f"PreparedQuery argument {name}: int, str or UUID, not {kind.__name__}")


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple[Any, ...]
    slots: dict[str, int]  # argument name -> its index in params
    model: type[models.Model]
    converters: dict[int, tuple[list[Callable], Any]]
    fields: slice
    init_list: list[str]
    populators: list[Any]


class PreparedQuery(Generic[M]):
    """`PreparedQuery(build, slug=str, user_id=int)(slug="a", user_id=1)` == `list(build(slug="a", user_id=1))`."""

    def __init__(self, build: Callable[..., models.QuerySet[M]], **arguments: type) -> None:
        self.build = build
        self.arguments = arguments
        self._plans: dict[str, _Plan] = {}

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[M]:
        if values.keys() != self.arguments.keys():
            raise TypeError(f"expected the arguments {sorted(self.arguments)}, got {sorted(values)}")
        plan = self._plans.get(using) or self._prepare(using)
        params = list(plan.params)
        for name, index in plan.slots.items():
            params[index] = values[name]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        found = []
        for row in rows:
            if plan.converters:
                row = list(row)
                for index, (converters, expression) in plan.converters.items():
                    for convert in converters:
                        row[index] = convert(row[index], expression, connection)
            obj = plan.model.from_db(using, plan.init_list, row[plan.fields])
            for populator in plan.populators:
                populator.populate(row, obj)
            found.append(obj)
        return found

    def _prepare(self, using: str) -> _Plan:
        """Compile the queryset once, as Django's ModelIterable would, and note where each argument goes."""
        placeholders = {name: _placeholder(name, kind) for name, kind in self.arguments.items()}
        with no_scope():
            queryset = self.build(**placeholders)
        if queryset._prefetch_related_lookups or queryset._iterable_class is not models.query.ModelIterable:
            raise ImproperlyConfigured("PreparedQuery: model instances only, without prefetch_related")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if compiler.annotation_col_map:
            raise ImproperlyConfigured("PreparedQuery: annotations are not supported")
        slots = {}
        for name, value in placeholders.items():
            where = [i for i, p in enumerate(params) if p == value]
            if len(where) != 1:
                raise ImproperlyConfigured(f"PreparedQuery: {name} must be used once as a plain filter value")
            slots[name] = where[0]
        select, klass_info = compiler.select, compiler.klass_info
        columns = [s[0] for s in select[: compiler.col_count]]
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        plan = _Plan(
            sql=sql,
            params=tuple(params),
            slots=slots,
            model=klass_info["model"],
            converters=compiler.get_converters(columns),
            fields=slice(first, last),
            init_list=[s[0].target.attname for s in select[first:last]],
            populators=get_related_populators(klass_info, select, using),
        )
        self._plans[using] = plan
        return plan
