"""What the retention job did: one report per run, one row per case it anonymised or deleted.

Both are audit rows: on PostgreSQL the database refuses to change or delete them (cspr migration 0007),
except that a run's totals and end are written once, when it finishes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from cspr.tenancy import TenantModel

from .cases import Case
from .partnerships import Partnership


class RetentionRun(TenantModel):
    """One run of the retention job for one partnership (cspr.retention.apply), with its totals."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    dry_run = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    counts = models.JSONField(default=dict, help_text="What was erased, summed over the cases")
    # Set with the totals; a run without it stopped part-way (its finished cases are still reported).
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run {self.at:%Y-%m-%d %H:%M}{' (dry run)' if self.dry_run else ''}"


class RetentionEntry(TenantModel):
    """A case the run anonymised or deleted the personal data of (or, in a dry run, would have)."""

    class Action(models.TextChoices):
        ANONYMISE = "anonymise", "Anonymised"
        DELETE = "delete", "Deleted"

    tenant_lookup = "run__partnership"

    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="entries")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="retention_entries")
    reference = models.CharField(max_length=40)
    closed_at = models.DateTimeField(help_text="The case's last recorded event, as it closed")
    due_on = models.DateField(help_text="The date its retention period ended")
    action = models.CharField(max_length=10, choices=Action.choices)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["reference"]
        indexes = [models.Index(fields=["case"], name="retentionentry_case")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_action_display()}"
