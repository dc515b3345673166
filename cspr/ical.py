"""A person's private iCal feed (RFC 5545), so deadlines and meetings appear in Outlook and the like.

The URL carries a random token instead of a session: calendar apps cannot sign in. Only the token's
hash is stored (cspr.models.CalendarFeed); the person replaces or turns off the link on their account
page. The feed holds what their roles may see in each partnership (cspr.calendar_entries), says only
the case reference and what is due (no names), is cached for a few minutes and refuses bursts, so a
misbehaving client cannot load the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cspr.calendar_entries import Entry, entries
from cspr.models import CalendarFeed, Membership
from cspr.models.personal import hash_token
from cspr.tenancy import scope, scopes_disabled

PRODID = "-//CSPR//Child safeguarding practice reviews//EN"
FEED_DAYS_BACK = 60
FEED_DAYS_AHEAD = 400
CACHE_SECONDS = 300


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped; line breaks as \\n."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space, never
    splitting a UTF-8 character."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(entry: Entry, *, site_url: str, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{entry.uid}@cspr", f"DTSTAMP:{stamp}"]
    if entry.starts_at is None:
        lines += [
            f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{entry.day + timedelta(days=1):%Y%m%d}",
            "TRANSP:TRANSPARENT",  # a due date does not make the person busy
        ]
    else:
        lines += [f"DTSTART:{_utc(entry.starts_at)}", f"DTEND:{_utc(entry.ends_at or entry.starts_at)}"]
    summary = ("Due: " if entry.kind == "deadline" else "") + entry.title
    lines += [
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(entry.detail)}",
        f"URL:{site_url}{entry.url}",
        f"CATEGORIES:{'DEADLINE' if entry.kind == 'deadline' else 'MEETING'}",
        "CLASS:CONFIDENTIAL",
        "END:VEVENT",
    ]
    return lines


def render_calendar(found: Iterable[Entry], *, name: str, site_url: str, now: datetime | None = None) -> str:
    """The VCALENDAR text: CRLF line ends, every line folded."""
    stamp = _utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for entry in found:
        lines += _event(entry, site_url=site_url, stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def feed_entries(user, *, today: date | None = None) -> list[Entry]:
    """Everything the person's roles may see, in each of their partnerships, from two months back."""
    today = today or timezone.localdate()
    with scopes_disabled():
        memberships = list(
            Membership.objects.filter(user=user, is_active=True).select_related(
                "partnership__framework", "agency"
            )
        )
    by_partnership: dict[int, list[Membership]] = {}
    for m in memberships:
        by_partnership.setdefault(m.partnership_id, []).append(m)
    found: list[Entry] = []
    for mine in by_partnership.values():
        partnership = mine[0].partnership
        with scope(partnership):
            found += entries(
                partnership,
                mine,
                today - timedelta(days=FEED_DAYS_BACK),
                today + timedelta(days=FEED_DAYS_AHEAD),
            )
    return found


def _too_many(digest: str) -> bool:
    key = f"cspr:ical:rate:{digest}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > settings.CSPR_CALENDAR_FEED_PER_MINUTE


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no session, the token alone opens it; 404 for any unknown or turned-off token."""
    if len(token) > 100:
        raise Http404
    digest = hash_token(token)
    feed = CalendarFeed.objects.filter(token_hash=digest).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    if _too_many(digest):
        response = HttpResponse("Too many requests for this calendar; try again in a minute.", status=429)
        response["Retry-After"] = "60"
        return response
    body_key = f"cspr:ical:body:{digest}"
    body = cache.get(body_key)
    if body is None:
        body = render_calendar(
            feed_entries(feed.user),
            name="Safeguarding practice reviews",
            site_url=settings.SITE_URL.rstrip("/"),
        )
        cache.set(body_key, body, CACHE_SECONDS)
        if feed.last_used_at is None or feed.last_used_at < timezone.now() - timedelta(hours=1):
            CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cspr.ics"'
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
