"""Agency information for a review: chronology requests (West Midlands Documents 9–11) and information
report requests (Documents 12–14), the agencies' submissions with their senior officer's sign-off, and the
chronology entries the integrated multi-agency chronology is built from.

An agency works on a draft (entries without a submission, the report as `AgencyRequest.report`); each
submission freezes a copy (`Submission`, its entries and its report), so every version stays viewable
after the review team sends one back. The integrated chronology reads the entries flagged `current`: the
latest submission of every request that has not been withdrawn.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from cspr.models import Agency, Partnership
from cspr.tenancy import TenantModel
from rapid_review.models import ReminderLog
from reviews.models import Review


class AgencyRequest(TenantModel):
    """A request to one agency for its chronology or its information report, and where it stands."""

    class Kind(models.TextChoices):
        CHRONOLOGY = "chronology", "Chronology"
        INFORMATION_REPORT = "information_report", "Information report"

    class State(models.TextChoices):
        DRAFT = "draft", "Not sent"
        SENT = "sent", "Sent"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted for quality assurance"
        RETURNED = "returned", "Returned for changes"
        ACCEPTED = "accepted", "Accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="agency_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="review_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    # The letter's "Agency Specific Issues" and anything else the agency should look at (Documents 10, 13).
    instructions = models.TextField("Agency specific issues", blank=True)
    period_under_review = models.CharField("Period under review", max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    letter_sent_to = models.JSONField(default=list, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, editable=False)
    # The agency's information report while it is being written (keys: chronologies.report.FIELDS).
    report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "kind"]
        # Granted per request to the agency's contacts (django-guardian; chronologies/permissions.py).
        permissions = [("respond_agencyrequest", "Can answer the chronology or information report request")]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "agency", "kind"],
                condition=~models.Q(state="withdrawn"),
                name="one_live_agency_request_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request to {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse(
            "chronologies:request",
            kwargs={"partnership_slug": self.partnership.slug, "agency_request_id": self.public_id},
        )

    @property
    def is_open_for_agency(self) -> bool:
        return self.state in {self.State.SENT, self.State.IN_PROGRESS, self.State.RETURNED}

    @property
    def is_chronology(self) -> bool:
        return self.kind == self.Kind.CHRONOLOGY

    @property
    def clock_key(self) -> str:
        """The framework timescale of this request's return (cspr/frameworks.py)."""
        return f"{self.kind}_return"

    @property
    def subject(self) -> str:
        """How the audit trail and the emails name this request."""
        return f"{self.get_kind_display().lower()} request to {self.agency.name}"


class Submission(TenantModel):
    """One submitted version of an agency's chronology or information report, frozen when submitted."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for quality assurance"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Sent back for changes"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(AgencyRequest, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # West Midlands Document 11: "A Senior Officer … should quality assure and sign off the chronology prior
    # to its submission"; Document 12: "Date Information Report endorsed by agency senior officer".
    signed_off_by_name = models.CharField("Senior officer's name", max_length=200)
    signed_off_by_role = models.CharField("Senior officer's role", max_length=200)
    signed_off_on = models.DateField("Date signed off")
    report = models.JSONField(default=dict, blank=True)
    entry_count = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    qa_comments = models.TextField("Quality assurance comments", blank=True)
    qa_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    qa_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="one_number_per_agency_submission")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class ChronologyEntry(TenantModel):
    """One event in an agency's chronology: a draft row (no submission) or a row of a submitted version."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE, related_name="entries")
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="entries"
    )
    # Denormalised from the request so the integrated chronology reads one table.
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    current = models.BooleanField(
        default=False,
        help_text="In the latest submission of a live request: shown in the integrated chronology",
    )
    occurred_on = models.DateField("Date")
    occurred_time = models.TimeField("Time", null=True, blank=True)
    agency_or_service = models.CharField("Agency or service", max_length=200, blank=True)
    source = models.CharField("Source", max_length=300, blank=True)
    event = models.TextField("Event")
    practitioner_role = models.CharField("Practitioner role", max_length=200, blank=True)
    action_or_outcome = models.TextField("Action or outcome", blank=True)
    comment = models.TextField("Comment", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "occurred_time", "pk"]
        indexes = [
            # Used by the integrated chronology: the current entries of a review, in date order.
            models.Index(
                fields=["review", "occurred_on", "occurred_time"],
                condition=models.Q(current=True),
                name="chronology_entry_integrated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d/%m/%Y} {self.event[:40]}"


class RequestReminder(TenantModel):
    """A reminder or escalation sent for a request: one row per (request, kind), so each goes once."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderLog.Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="one_agency_request_reminder_per_kind")
        ]


# django-guardian's direct foreign-key object permissions (guardian docs, "Performance tuning"): an agency
# contact's grant on one request, checked by the agency's pages (chronologies/permissions.py).
class AgencyRequestUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE)


class AgencyRequestGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE)
