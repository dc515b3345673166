"""The review itself: a local child safeguarding practice review or another learning review, from its
commissioning to the final report the three safeguarding partners approve (West Midlands Documents 6–18
and the other seeds' equivalents).

These are the records the publication stage and the action plan build on: the review and its state, the
report's versions and sections, the recommendations and the register of parallel processes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cspr.models import Case, Partnership
from cspr.tenancy import TenantModel


class Review(TenantModel):
    """One case's review, commissioned after the rapid review decided on one."""

    class Kind(models.TextChoices):
        LOCAL_CSPR = "local_review", "Local child safeguarding practice review"
        OTHER_LEARNING = "other_learning_review", "Other learning review"

    class State(models.TextChoices):
        COMMISSIONED = "commissioned", "Commissioned"
        TOR_AGREED = "tor_agreed", "Terms of reference agreed"
        INFORMATION_GATHERING = "information_gathering", "Gathering information"
        ANALYSIS = "analysis", "Analysis and key themes"
        WORKSHOP_HELD = "workshop_held", "Learning workshop held"
        DRAFT_REPORT = "draft_report", "Draft report"
        FACTUAL_ACCURACY = "factual_accuracy", "Factual accuracy check"
        APPROVED = "approved", "Final report approved"
        HANDED_TO_PUBLICATION = "handed_to_publication", "Handed to publication"
        PAUSED = "paused", "Paused"
        STOPPED = "stopped", "Stopped"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="review")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    state = models.CharField(max_length=30, choices=State.choices, default=State.COMMISSIONED, editable=False)
    # Where a paused review goes back to on resume.
    paused_from = models.CharField(max_length=30, choices=State.choices, blank=True, editable=False)
    decided_on = models.DateField("Date the partnership decided to review", help_text="Starts the completion clock")
    delay_reason = models.TextField("Why the review will finish late", blank=True)
    approved_version = models.ForeignKey(
        "ReportVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.case}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reviews:detail", kwargs={"partnership_slug": self.partnership.slug, "review_id": self.public_id}
        )


class ReportVersion(TenantModel):
    """One saved version of the review report; a version never changes once a later one exists."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    note = models.CharField("What changed", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="one_number_per_report_version")]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def text(self) -> str:
        """The whole report as plain text, e.g. for the pseudonym check before publication."""
        return "\n\n".join(f"{s.heading}\n{s.body}" for s in self.sections.all())


class ReportSection(TenantModel):
    """A section of a report version (Document 18's headings); comments attach to its paragraphs."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    # Stable across versions so a comment or an approval can follow a section from version to version.
    key = models.SlugField(max_length=60)
    heading = models.CharField(max_length=300)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_section_key_per_version")]

    def __str__(self) -> str:
        return self.heading

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class Recommendation(TenantModel):
    """A recommendation of the review; each becomes one or more actions of the action plan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="one_number_per_recommendation")]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class ParallelProcess(TenantModel):
    """A process running beside the review (criminal trial, inquest, DHR, SAR, disciplinary) and the
    constraint it puts on the review; publication checks the open ones again before it goes ahead."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "Criminal investigation or trial"
        INQUEST = "inquest", "Coroner's inquest"
        DOMESTIC_HOMICIDE_REVIEW = "dhr", "Domestic homicide review"
        SAFEGUARDING_ADULTS_REVIEW = "sar", "Safeguarding adults review"
        DISCIPLINARY = "disciplinary", "Professional disciplinary process"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ONGOING = "ongoing", "Ongoing"
        CONCLUDED = "concluded", "Concluded"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parallel_processes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=300, blank=True)
    contact = models.CharField("Contact (name, role, email or telephone)", max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ONGOING)
    key_dates = models.TextField("Key dates", blank=True, help_text="For example the trial date or inquest hearing")
    constraint = models.TextField(
        "Constraint on the review", blank=True, help_text="For example: do not interview the parents before the trial"
    )
    blocks_publication = models.BooleanField("Publication must wait until this is cleared", default=False)
    cleared_at = models.DateTimeField(null=True, blank=True, editable=False)
    cleared_reason = models.TextField(
        "Why the constraint no longer applies (or is overridden)", blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "created_at"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None
