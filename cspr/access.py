"""View decorators: the partnership's membership (resolved by the tenant middleware) and role checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def has_perm(request: HttpRequest, permission: str) -> bool:
    """True when one of the user's roles in the current partnership holds `permission`."""
    return any(m.can(permission) for m in getattr(request, "memberships", []))


def partnership_view(perm: str | None = None) -> Callable:
    """Mark a view as living under /p/<partnership_slug>/; members without `perm` get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not hasattr(request, "partnership"):
                # The middleware resolves the partnership; reaching here without it is a wiring bug.
                raise RuntimeError(f"{view.__name__} must be routed under /p/<partnership_slug>/")
            if perm is not None and not has_perm(request, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.partnership_perm = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator
