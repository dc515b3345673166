"""Reading referrals: who sees which, whose identity shows, and possible duplicates."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from cspr.models import Membership, Partnership
from cspr.models.cases import Stage
from cspr.roles import Role
from referrals.models import Child, Referral

OPEN_STATES = (
    Referral.State.SUBMITTED,
    Referral.State.ACCEPTED_FOR_RAPID_REVIEW,
    Referral.State.TO_CASE_REVIEW_GROUP,
)


def referrals_for(partnership: Partnership, memberships: Iterable[Membership]) -> QuerySet[Referral]:
    """The referrals these memberships may see: all for triage, their own agency's for agency contacts.

    The business office does not see an agency's draft until it is submitted; an agency contact does
    not see a business office draft keyed in on the agency's behalf.
    """
    visible = Q(pk__in=[])
    for membership in memberships:
        if membership.can("referral.triage"):
            visible |= ~Q(state=Referral.State.DRAFT) | Q(keyed_by_business_office=True)
        elif membership.role == Role.AGENCY_CONTACT and membership.can("referral.create"):
            visible |= Q(referring_agency_id=membership.agency_id) & (
                ~Q(state=Referral.State.DRAFT) | Q(keyed_by_business_office=False)
            )
    return (
        Referral.objects.filter(partnership=partnership)
        .filter(visible)
        .select_related("case", "referring_agency", "child", "partnership")
    )


def identity_visible(referral: Referral, memberships: Iterable[Membership]) -> bool:
    """May these people see the child's identifying details on this referral?

    Holders of `case.view_identity` always; an agency contact also while their agency's referral is a
    draft, because they are the ones typing it in.
    """
    memberships = list(memberships)
    if any(m.can("case.view_identity") for m in memberships):
        return True
    return referral.is_draft and any(
        m.role == Role.AGENCY_CONTACT and m.agency_id == referral.referring_agency_id for m in memberships
    )


def _normalised(name: str) -> str:
    return " ".join(name.split()).casefold()


def possible_duplicate(referral: Referral) -> Referral | None:
    """An open referral or case in the partnership about a child with the same name and date of birth."""
    child = Child.unscoped.filter(referral=referral).first()
    if child is None:
        return None
    candidates = (
        Child.unscoped.filter(
            referral__partnership_id=referral.partnership_id, date_of_birth=child.date_of_birth
        )
        .exclude(referral=referral)
        .filter(referral__state__in=OPEN_STATES)
        .exclude(referral__case__stage=Stage.CLOSED)
        .select_related("referral")
        .order_by("referral__submitted_at")
    )
    name = _normalised(child.name)
    return next((c.referral for c in candidates if _normalised(c.name) == name), None)
