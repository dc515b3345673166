"""Finding the referral a request may see, and who is asking."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cspr.models import Agency
from cspr.roles import Role
from referrals import selectors
from referrals.models import Referral


def visible_referral(request: HttpRequest, referral_id: str) -> Referral:
    """The referral if this person may see it; 404 otherwise (even when it exists)."""
    return get_object_or_404(
        selectors.referrals_for(request.partnership, request.memberships), public_id=referral_id
    )


def referring_agency_of(request: HttpRequest) -> Agency | None:
    """The agency an agency contact refers for; None when the business office keys a referral in."""
    if any(m.can("referral.triage") for m in request.memberships):
        return None
    return next(m.agency for m in request.memberships if m.role == Role.AGENCY_CONTACT)


def agencies(request: HttpRequest):
    return Agency.objects.filter(partnership=request.partnership)


def posted(request: HttpRequest):
    """The POST data on a POST, else None; an empty POST (a bare button) still binds the form."""
    return request.POST if request.method == "POST" else None
