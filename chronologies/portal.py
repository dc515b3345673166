"""The agency portal home's section for chronologies and information reports (hooked in by
CSPR_PORTAL_SECTIONS): an agency contact's requests across every partnership they work with.

Like the scoping requests' list (rapid_review/portal.py) it runs with scopes disabled and filters strictly by
the person's active agency-contact memberships and their per-request grants. A fixed number of queries,
however many requests there are.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from chronologies.models import AgencyRequest
from chronologies.permissions import RESPOND
from chronologies.selectors import HIDDEN_FROM_AGENCY, RequestRow, is_late
from cspr.models import Deadline
from cspr.page_cache import next_change
from cspr.tenancy import scopes_disabled
from rapid_review.portal import agency_contact_memberships

TEMPLATE = "chronologies/_partials/portal_home.html"


def home_section(*, user: AbstractBaseUser) -> dict[str, Any]:
    """Outstanding requests (soonest due first) and those submitted, for the portal home."""
    now = timezone.now()  # one moment for "overdue" and for when that changes
    memberships = agency_contact_memberships(user)
    section: dict[str, Any] = {
        "template": TEMPLATE,
        "outstanding": [],
        "submitted": [],
        "memberships": memberships,
    }
    if not memberships:
        return section
    addressed = Q(pk__in=[])
    for m in memberships:
        addressed |= Q(partnership_id=m.partnership_id, agency_id=m.agency_id)
    with scopes_disabled():
        candidates = AgencyRequest.objects.filter(addressed).exclude(state__in=HIDDEN_FROM_AGENCY)
        granted = get_objects_for_user(user, RESPOND, klass=candidates, accept_global_perms=False)
        requests = list(
            granted.select_related("partnership", "agency", "review__case").order_by("-sent_at", "pk")
        )
        clocks = {
            d.subject_id: d
            for d in Deadline.objects.filter(
                key__in=["chronology_return", "information_report_return"],
                subject_id__in=[r.public_id for r in requests],
                cancelled_at=None,
            )
        }
    rows = [
        RequestRow(
            request=r,
            clock=clocks.get(r.public_id),
            is_late=is_late(r, clocks.get(r.public_id), now=now),
            reminders=[],
        )
        for r in requests
    ]
    outstanding = [row for row in rows if row.request.is_open_for_agency]
    outstanding.sort(key=_soonest_first)
    section["outstanding"] = outstanding
    section["submitted"] = [row for row in rows if not row.request.is_open_for_agency]
    # When a request turns overdue (cspr.page_cache keeps the portal home until then).
    section["changes_at"] = next_change((row.clock.due_at for row in rows if row.clock), now)
    return section


def _soonest_first(row: RequestRow) -> tuple[bool, float]:
    due = row.clock.due_at if row.clock else None
    return (due is None, due.timestamp() if due else 0.0)
