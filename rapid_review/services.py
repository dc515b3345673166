"""Rapid review services beyond the transitions: conflicts on concurrent edits, file attachments."""

from __future__ import annotations

from rapid_review.models import ScopingRequest


class StaleEdit(Exception):
    """Someone else saved this return since it was opened; their version is kept, ours is shown beside it."""

    def __init__(self, current: ScopingRequest) -> None:
        super().__init__("This return was changed by someone else while you were editing it.")
        self.current = current
