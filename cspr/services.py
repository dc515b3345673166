"""Core services: open a case, declare closure days. Services write; selectors read."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from cspr import audit
from cspr.deadlines import services as deadlines
from cspr.models import Case, ClosureDay, Partnership


class ServiceError(ValueError):
    """A request the rules refuse; the message is shown to the user as it is."""


CLOSURE_EXISTS = "That day is already a closure day."
AWARE_AFTER_REFERRAL = "The date the partnership became aware cannot be after the referral was received."


def open_case(
    *,
    partnership: Partnership,
    child_pseudonym: str,
    aware_of_incident: date,
    referral_received: date,
    by: AbstractBaseUser | None,
) -> Case:
    """Open a case and start the 15-working-day rapid review clock from the awareness date."""
    if aware_of_incident > referral_received:
        raise ServiceError(AWARE_AFTER_REFERRAL)
    with transaction.atomic():
        # Lock the partnership row so two referrals on the same day get different references.
        Partnership.objects.select_for_update().get(pk=partnership.pk)
        year = referral_received.year
        count = Case.unscoped.filter(
            partnership=partnership, reference__startswith=f"{partnership.reference_prefix}-{year}-"
        ).count()
        case = Case(
            partnership=partnership,
            reference=f"{partnership.reference_prefix}-{year}-{count + 1:03d}",
            child_pseudonym=child_pseudonym,
            aware_of_incident=aware_of_incident,
            referral_received=referral_received,
        )
        case._history_user = by  # simple-history: the user is passed explicitly, never a thread-local
        case.save()
        audit.record(case=case, code="case.opened", by=by)
        deadlines.start(
            case=case, key="complete_rapid_review", origin=aware_of_incident, origin_label="became aware"
        )
    return case


def declare_closure_day(*, partnership: Partnership, on: date, reason: str, by: AbstractBaseUser) -> int:
    """Declare a closure day and re-project every open clock; returns how many deadlines moved."""
    try:
        with transaction.atomic():
            ClosureDay.unscoped.create(partnership=partnership, date=on, reason=reason)
            return deadlines.reproject_partnership(
                partnership=partnership, cause=f"closure day {on:%-d %b %Y} declared: {reason}"
            )
    except IntegrityError as exc:
        raise ServiceError(CLOSURE_EXISTS) from exc


def withdraw_closure_day(*, partnership: Partnership, on: date, by: AbstractBaseUser) -> int:
    """Withdraw a closure day; deadlines that skipped it move earlier again."""
    with transaction.atomic():
        ClosureDay.unscoped.filter(partnership=partnership, date=on).delete()
        return deadlines.reproject_partnership(
            partnership=partnership, cause=f"closure day {on:%-d %b %Y} withdrawn"
        )
