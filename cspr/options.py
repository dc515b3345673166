"""A partnership's own options (`Partnership.option_overrides`): one service writes them, each change audited.

The Retention settings page and the Django admin both go through `change_options`, so every change of a
rule such as the retention period is an `OptionChange` row saying who made it, when and why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cspr.frameworks import OPTIONS
from cspr.models import OptionChange, Partnership, RetentionEntry

MIN_YEARS, MAX_YEARS = 1, 100
YEARS_OUT_OF_RANGE = f"Enter a retention period from {MIN_YEARS} to {MAX_YEARS} years"
UNKNOWN_ACTION = "Select whether personal data is anonymised or deleted"
UNKNOWN_OPTION = "{key!r} is not an option of cspr/frameworks.py"


class OptionRefused(ValueError):
    """A value the option's rules refuse; the message says how to fix it."""


def _retention_years(value: Any) -> str | None:
    whole = isinstance(value, int) and not isinstance(value, bool)
    return None if whole and MIN_YEARS <= value <= MAX_YEARS else YEARS_OUT_OF_RANGE


def _retention_action(value: Any) -> str | None:
    return None if value in RetentionEntry.Action.values else UNKNOWN_ACTION


# Options whose values a partnership may not set to just anything: key -> message when refused, else None.
CHECKS: dict[str, Callable[[Any], str | None]] = {
    "retention_years": _retention_years,
    "retention_action": _retention_action,
}


def check(key: str, value: Any) -> None:
    """Raise OptionRefused if `key` is no option or its rules refuse `value`."""
    if key not in OPTIONS:
        raise OptionRefused(UNKNOWN_OPTION.format(key=key))
    refused = CHECKS.get(key, lambda _: None)(value)
    if refused:
        raise OptionRefused(refused)


def change_options(
    *,
    partnership: Partnership,
    by: AbstractBaseUser,
    values: Mapping[str, Any],
    unset: Collection[str] = (),
    reason: str = "",
) -> list[OptionChange]:
    """Set the partnership's own `values` and remove its own value of each key in `unset` (its procedure's
    then applies); each option that changes gets an OptionChange row. Returns the changes made.

    Setting the value already in force changes nothing, wherever that value comes from.
    """
    for key, value in values.items():
        check(key, value)
    for key in unset:
        if key not in OPTIONS:
            raise OptionRefused(UNKNOWN_OPTION.format(key=key))
    changes = []
    with transaction.atomic():
        # Locked so two people saving at once cannot lose one another's change of another option.
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
        overrides = dict(locked.option_overrides)
        wanted = [(key, value) for key, value in values.items() if locked.option(key) != value]
        wanted += [(key, None) for key in unset if key in overrides]
        for key, value in wanted:
            changes.append(
                OptionChange.objects.create(
                    partnership=locked,
                    key=key,
                    old_value=overrides.get(key),
                    new_value=value,  # null: the partnership's own value removed
                    reason=reason,
                    by=by,
                )
            )
            if key in unset:
                del overrides[key]
            else:
                overrides[key] = value
        if changes:
            locked.option_overrides = overrides
            locked.save(update_fields=["option_overrides"])
            partnership.option_overrides = overrides
    return changes
