"""Partnership scope: the safety net that keeps each partnership's data to itself.

Tenant models use `ScopedManager`, which filters by the active partnership and raises `ScopeError` when
no scope is active, so a query that forgot its tenant fails loudly instead of leaking. Requests under
`/p/<partnership_slug>/` enter the scope in `TenantGuardMiddleware`; tasks and commands enter it with
`scope(partnership)`; the few cross-partnership readers (an agency contact's home, the national scan)
say so explicitly with `scopes_disabled()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

if TYPE_CHECKING:
    from cspr.models import Membership, Partnership
    from cspr.prepared import PreparedQuery


class ScopeError(RuntimeError):
    """A tenant model was queried outside any partnership scope."""


_DISABLED = object()
_active: ContextVar[Any] = ContextVar("cspr_partnership_scope", default=None)


@contextmanager
def scope(partnership: Partnership) -> Iterator[Partnership]:
    """Run the block inside one partnership: scoped managers filter to it."""
    token = _active.set(partnership)
    try:
        yield partnership
    finally:
        _active.reset(token)


@contextmanager
def scopes_disabled() -> Iterator[None]:
    """Run the block across all partnerships; callers must filter by permission themselves."""
    token = _active.set(_DISABLED)
    try:
        yield
    finally:
        _active.reset(token)


@contextmanager
def no_scope() -> Iterator[None]:
    """Run the block as if outside any partnership: scoped managers raise (see cspr.prepared)."""
    token = _active.set(None)
    try:
        yield
    finally:
        _active.reset(token)


def active_partnership() -> Partnership | None:
    value = _active.get()
    return None if value is _DISABLED else value


def scopes_are_disabled() -> bool:
    return _active.get() is _DISABLED


class ScopedManager(models.Manager):
    """Default manager of tenant models: filters to the active partnership, refuses to run without one."""

    def get_queryset(self) -> models.QuerySet:
        qs = super().get_queryset()
        value = _active.get()
        if value is _DISABLED:
            return qs
        if value is None:
            raise ScopeError(
                f"{self.model.__name__} queried outside a partnership scope; "
                "use cspr.tenancy.scope(partnership) or scopes_disabled()"
            )
        return qs.filter(**{self.model.tenant_lookup: value})


class TenantModel(models.Model):
    """Base for every model that belongs to one partnership, directly or through its case."""

    tenant_lookup = "partnership"

    objects = ScopedManager()
    unscoped = models.Manager()  # noqa: DJ012 -- migrations, admin and data loaders only

    class Meta:
        abstract = True
        base_manager_name = "unscoped"  # related-object access (fk descriptors) must not raise


def _memberships_in(*, slug: str, user_id: int) -> models.QuerySet[Membership]:
    from cspr.models import Membership

    return Membership.unscoped.filter(partnership__slug=slug, user_id=user_id, is_active=True).select_related(
        "partnership__framework", "partnership__data_version", "agency"
    )


@cache
def _memberships_query() -> PreparedQuery[Membership]:
    from cspr.prepared import PreparedQuery  # it imports this module

    return PreparedQuery(_memberships_in, slug=str, user_id=int)


def resolve_membership(request: HttpRequest, partnership_slug: str) -> tuple[Partnership, list[Membership]]:
    """The partnership named in the URL and the user's memberships in it; 404 for anyone else."""
    if not request.user.is_authenticated:
        raise Http404("No such partnership")
    # One query for both, as every partnership page runs it: a person without an active membership gets
    # the same 404 whether or not the partnership exists. Compiled once per process (cspr.prepared):
    # building this four-table query cost more CPU than the rest of an empty page.
    memberships = _memberships_query()(slug=partnership_slug, user_id=request.user.pk)
    if not memberships:
        raise Http404("No such partnership")
    partnership = memberships[0].partnership
    for m in memberships:
        m.partnership = partnership  # one object, as request.partnership, for every membership
    return partnership, memberships


class TenantGuardMiddleware:
    """Enters the partnership scope for `/p/<partnership_slug>/…` views after checking membership.

    Anonymous users are sent to the login page; signed-in non-members get 404, never a hint that the
    partnership or the object exists. Admin pages (staff only) run with scopes disabled.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = None
        if request.path.startswith("/admin/"):
            token = _active.set(_DISABLED)
        try:
            response = self.get_response(request)
        finally:
            if token is not None:
                _active.reset(token)
            pending = getattr(request, "_cspr_scope_token", None)
            if pending is not None:
                _active.reset(pending)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        slug = view_kwargs.get("partnership_slug")
        if slug is None:
            return None
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        partnership, memberships = resolve_membership(request, slug)
        request.partnership = partnership  # type: ignore[attr-defined]
        request.memberships = memberships  # type: ignore[attr-defined]
        request._cspr_scope_token = _active.set(partnership)  # type: ignore[attr-defined]
        return None
