"""Finding a case in one partnership by its reference, the child's pseudonym or (for roles that may see
it) the child's name, which the referrals stage supplies through settings.CSPR_CASE_SEARCH."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

from cspr.models import Case, Membership, Partnership

LIMIT = 50


@dataclass
class Result:
    case: Case
    matched_name: str = ""  # the child's name, only when the search matched it (and the role may see it)


def search_cases(
    partnership: Partnership, query: str, memberships: Sequence[Membership], *, limit: int = LIMIT
) -> list[Result]:
    """Cases of the partnership matching `query`: exact references first, then the newest referrals."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    names: dict[int, str] = {}
    for path in settings.CSPR_CASE_SEARCH:
        names.update(import_string(path)(partnership=partnership, query=query, memberships=memberships))
    match = Q(reference__icontains=query) | Q(child_pseudonym__icontains=query)
    if names:
        match |= Q(pk__in=list(names))
    cases = list(
        Case.objects.filter(partnership=partnership)
        .filter(match)
        .order_by("-referral_received", "-created_at")[:limit]
    )
    cases.sort(key=lambda c: c.reference.casefold() != query.casefold())  # stable: exact match first
    for case in cases:
        case.partnership = partnership
    return [Result(case=c, matched_name=names.get(c.pk, "")) for c in cases]
