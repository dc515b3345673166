"""The bare Django view every page latency is divided by, and an empty page in the shared layout.

Both run through the full middleware stack with the same session and user as the measured pages.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines

# Extends nothing and loads nothing; it still runs the context processors, as every page does.
TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="en-GB"><head><title>Baseline</title></head>'
    "<body><p>{{ user.get_username }}</p></body></html>"
)
# The GOV.UK layout every page extends, with nothing in it: what a page costs before its own content.
LAYOUT = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Layout{% endblock %}'
    '{% block content %}<p class="govuk-body">{{ user.get_username }}</p>{% endblock %}'
)


def baseline(request: HttpRequest) -> HttpResponse:
    """A page that does nothing but render a trivial template through the full middleware stack."""
    return HttpResponse(TEMPLATE.render({}, request))


def layout(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """An empty page in the partnership's layout (the tenant middleware resolves the membership first)."""
    return HttpResponse(LAYOUT.render({}, request))
