"""Access controls every request passes: the idle session limit and the two-factor gate.

`IdleTimeoutMiddleware` signs a session out after `CSPR_SESSION_IDLE_SECONDS` without a request and leaves
a note for the sign-in page. `TwoFactorMiddleware` sends a signed-in person who has not yet entered a code
from their authenticator app (or a recovery code) to that step before any view that could show case data
runs; only the pages in `OPEN_WITHOUT_TWO_FACTOR` stay open. Both work from the request alone, so a new URL
is covered without anyone remembering to decorate it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

LAST_ACTIVITY_KEY = "cspr_last_activity"
SIGNED_OUT_KEY = "cspr_signed_out"
ENROLLED_KEY = "cspr_2fa_enrolled"
IDLE = "idle"

# URL names (or namespaces, ending in ":") that a signed-in person may open before the two-factor step:
# signing in and out, the two-factor pages themselves, and pages that show no case data.
OPEN_WITHOUT_TWO_FACTOR = frozenset(
    {
        "login",
        "logout",
        "accessibility",
        "healthz",
        "brand_stylesheet",
        "two_factor_setup",
        "two_factor_verify",
        "session_status",
        "public_reports:",
    }
)


def idle_seconds() -> int:
    return settings.CSPR_SESSION_IDLE_SECONDS


def touch(request: HttpRequest) -> None:
    """Record activity now: the idle clock starts again."""
    request.session[LAST_ACTIVITY_KEY] = time.time()


def seconds_left(request: HttpRequest) -> int:
    """Seconds before this session is signed out for inactivity (0 when it already is)."""
    last = request.session.get(LAST_ACTIVITY_KEY)
    if last is None:
        return idle_seconds()
    return max(0, round(last + idle_seconds() - time.time()))


class IdleTimeoutMiddleware:
    """Signs out a session that made no request for `CSPR_SESSION_IDLE_SECONDS`.

    The page script's status check (GET of `session_status`) reads the clock without resetting it;
    every other request counts as activity.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and time.time() - last > idle_seconds():
                logout(request)
                request.session[SIGNED_OUT_KEY] = IDLE  # read once by the sign-in page
                if not self._is_status_check(request):
                    return redirect_to_login(request.get_full_path())
            elif not (self._is_status_check(request) and request.method == "GET"):
                touch(request)
        return self.get_response(request)

    @staticmethod
    def _is_status_check(request: HttpRequest) -> bool:
        return request.path == reverse("session_status")


def public_page(view: Callable) -> Callable:
    """Mark a view that shows no case data (e.g. a published report) as open before the two-factor step."""
    view.cspr_public_page = True  # type: ignore[attr-defined]
    return view


def is_open_without_two_factor(request: HttpRequest, view_func: Callable | None = None) -> bool:
    if getattr(view_func, "cspr_public_page", False):
        return True
    match = request.resolver_match
    if match is None:
        return True  # nothing resolved: the 404 page shows nothing
    return match.url_name in OPEN_WITHOUT_TWO_FACTOR or any(
        f"{namespace}:" in OPEN_WITHOUT_TWO_FACTOR for namespace in match.namespaces
    )


def two_factor_required(request: HttpRequest) -> bool:
    """Everyone when CSPR_REQUIRE_2FA is on; otherwise only people who chose to set it up."""
    if settings.CSPR_REQUIRE_2FA:
        return True
    enrolled = request.session.get(ENROLLED_KEY)
    if enrolled is None:
        from django_otp import user_has_device

        enrolled = request.session[ENROLLED_KEY] = user_has_device(request.user)
    return enrolled


class TwoFactorMiddleware:
    """Sends signed-in people who have not completed the two-factor step to it (or to set-up)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified() or is_open_without_two_factor(request, view_func):
            return None
        if not two_factor_required(request):
            return None
        from django_otp import user_has_device

        step = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
        next_url = request.get_full_path() if request.method == "GET" else reverse("home")
        return redirect(f"{reverse(step)}?{urlencode({'next': next_url})}")
