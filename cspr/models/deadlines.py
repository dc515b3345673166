"""Deadlines stored as instructions (origin + timescale), projected by the working-day engine."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from cspr.frameworks import Timescale
from cspr.tenancy import TenantModel

from .cases import Case
from .partnerships import Partnership


class Deadline(TenantModel):
    """A running clock: which timescale, from which event, and where it currently falls due."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    key = models.CharField(max_length=60, help_text="Timescale key in cspr/frameworks.py")
    label = models.CharField(max_length=200)
    subject = models.CharField(max_length=60, blank=True, help_text="e.g. the agency a return is due from")
    subject_id = models.UUIDField(null=True, blank=True)
    origin = models.DateTimeField(help_text="When the start event happened")
    origin_label = models.CharField(max_length=80)
    timescale = models.JSONField(help_text="The framework's instruction as it was when the clock started")
    due_at = models.DateTimeField(null=True, blank=True, help_text="None while the clock is paused")
    window_opens_at = models.DateTimeField(null=True, blank=True)
    explanation = models.TextField()
    met_at = models.DateTimeField(null=True, blank=True)
    missed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set once by the daily scan when it passed unmet"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            # Used by the daily deadline scan and the dashboards: open clocks only.
            models.Index(
                fields=["due_at"],
                condition=models.Q(met_at=None, cancelled_at=None),
                name="deadline_open_due",
            ),
            models.Index(fields=["case", "key"], name="deadline_case_key"),
            # Used by the business office's work queue and the calendar: one partnership's open clocks.
            models.Index(
                fields=["partnership", "due_at"],
                condition=models.Q(met_at=None, cancelled_at=None),
                name="deadline_open_partnership_due",
            ),
            # The daily deadline scan (cspr.tasks.mark_missed): open clocks not yet marked missed. Clocks
            # missed long ago and never closed stay out of it, so it does not grow with them.
            models.Index(
                fields=["due_at"],
                condition=models.Q(met_at=None, cancelled_at=None, missed_at=None),
                name="deadline_scan_unmissed",
            ),
            # The daily scan's return reminders (rapid_review.reminders.scan_all): open return clocks.
            models.Index(
                fields=["due_at"],
                condition=models.Q(key="scoping_return", met_at=None, cancelled_at=None),
                name="deadline_scan_open_returns",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.case_id})"

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.cancelled_at is None

    def instruction(self) -> Timescale:
        return Timescale.from_data(self.key, self.timescale)


class DeadlinePause(TenantModel):
    """The clock stopped for a reason (e.g. awaiting criminal proceedings); paused working days extend it."""

    tenant_lookup = "deadline__partnership"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="pauses")
    started = models.DateField()
    ended = models.DateField(null=True, blank=True, help_text="The day the clock runs again")
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started"]


class DeadlineProjection(TenantModel):
    """Journal: every time a deadline was (re)projected, why, and the result."""

    tenant_lookup = "deadline__partnership"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="projections")
    at = models.DateTimeField(auto_now_add=True)
    cause = models.CharField(max_length=200)
    due_at = models.DateTimeField(null=True, blank=True)
    explanation = models.TextField()

    class Meta:
        ordering = ["at", "pk"]
