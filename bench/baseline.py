"""The bare Django view every page latency is divided by: same middleware, session and user, a trivial template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines

# Extends nothing and loads nothing; it still runs the context processors, as every page does.
TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="en-GB"><head><title>Baseline</title></head>'
    "<body><p>{{ user.get_username }}</p></body></html>"
)


def baseline(request: HttpRequest) -> HttpResponse:
    """A page that does nothing but render a trivial template through the full middleware stack."""
    return HttpResponse(TEMPLATE.render({}, request))
