"""Per-request grants for agency contacts (django-guardian, direct foreign-key permission models).

As for scoping requests (rapid_review/permissions.py): the agency's pages check an active agency-contact
membership for the request's agency *and* the object permission, so a grant left behind opens nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from guardian.shortcuts import assign_perm

from chronologies.models import AgencyRequest
from cspr.models import Agency, Membership
from rapid_review.permissions import agency_contacts, responding_agencies

RESPOND = "chronologies.respond_agencyrequest"


def grant_agency_access(request: AgencyRequest) -> int:
    """Let every active contact of the request's agency answer it; returns how many were granted."""
    users = agency_contacts(request.agency)
    for user in users:
        assign_perm(RESPOND, user, request)  # get_or_create: granting twice is harmless
    return len(users)


def grant_open_requests(*, agency: Agency) -> int:
    """A contact joined the agency after its requests went out: grant them the agency's live requests."""
    requests = AgencyRequest.unscoped.filter(agency=agency).exclude(
        state__in=[AgencyRequest.State.DRAFT, AgencyRequest.State.WITHDRAWN]
    )
    return sum(grant_agency_access(request) for request in requests)


def can_respond(user: AbstractBaseUser, request: AgencyRequest, memberships: Iterable[Membership]) -> bool:
    """The user is a contact of the request's agency in its partnership and holds the grant on it."""
    in_partnership = [m for m in memberships if m.partnership_id == request.partnership_id]
    if request.agency_id not in responding_agencies(in_partnership):
        return False
    return user.has_perm(RESPOND, request)
