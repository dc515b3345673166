"""Shared pieces of the stage workflows: the one exception every refused transition raises."""

from __future__ import annotations


class TransitionRefused(Exception):
    """A transition the procedure does not allow now; the message is shown to the user as it is.

    Stage workflows raise it with a message constant defined beside the rule it enforces, and views put
    the message in the GOV.UK error summary.
    """
