"""The case: the spine every stage of one child's review hangs from."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cspr.tenancy import TenantModel

from .partnerships import Partnership


class Stage(models.TextChoices):
    REFERRAL = "referral", "Referral"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    REVIEW = "review", "Review"
    PUBLICATION = "publication", "Publication"
    ACTION_PLAN = "action_plan", "Action plan"
    CLOSED = "closed", "Closed"


class Case(TenantModel):
    """One child's case, from the referral to the closed action plan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=40)
    child_pseudonym = models.CharField(max_length=60, help_text='The name used in reports, e.g. "Child A"')
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REFERRAL)
    aware_of_incident = models.DateField(
        "Date the partnership became aware of the incident", help_text="Starts the 15-working-day clock"
    )
    referral_received = models.DateField("Date the referral was received")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-referral_received", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="case_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.child_pseudonym})"

    def get_absolute_url(self) -> str:
        return reverse(
            "case_detail", kwargs={"partnership_slug": self.partnership.slug, "case_id": self.public_id}
        )
