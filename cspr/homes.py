"""Role home pages: what waits for each person in a partnership, gathered from the stages through hooks.

The core builds the business office's work queue and the deadline summary itself. Everything a stage
knows (rapid review positions and decisions, review drafts and comment threads, approvals) comes from the
callables named in settings.CSPR_HOME_PANELS, so the core never imports a stage app. Each panel must cost
a fixed number of queries whatever the partnership's size: the home pages' query counts are pinned by
tests at two data sizes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils.module_loading import import_string

from cspr.models import Membership, Partnership
from cspr.roles import PARTNER_ROLES, Role


@dataclass
class PanelItem:
    """One thing waiting for the person: what it is, the case, where to do it and by when."""

    title: str
    url: str
    case_reference: str = ""
    detail: str = ""
    action: str = ""
    deadline: Any = None  # a cspr Deadline, shown with its explanation on demand


@dataclass
class HomePanel:
    """A titled list on a home page, from one stage; `more_url` leads to the whole list when cut short."""

    key: str
    title: str
    items: list[PanelItem] = field(default_factory=list)
    count: int | None = None
    empty: str = "Nothing is waiting for you here."
    more_url: str = ""
    order: int = 50

    @property
    def total(self) -> int:
        return len(self.items) if self.count is None else self.count


# Which home a person sees first when they hold several roles in one partnership.
HOME_ORDER = [
    Role.BUSINESS_OFFICE,
    Role.CHAIR,
    Role.PARTNER_LOCAL_AUTHORITY,
    Role.PARTNER_POLICE,
    Role.PARTNER_HEALTH,
    Role.REVIEWER,
    Role.PANEL_MEMBER,
    Role.AUDITOR,
    Role.AGENCY_CONTACT,
]
HOME_KIND = {
    Role.BUSINESS_OFFICE: "business_office",
    Role.CHAIR: "decision_maker",
    Role.PARTNER_LOCAL_AUTHORITY: "decision_maker",
    Role.PARTNER_POLICE: "decision_maker",
    Role.PARTNER_HEALTH: "decision_maker",
    Role.REVIEWER: "reviewer",
    Role.PANEL_MEMBER: "reviewer",
    Role.AUDITOR: "auditor",
    Role.AGENCY_CONTACT: "agency_contact",
}
DECISION_MAKERS = frozenset({Role.CHAIR} | PARTNER_ROLES)


def home_kind(memberships: Sequence[Membership]) -> str:
    """The home page that fits the person's main role in the partnership."""
    roles = {m.role for m in memberships}
    for role in HOME_ORDER:
        if role in roles:
            return HOME_KIND[role]
    return "auditor"


def panels(
    *, partnership: Partnership, user: AbstractBaseUser, memberships: Sequence[Membership]
) -> list[HomePanel]:
    """The stage panels that apply to this person, in display order; a hook returns None when not."""
    found = []
    for path in settings.CSPR_HOME_PANELS:
        panel = import_string(path)(partnership=partnership, user=user, memberships=memberships)
        if panel is not None:
            found.append(panel)
    return sorted(found, key=lambda p: p.order)
