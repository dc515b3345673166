"""Search hook (settings.CSPR_CASE_SEARCH): cases found by the child's real name.

The name is identifying, so only people whose roles hold `case.view_identity` search by it (the rule in
referrals.selectors.identity_visible; agency contacts do not search cases at all).
"""

from __future__ import annotations

from collections.abc import Sequence

from cspr.models import Membership, Partnership
from referrals.models import Child

LIMIT = 50


def cases_by_child_name(
    *, partnership: Partnership, query: str, memberships: Sequence[Membership]
) -> dict[int, str]:
    """{case pk: the child's name} for referrals with a case whose child's name contains `query`."""
    if not any(m.can("case.view_identity") for m in memberships):
        return {}
    rows = (
        Child.objects.filter(
            referral__partnership=partnership, referral__case__isnull=False, name__icontains=query
        )
        .values_list("referral__case_id", "name")
        .order_by("name")[:LIMIT]
    )
    return dict(rows)
