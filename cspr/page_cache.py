"""The costly parts of pages, kept under their partnerships' data versions until anything they show changes.

A part is HTML rendered from a partnership's data (a work queue, a case's deadlines, a chronology) and
kept, per process, under a key made of:

- each partnership's public id and data version (cspr.data_versions): every write to its data, by any
  path, makes a new version, in the same transaction, so a kept part is never used after a change;
- today's date, for what counts days ("due this week", the timeline's "today");
- what the part varies by among the people who may see it (`vary`: their roles, or the person when
  per-object grants decide what they see).

A part whose content changes at a moment of the day (a clock becoming overdue at 17:00) gives that
moment as `changes_at`; it is not used from then on. Nothing is used or kept while the request's own
transaction has written the partnership's data (those writes are not committed, so not yet versioned),
which is also why ordinary tests, each one transaction, always render afresh. CSRF tokens are per
person: a part is rendered with CSRF_SLOT in their place and each request puts its own in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import blake2b
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cspr.data_versions import has_pending_writes, version_of

CSRF_SLOT = "cspr-page-cache-csrf-slot"
CACHE = "pages"


@dataclass
class Rendered:
    """A part as its render function returns it: the HTML, when it changes, and values a view needs."""

    html: str
    changes_at: datetime | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    html: SafeString
    values: dict[str, Any]
    from_cache: bool


def render_part(request: HttpRequest, template: str, context: dict[str, Any], *, now: datetime) -> str:
    """Render a part's template as the page would (context processors included), with the CSRF slot
    and the `now` the part was asked for (in place of the context processor's, a moment later)."""
    return render_to_string(template, {**context, "now": now, "csrf_token": CSRF_SLOT}, request)


def next_change(moments: Iterable[datetime | None], now: datetime) -> datetime | None:
    """The first of `moments` still to come: when a part that compares them with now changes."""
    return min((m for m in moments if m is not None and m > now), default=None)


def roles_of(request: HttpRequest) -> tuple[tuple[str, int | None], ...]:
    """What a part varies by when the person's roles in the partnership decide what it shows."""
    return tuple(sorted((m.role, m.agency_id) for m in request.memberships))


def part(
    request: HttpRequest,
    name: str,
    render: Callable[[datetime], Rendered],
    *,
    partnerships: Sequence[Any] | None = None,
    vary: Iterable[Any] = (),
    keep: bool = True,
) -> Part:
    """The part `name` of the page, kept or rendered now by `render(now)`, which must read only what the
    key covers (the partnerships' data, today, `vary`) and compare times with the `now` it is given, in
    its template too (render_part passes it on); `partnerships` defaults to the request's (an empty list is
    a page outside any partnership, e.g. the portal home of someone who works with none).
    `keep=False` renders it afresh and keeps nothing (e.g. a filtered list)."""
    if partnerships is None:
        partnerships = [request.partnership]
    now = timezone.now()
    usable = keep and settings.CSPR_PAGE_CACHE and not any(has_pending_writes(p.pk) for p in partnerships)
    key = _key(name, partnerships, vary) if usable else ""
    store = caches[CACHE]
    kept = store.get(key) if usable else None
    if kept is not None and (kept.changes_at is None or now < kept.changes_at):
        rendered, from_cache = kept, True
    else:
        rendered, from_cache = render(now), False
        if usable:
            store.set(key, rendered)
    html = rendered.html
    if CSRF_SLOT in html:
        html = html.replace(CSRF_SLOT, escape(get_token(request)))
    return Part(html=mark_safe(html), values=rendered.values, from_cache=from_cache)  # noqa: S308 -- rendered by the template engine


def _key(name: str, partnerships: Sequence[Any], vary: Iterable[Any]) -> str:
    versions = sorted((str(p.public_id), version_of(p)) for p in partnerships)
    today = timezone.localdate().isoformat()
    digest = blake2b(repr((versions, today, tuple(vary))).encode(), digest_size=16).hexdigest()
    return f"{name}:{digest}"
