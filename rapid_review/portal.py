"""What an agency contact sees of the scoping requests addressed to their agency. Selectors read only.

The portal home lists requests across every partnership the person works with, so it runs with scopes
disabled and filters strictly by their active agency-contact memberships and their per-request grants.
Lists show the case reference and the child's pseudonym, never the real name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from cspr.models import Deadline, Membership
from cspr.prepared import PreparedQuery
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from rapid_review.models import ScopingAttachment, ScopingRequest
from rapid_review.permissions import RESPOND

RequestState = ScopingRequest.State
HIDDEN_FROM_AGENCY = [RequestState.DRAFT, RequestState.WITHDRAWN]

# The fields of Document 2 the agency completes, in the form's order (the rest is pre-filled or derived).
RETURN_FIELDS = [
    "completed_by_name",
    "completed_by_title",
    "completed_by_contact",
    "family_anomalies",
    "involvement_summary",
    "practice_analysis",
    "working_together_concerns",
    "other_agencies_involved",
    "further_information",
    "records_secured",
]
STATE_COLOURS = {
    RequestState.SENT: "blue",
    RequestState.IN_PROGRESS: "light-blue",
    RequestState.SUBMITTED: "green",
    RequestState.REOPENED: "orange",
    RequestState.WITHDRAWN: "grey",
    RequestState.DRAFT: "grey",
}


def agency_contact_memberships(user: AbstractBaseUser) -> list[Membership]:
    """The user's active agency-contact memberships, in every partnership.

    Kept on the user object, which lives for one request, so the portal home's sections (scoping
    requests, chronologies, actions) share one query.
    """
    cached = getattr(user, "_cspr_agency_contact_memberships", None)
    if cached is not None:
        return cached
    memberships = _AGENCY_CONTACT_MEMBERSHIPS(user_id=user.pk)
    user._cspr_agency_contact_memberships = memberships  # type: ignore[attr-defined]
    return memberships


def _agency_contact_memberships(*, user_id: int) -> QuerySet[Membership]:
    return (
        Membership.unscoped.filter(
            user_id=user_id, role=Role.AGENCY_CONTACT, is_active=True, agency__isnull=False
        )
        .select_related("partnership__data_version", "agency")
        .order_by("partnership__name", "agency__name")
    )


# Read by every portal page, with each partnership's data version (the home is kept under them,
# cspr.page_cache): compiled once per process (cspr.prepared).
_AGENCY_CONTACT_MEMBERSHIPS = PreparedQuery(_agency_contact_memberships, user_id=int)


def return_clock(request: ScopingRequest) -> Deadline | None:
    return Deadline.unscoped.filter(
        case_id=request.rapid_review.case_id,
        key="scoping_return",
        subject_id=request.public_id,
        cancelled_at=None,
    ).first()


def is_late(request: ScopingRequest, clock: Deadline | None, *, now: datetime | None = None) -> bool:
    """Past its due time and not returned, or returned after it (late returns are still accepted)."""
    if clock is None or clock.due_at is None:
        return False
    if request.state == RequestState.SUBMITTED and request.submitted_at is not None:
        return request.submitted_at > clock.due_at
    return clock.due_at < (now or timezone.now())


@dataclass
class PortalRow:
    """One request in an agency contact's list."""

    request: ScopingRequest
    clock: Deadline | None
    is_late: bool

    @property
    def colour(self) -> str:
        return STATE_COLOURS.get(self.request.state, "grey")


@dataclass
class PortalHome:
    outstanding: list[PortalRow]
    returned: list[PortalRow]
    memberships: list[Membership]


def portal_home(user: AbstractBaseUser, *, now: datetime | None = None) -> PortalHome:
    """The requests addressed to the user's agencies, outstanding first, across all their partnerships."""
    memberships = agency_contact_memberships(user)
    if not memberships:
        return PortalHome(outstanding=[], returned=[], memberships=[])
    # Each (partnership, agency) pair the person answers for; an agency belongs to one partnership, but
    # matching both keeps a mis-set membership from reaching across partnerships.
    addressed = Q(pk__in=[])
    for m in memberships:
        addressed |= Q(partnership_id=m.partnership_id, agency_id=m.agency_id)
    with scopes_disabled():
        candidates = ScopingRequest.objects.filter(addressed).exclude(state__in=HIDDEN_FROM_AGENCY)
        granted = get_objects_for_user(user, RESPOND, klass=candidates, accept_global_perms=False)
        requests = list(
            granted.select_related("partnership", "agency", "rapid_review__case").order_by("-sent_at", "pk")
        )
        clocks = {
            d.subject_id: d
            for d in Deadline.objects.filter(
                key="scoping_return", subject_id__in=[r.public_id for r in requests], cancelled_at=None
            )
        }
    rows = [PortalRow(request=r, clock=clocks.get(r.public_id), is_late=False) for r in requests]
    for row in rows:
        row.is_late = is_late(row.request, row.clock, now=now)
    outstanding = [r for r in rows if r.request.is_open_for_agency]
    outstanding.sort(
        key=lambda r: (r.clock is None or r.clock.due_at is None, r.clock.due_at if r.clock else None)
    )
    returned = [r for r in rows if r.request.state == RequestState.SUBMITTED]
    return PortalHome(outstanding=outstanding, returned=returned, memberships=memberships)


def requests_in(partnership: Any) -> Any:
    """A partnership's requests that have gone out (the agency never sees drafts or withdrawn ones)."""
    return (
        ScopingRequest.objects.filter(partnership=partnership)
        .exclude(state__in=HIDDEN_FROM_AGENCY)
        .select_related("agency", "rapid_review__case", "partnership")
    )


def attachments(request: ScopingRequest) -> list[ScopingAttachment]:
    return list(ScopingAttachment.unscoped.filter(request=request).select_related("uploaded_by"))


def family_composition(request: ScopingRequest) -> dict[str, Any]:
    """Document 2 Section 1 from the referral (the child and family members), if the case has one.

    Identifying: shown only to the request's own agency contact (who checks it against their records)
    and to people who may see the child's identity.
    """
    case = request.rapid_review.case
    try:
        referral = case.referral
    except (ObjectDoesNotExist, AttributeError):
        return {"child": None, "family": []}
    try:
        child = referral.child
    except (ObjectDoesNotExist, AttributeError):
        child = None
    members = getattr(referral, "family_members", None)
    return {"child": child, "family": list(members.all()) if members is not None else []}
