"""Per-request grants for agency contacts (django-guardian, direct foreign-key permission models).

A role says what a person may do across a partnership; the grant says which scoping requests an agency
contact may answer. The portal checks both: an active agency-contact membership for the request's agency
*and* the object permission, so a lapsed membership or a grant left behind alone opens nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from guardian.shortcuts import assign_perm

from cspr.models import Agency, Membership
from cspr.roles import Role
from rapid_review.models import ScopingRequest

RESPOND = "rapid_review.respond_scopingrequest"


def agency_contacts(agency: Agency) -> list[AbstractBaseUser]:
    """The active agency contacts of `agency` in its partnership."""
    memberships = Membership.unscoped.filter(
        partnership_id=agency.partnership_id, agency=agency, role=Role.AGENCY_CONTACT, is_active=True
    ).select_related("user")
    return [m.user for m in memberships if m.user.is_active]


def grant_agency_access(request: ScopingRequest) -> int:
    """Let every active contact of the request's agency respond to it; returns how many were granted."""
    users = agency_contacts(request.agency)
    for user in users:
        assign_perm(RESPOND, user, request)  # get_or_create: granting twice is harmless
    return len(users)


def grant_open_requests(*, agency: Agency) -> int:
    """A contact joined the agency after its requests went out: grant them the agency's live requests."""
    requests = ScopingRequest.unscoped.filter(agency=agency).exclude(
        state__in=[ScopingRequest.State.DRAFT, ScopingRequest.State.WITHDRAWN]
    )
    return sum(grant_agency_access(request) for request in requests)


def responding_agencies(memberships: Iterable[Membership]) -> set[int]:
    """The agencies (ids) the user answers for, from their active agency-contact memberships."""
    return {m.agency_id for m in memberships if m.is_active and m.role == Role.AGENCY_CONTACT and m.agency_id}


def can_respond(user: AbstractBaseUser, request: ScopingRequest, memberships: Iterable[Membership]) -> bool:
    """The user is a contact of the request's agency in its partnership and holds the grant on it."""
    in_partnership = [m for m in memberships if m.partnership_id == request.partnership_id]
    if request.agency_id not in responding_agencies(in_partnership):
        return False
    return user.has_perm(RESPOND, request)
