"""Per-action grants for agency contacts (django-guardian, direct foreign-key permission models).

The role says what a person may do across a partnership; the grant says which actions an agency contact
may update. Both are checked: an active agency-contact membership for the action's owner agency *and*
the object permission, so a lapsed membership or a grant left behind alone opens nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from guardian.shortcuts import assign_perm, remove_perm

from action_plans.models import Action
from cspr.models import Membership
from rapid_review.permissions import agency_contacts, responding_agencies

UPDATE = "action_plans.update_action"


def grant_owner_access(action: Action) -> int:
    """Let every active contact of the action's owner agency update it; returns how many were granted."""
    users = agency_contacts(action.owner_agency)
    for user in users:
        assign_perm(UPDATE, user, action)  # get_or_create: granting twice is harmless
    return len(users)


def revoke_all(action: Action) -> None:
    """The action changed hands (a new owner agency): nobody keeps the old grant."""
    for perm in action.actionuserobjectpermission_set.select_related("user"):
        remove_perm(UPDATE, perm.user, action)


def can_update(user: AbstractBaseUser, action: Action, memberships: Iterable[Membership]) -> bool:
    """The user is a contact of the action's owner agency in its partnership and holds the grant on it."""
    in_partnership = [m for m in memberships if m.partnership_id == action.partnership_id]
    if action.owner_agency_id not in responding_agencies(in_partnership):
        return False
    return user.has_perm(UPDATE, action)
