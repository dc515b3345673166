"""What belongs to one person rather than a case: their private calendar feed and the exports they asked for."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from cspr.tenancy import TenantModel

from .partnerships import Partnership


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A person's private iCal feed. Only the token's hash is kept: a leaked database row opens nothing,
    and making a new link (or turning the feed off) stops the old one at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class ExportJob(TenantModel):
    """A list exported to a file in the background, with its progress; only its requester may download it."""

    class Kind(models.TextChoices):
        CASES = "cases", "Case list"
        DEADLINES = "deadlines", "Deadline list"
        WORK_QUEUE = "work_queue", "Work queue"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    filters = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="private/exports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display()}) for {self.requested_by}"

    def get_absolute_url(self) -> str:
        return reverse(
            "export_status", kwargs={"partnership_slug": self.partnership.slug, "export_id": self.public_id}
        )

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
