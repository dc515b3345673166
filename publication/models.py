"""Publication of an approved review report (West Midlands §10, Northamptonshire "Publication", Lewisham
"Formal Publication" and the other seeds' equivalents).

A `Publication` follows one case from the approved final report to the report online (or the decision not
to publish), with the media and communications plan, the pseudonym register and its checks, the copies
sent to the National Panel, Ofsted and the DfE, and the report sent to the NSPCC national repository.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cspr.models import Case, Partnership
from cspr.tenancy import TenantModel


class Publication(TenantModel):
    """One case's publication, from the approved report to the report online and then archived."""

    class State(models.TextChoices):
        APPROVED = "approved", "Final report approved"
        PLANNED = "planned", "Publication planned"
        COPIES_SENT = "copies_sent", "Copies being sent before publication"
        NOTICE_PERIOD = "notice_period", "Notice period running"
        PUBLISHED = "published", "Published"
        AVAILABLE_ONLINE = "available_online", "Available online"
        ARCHIVED = "archived", "Archived (available on request)"
        NOT_PUBLISHING = "not_publishing", "Decided not to publish"
        IMPROVEMENTS_PUBLISHED = "improvements_published", "Information about improvements published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="publication")
    review = models.OneToOneField("reviews.Review", on_delete=models.PROTECT, related_name="publication")
    state = models.CharField(max_length=30, choices=State.choices, default=State.APPROVED, editable=False)

    # What the public page shows beside the report.
    title = models.CharField("Title on the public page", max_length=200, blank=True)
    summary = models.TextField("Summary for the public page", blank=True)
    reviewer_names = models.CharField(
        "Lead reviewer name(s)",
        max_length=300,
        blank=True,
        help_text="As named in the published report; leave blank only if the report is published anonymously",
    )
    learning_briefing = models.TextField(
        "Learning briefing",
        blank=True,
        help_text="The key messages for practitioners, published with the report",
    )

    planned_on = models.DateField("Planned publication date", null=True, blank=True, editable=False)
    copies_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    copies_delivered_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the report goes (or went) online"
    )
    online_until = models.DateField(
        null=True, blank=True, editable=False, help_text="The end of the procedure's minimum period online"
    )

    # Media and communications plan.
    media_contact = models.CharField("Media contact", max_length=300, blank=True)
    press_statement = models.TextField("Press statement", blank=True)
    press_notice_on = models.DateField("Press notice date", null=True, blank=True)
    practitioner_briefing = models.TextField(
        "Practitioner briefing", blank=True, help_text="Who briefs practitioners about the findings, and when"
    )
    family_informed_on = models.DateField(
        "Date the family was told of the arrangements", null=True, blank=True
    )
    family_informed_by = models.CharField("Who told the family", max_length=200, blank=True)
    elected_members_informed_on = models.DateField(
        "Date elected members were informed", null=True, blank=True
    )
    prosecution_complete = models.BooleanField(
        "Any prosecution is complete (or there is none)", default=False
    )
    prosecution_note = models.CharField("Prosecution: what you checked", max_length=300, blank=True)

    # The alternative path: the partners decide not to publish (West Midlands §10.4, footnote 13).
    not_publishing_reasons = models.TextField(blank=True, editable=False)
    improvements_information = models.TextField(
        blank=True, editable=False, help_text="The information about improvements that is still published"
    )
    improvements_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    nspcc_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The PDF as published, stored on its first download so every reader gets the same document.
    published_pdf = models.CharField(max_length=300, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Used by the public reports page (publication.selectors.public_reports).
            models.Index(
                fields=["partnership", "-published_at"],
                condition=models.Q(state__in=["published", "available_online"]),
                name="publication_public_list",
            )
        ]

    def __str__(self) -> str:
        return f"Publication for {self.case}"

    def get_absolute_url(self) -> str:
        return reverse(
            "publication:detail",
            kwargs={"partnership_slug": self.partnership.slug, "publication_id": self.public_id},
        )


class PseudonymEntry(TenantModel):
    """A real name (or place, school, professional) and the alias the published report uses for it."""

    class Kind(models.TextChoices):
        CHILD = "child", "Child"
        FAMILY = "family", "Family member"
        PROFESSIONAL = "professional", "Professional"
        SCHOOL = "school", "School or nursery"
        PLACE = "place", "Place"
        OTHER = "other", "Other"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="pseudonyms")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    real_name = models.CharField("Real name", max_length=200)
    alias = models.CharField(
        "Alias used in the report", max_length=100, help_text='For example "Child A", "School 1"'
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "alias", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "real_name"], name="one_alias_per_real_name")
        ]

    def __str__(self) -> str:
        return self.alias


class PseudonymCheck(TenantModel):
    """One run of the pseudonym check over the approved report and the PDF's metadata, with its hits."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="checks")
    # What was checked: the report version and a digest of its text, the register and the metadata, so a
    # later edit of any of them makes the clean result stale.
    report_version = models.ForeignKey("reviews.ReportVersion", on_delete=models.PROTECT, related_name="+")
    digest = models.CharField(max_length=64)
    hits = models.JSONField(default=list)
    is_clean = models.BooleanField()
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-run_at", "-pk"]


class ConstraintOverride(TenantModel):
    """The partners' recorded decision to publish despite an open parallel-process constraint."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="overrides")
    parallel_process = models.ForeignKey(
        "reviews.ParallelProcess", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "parallel_process"], name="one_override_per_parallel_process"
            )
        ]


class PublicationDispatch(TenantModel):
    """A message this stage sent (copies before publication, the NSPCC repository), with its PDF."""

    class Kind(models.TextChoices):
        PRE_PUBLICATION_COPY = "pre_publication_copy", "Final report before publication"
        NSPCC_REPOSITORY = "nspcc_repository", "Published report to the NSPCC national repository"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="dispatches")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    recipient = models.CharField(max_length=30, help_text="A framework recipient key, e.g. national_panel")
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    documents = models.JSONField(default=list, help_text="Stored PDF paths and names")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
