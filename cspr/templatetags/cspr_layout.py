"""The shared layout's costly parts, rendered once per process for each combination of their inputs.

Every page extends base.html, so its cost is paid on every request (bench/profile_pages.py: the service
navigation alone, seventeen URL reversals and as many conditions, was a third of an empty page). The
navigation and the idle warning depend on nothing but the arguments of the functions below (the URL
patterns and templates only change with a deploy, which starts new processes), so their HTML is kept.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cspr.templatetags.cspr_security import cspr_duration

register = template.Library()

# Stands in for the CSRF token in the kept idle warning; each request's own token replaces it.
CSRF_SLOT = "cspr-csrf-token-slot"


@register.simple_tag(takes_context=True)
def service_navigation(context: template.Context) -> SafeString:
    """The navigation links the person's roles in this partnership open, the current section marked."""
    partnership = context.get("partnership")
    match = context["request"].resolver_match
    can = context.get("can") or {}
    return _navigation(
        slug=partnership.slug if partnership else "",
        allowed=frozenset(code for code, allowed in can.items() if allowed),
        here=(match.url_name or "") if match else "",
        namespace=(match.namespace or "") if match else "",
    )


@lru_cache(maxsize=2048)
def _navigation(*, slug: str, allowed: frozenset[str], here: str, namespace: str) -> SafeString:
    return render_to_string(
        "cspr/_partials/service_navigation.html",
        {"slug": slug, "can": dict.fromkeys(allowed, True), "here": here, "namespace": namespace},
    )


@register.simple_tag(takes_context=True)
def idle_warning(context: template.Context) -> SafeString:
    """The warning dialog the idle-timeout script opens before a session is signed out."""
    dialog = _idle_dialog(settings.CSPR_SESSION_IDLE_SECONDS, settings.CSPR_SESSION_WARNING_SECONDS)
    # The same masked token as the page's other forms (the csrf context processor's, made once).
    token = str(context.get("csrf_token") or get_token(context["request"]))
    return mark_safe(dialog.replace(CSRF_SLOT, escape(token)))  # noqa: S308 -- the token is escaped


@lru_cache(maxsize=8)
def _idle_dialog(idle_seconds: int, warning_seconds: int) -> str:
    return render_to_string(
        "cspr/account/_idle_warning.html",
        {
            "idle_seconds": idle_seconds,
            "warning_seconds": min(warning_seconds, idle_seconds),
            "warning_minutes": cspr_duration(warning_seconds),
            "csrf_token": CSRF_SLOT,
        },
    )
