"""The rapid review's contributions to the core's home pages and calendars (hooks named in settings).

- `decisions_waiting`: for the chair and the safeguarding partners' representatives, the positions and
  decisions the procedure is waiting for (CSPR_HOME_PANELS).
- `calendar_entries`: rapid review meetings for roles that read cases, and an agency contact's own
  return dates (CSPR_CALENDAR_SOURCES).

Each costs a fixed number of queries, whatever the partnership's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils import timezone

from cspr.calendar_entries import Entry
from cspr.homes import HomePanel, PanelItem
from cspr.models import Deadline, Membership, Partnership
from cspr.roles import Role
from rapid_review import rules
from rapid_review.models import Position, RapidReview, ScopingRequest

State = RapidReview.State
LIMIT = 10
MEETING_LENGTH = timedelta(hours=2)

OWN_POSITION = {
    Role.PARTNER_LOCAL_AUTHORITY: Position.Role.LOCAL_AUTHORITY,
    Role.PARTNER_POLICE: Position.Role.POLICE,
    Role.PARTNER_HEALTH: Position.Role.HEALTH,
}


def _url(partnership: Partnership, name: str, rr: RapidReview) -> str:
    return reverse(
        f"rapid_review:{name}", kwargs={"partnership_slug": partnership.slug, "rapid_review_id": rr.public_id}
    )


def decisions_waiting(
    *, partnership: Partnership, user: AbstractBaseUser, memberships: Sequence[Membership]
) -> HomePanel | None:
    """Positions to record and decisions to take on rapid reviews whose meeting is due or held."""
    may_position = any(m.can("rapid_review.record_position") for m in memberships)
    may_decide = any(m.can("rapid_review.record_decision") for m in memberships)
    if not may_position:  # the chair and the partners' representatives
        return None
    own = {OWN_POSITION[m.role] for m in memberships if m.role in OWN_POSITION}
    is_chair = any(m.role == Role.CHAIR for m in memberships)
    waiting = list(
        RapidReview.objects.filter(
            partnership=partnership, state__in=[State.MEETING_SCHEDULED, State.MEETING_HELD]
        )
        .select_related("case")
        .prefetch_related("positions")
        .order_by("meeting_at", "pk")[: LIMIT * 3]
    )
    required, _ = rules.DECISION_MAKERS[partnership.option("decision_model")]
    items = []
    for rr in waiting:
        rr.partnership = partnership
        recorded = {p.role for p in rr.positions.all()}
        missing = [r for r in required if r not in recorded and (is_chair or r in own)]
        when = (
            f"Meeting {timezone.localtime(rr.meeting_at):%a %-d %b %Y, %H:%M}"
            if rr.meeting_at
            else "No meeting date"
        )
        for role in missing:
            label = Position.Role(role).label.lower()
            items.append(
                PanelItem(
                    title=f"Position of {label} not recorded",
                    url=_url(partnership, "positions", rr),
                    case_reference=rr.case.reference,
                    detail=when,
                    action="Record a position",
                )
            )
        if rr.state == State.MEETING_HELD and may_decide and not missing:
            items.append(
                PanelItem(
                    title="Decision to record",
                    url=_url(partnership, "decision", rr),
                    case_reference=rr.case.reference,
                    detail=when,
                    action="Record the decision",
                )
            )
    return HomePanel(
        key="rapid_review_decisions",
        title="Rapid review decisions and positions",
        items=items[:LIMIT],
        count=len(items),
        empty="No rapid review is waiting for a position or a decision from you.",
        order=10,
    )


def calendar_entries(
    *, partnership: Partnership, memberships: Sequence[Membership], start: date, end: date
) -> list[Entry]:
    """Rapid review meetings (case readers) and return dates of the person's own agency (agency contacts)."""
    tz = timezone.get_current_timezone()
    since, until = datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.max, tzinfo=tz)
    found: list[Entry] = []
    if any(m.can("case.view") for m in memberships):
        meetings = (
            RapidReview.objects.filter(partnership=partnership, meeting_at__gte=since, meeting_at__lte=until)
            .select_related("case")
            .order_by("meeting_at")[:200]
        )
        for rr in meetings:
            rr.partnership = partnership
            at = timezone.localtime(rr.meeting_at)
            found.append(
                Entry(
                    uid=f"rapid-review-meeting-{rr.public_id}",
                    kind="meeting",
                    day=at.date(),
                    title=f"{rr.case.reference}: rapid review meeting",
                    url=rr.get_absolute_url(),
                    detail=rr.get_meeting_format_display() or "",
                    starts_at=at,
                    ends_at=at + MEETING_LENGTH,
                    case_reference=rr.case.reference,
                )
            )
    agencies = {m.agency_id for m in memberships if m.role == Role.AGENCY_CONTACT and m.agency_id}
    if agencies:
        requests = ScopingRequest.objects.filter(partnership=partnership, agency_id__in=agencies).exclude(
            state__in=[
                ScopingRequest.State.DRAFT,
                ScopingRequest.State.WITHDRAWN,
                ScopingRequest.State.SUBMITTED,
            ]
        )
        clocks = (
            Deadline.objects.filter(
                partnership=partnership,
                key="scoping_return",
                subject_id__in=requests.values("public_id"),
                met_at=None,
                cancelled_at=None,
                due_at__gte=since,
                due_at__lte=until,
            )
            .select_related("case")
            .order_by("due_at")[:200]
        )
        for d in clocks:
            found.append(
                Entry(
                    uid=f"deadline-{d.public_id}",
                    kind="deadline",
                    day=timezone.localtime(d.due_at).date(),
                    title=f"{d.case.reference}: scoping return due",
                    url=reverse(
                        "rapid_review:request",
                        kwargs={"partnership_slug": partnership.slug, "request_id": d.subject_id},
                    ),
                    detail=d.explanation,
                    case_reference=d.case.reference,
                    overdue=d.due_at < timezone.now(),
                )
            )
    return found
