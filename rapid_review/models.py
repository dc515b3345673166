"""The rapid review: scoping requests to agencies, their returns, the meeting, the decision and the
submission to the National Panel (West Midlands Documents 2–5 and the other seeds' equivalents)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from cspr.models import Agency, Case, Partnership
from cspr.tenancy import TenantModel


class RapidReview(TenantModel):
    """One case's rapid review, from the scoping requests to the National Panel's response."""

    class State(models.TextChoices):
        SCOPING = "scoping", "Preparing scoping requests"
        AWAITING_RETURNS = "awaiting_returns", "Scoping requests sent"
        MEETING_SCHEDULED = "meeting_scheduled", "Meeting scheduled"
        MEETING_HELD = "meeting_held", "Meeting held"
        DECISION_RECORDED = "decision_recorded", "Decision recorded"
        SUBMITTED = "submitted", "Submitted to the National Panel"
        PANEL_RESPONDED = "panel_responded", "National Panel response recorded"
        PROGRESSED = "progressed", "Progressed to a review"
        CLOSED = "closed", "Closed"

    class PanelResponse(models.TextChoices):
        AGREES = "agrees", "Agrees with the decision"
        DISAGREES = "disagrees", "Disagrees with the decision"
        MORE_INFORMATION = "more_information", "Asks for more information"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rapid_review")
    state = models.CharField(max_length=30, choices=State.choices, default=State.SCOPING, editable=False)

    # Document 2 "Background Information", completed before the requests go out.
    case_summary = models.TextField("Summary of the case", blank=True)
    period_under_review = models.CharField(
        "Indicative time period to be looked at", max_length=200, blank=True
    )

    # The meeting (Document 4 "Background").
    meeting_at = models.DateTimeField("Date and time of the meeting", null=True, blank=True)
    meeting_format = models.CharField(
        max_length=20,
        choices=[
            ("in_person", "Face to face"),
            ("video", "Video call"),
            ("telephone", "Telephone conference"),
        ],
        blank=True,
    )
    meeting_outside_window_reason = models.TextField(blank=True)
    omissions_from_attendance = models.TextField(
        "Omissions to the list of participants",
        blank=True,
        help_text="The reason any agency whose involvement would normally be expected did not attend",
    )

    # Document 4 Section 2, completed in the meeting and agreed by participants.
    immediate_action_taken = models.CharField(
        "Has all appropriate immediate action been taken?",
        max_length=3,
        choices=[("yes", "Yes"), ("no", "No")],
        blank=True,
    )
    immediate_action_details = models.TextField("Immediate action: details", blank=True)
    criteria = models.JSONField(default=list, blank=True, help_text="Criteria ticked (codes)")
    nature_of_harm = models.TextField("The nature of the harm", blank=True)
    analysis_against_criteria = models.TextField("Analysis against the criteria", blank=True)
    immediate_learning = models.TextField("Immediate learning and how it will be shared", blank=True)
    legal_advice = models.TextField("Legal advice sought", blank=True)

    # Document 4 Section 3: the decision.
    outcome = models.CharField(
        max_length=40, blank=True, help_text="A code from the framework's outcome list"
    )
    outcome_text = models.CharField(max_length=300, blank=True)
    rationale = models.TextField("Reasons for the decision", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    endorsed_by = models.CharField("Endorsed by", max_length=200, blank=True)

    # Cambridgeshire & Peterborough: the case review subgroup's views on the composite of the returns.
    subgroup_views = models.TextField("The case review subgroup's views", blank=True)
    subgroup_views_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Submission and the National Panel's response.
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    panel_response = models.CharField(max_length=20, choices=PanelResponse.choices, blank=True)
    panel_response_at = models.DateField(null=True, blank=True)
    panel_response_notes = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Rapid review for {self.case}"

    def get_absolute_url(self) -> str:
        return reverse(
            "rapid_review:detail",
            kwargs={"partnership_slug": self.partnership.slug, "rapid_review_id": self.public_id},
        )


class ScopingRequest(TenantModel):
    """One agency's Initial Scoping and Information Sharing request and its return (Documents 2 and 3)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Not sent"
        SENT = "sent", "Sent"
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Returned"
        REOPENED = "reopened", "Reopened for changes"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    rapid_review = models.ForeignKey(RapidReview, on_delete=models.PROTECT, related_name="requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="scoping_requests")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reopened_reason = models.TextField(blank=True, editable=False)

    # The return (Document 2): who completed it.
    completed_by_name = models.CharField("Your name", max_length=200, blank=True)
    completed_by_title = models.CharField("Agency and job title", max_length=200, blank=True)
    completed_by_contact = models.CharField("Telephone and email", max_length=300, blank=True)
    no_involvement = models.BooleanField(
        "This child and family are not known to our agency", default=False, editable=False
    )
    family_anomalies = models.TextField("Differences between the family details and your records", blank=True)
    # Section 2: Agency Information and Involvement.
    involvement_summary = models.TextField(
        "Summary of your agency's involvement with the child and the people listed",
        blank=True,
        help_text="Include the dates each service started and ended",
    )
    practice_analysis = models.TextField(
        "Brief analysis of your agency's practice",
        blank=True,
        help_text="Include outstanding practice and potential learning",
    )
    working_together_concerns = models.TextField(
        "Concerns about the way partners have worked together", blank=True
    )
    other_agencies_involved = models.TextField("Other agencies you know were involved", blank=True)
    further_information = models.TextField("Anything else the rapid review meeting should know", blank=True)
    records_secured = models.BooleanField(
        "Our records for this child and family have been secured", default=False
    )

    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking of autosaves
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        # Granted per request to the agency's contacts (django-guardian; rapid_review/permissions.py).
        permissions = [("respond_scopingrequest", "Can respond to the scoping request")]
        constraints = [
            models.UniqueConstraint(
                fields=["rapid_review", "agency"],
                condition=~models.Q(state="withdrawn"),
                name="one_live_request_per_agency",
            )
        ]

    def __str__(self) -> str:
        return f"Scoping request to {self.agency}"

    @property
    def is_open_for_agency(self) -> bool:
        return self.state in {self.State.SENT, self.State.IN_PROGRESS, self.State.REOPENED}


def attachment_path(instance: ScopingAttachment, filename: str) -> str:
    # Stored under an opaque name in private storage; the original name is kept on the row only.
    return f"private/scoping/{instance.request.partnership_id}/{uuid.uuid4().hex}"


class ScopingAttachment(TenantModel):
    """A file an agency attached to its return; served only through a permission-checked view."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(ScopingRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]


class ReminderLog(TenantModel):
    """A reminder or escalation sent for a request: one row per (request, kind), so each goes once."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Reminder before the due date"
        DUE_TODAY = "due_today", "Reminder on the due date"
        ESCALATED = "escalated", "Escalated as overdue"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(ScopingRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["sent_at"]
        constraints = [models.UniqueConstraint(fields=["request", "kind"], name="one_reminder_per_kind")]


class Attendee(TenantModel):
    """Someone at the rapid review meeting, and whom they represent (the quorum counts these)."""

    class Represents(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority (safeguarding partner)"
        POLICE = "police", "Police (safeguarding partner)"
        HEALTH = "health", "Health (safeguarding partner)"
        AGENCY = "agency", "Another agency"
        INDEPENDENT = "independent", "Independent scrutineer or advisor"
        BUSINESS_OFFICE = "business_office", "Business office"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    job_title = models.CharField("Job role or title", max_length=200)
    organisation = models.CharField("Agency or organisation", max_length=200)
    represents = models.CharField(max_length=20, choices=Represents.choices)

    class Meta:
        ordering = ["represents", "name"]


STATUTORY_PARTNERS = {
    Attendee.Represents.LOCAL_AUTHORITY,
    Attendee.Represents.POLICE,
    Attendee.Represents.HEALTH,
}


class Position(TenantModel):
    """A decision-maker's position on the rapid review outcome, with the date (dissent is minuted)."""

    class Role(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        STRATEGIC_LEAD = "strategic_lead", "Strategic lead"
        EXECUTIVE = "executive", "Executive"
        SCRUTINEER = "scrutineer", "Independent scrutineer"

    class Stance(models.TextChoices):
        AGREES = "agrees", "Agrees"
        DISAGREES = "disagrees", "Disagrees"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="positions")
    role = models.CharField(max_length=20, choices=Role.choices)
    person = models.CharField(max_length=200)
    stance = models.CharField(max_length=10, choices=Stance.choices)
    comment = models.TextField(blank=True)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["rapid_review", "role"], name="one_position_per_role")]


class Dispatch(TenantModel):
    """A message this stage sent (to the National Panel, agencies, the referrer), with its PDFs."""

    class Kind(models.TextChoices):
        SCOPING_REQUEST = "scoping_request", "Scoping request"
        NATIONAL_PANEL_SUBMISSION = "national_panel_submission", "Rapid review to the National Panel"
        LATE_NOTICE = "late_notice", "Late rapid review notice to the National Panel"
        OUTCOME = "outcome", "Outcome to the referrer and agencies"
        SUBGROUP_COMPOSITE = "subgroup_composite", "Composite of the returns to the case review subgroup"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    rapid_review = models.ForeignKey(RapidReview, on_delete=models.PROTECT, related_name="dispatches")
    kind = models.CharField(max_length=30, choices=Kind.choices)
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
        ordering = ["created_at"]


# django-guardian's direct foreign-key object permissions (guardian docs, "Performance tuning"): an agency
# contact's grant on one scoping request, checked by the agency portal (rapid_review/permissions.py).
class ScopingRequestUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(ScopingRequest, on_delete=models.CASCADE)


class ScopingRequestGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(ScopingRequest, on_delete=models.CASCADE)
