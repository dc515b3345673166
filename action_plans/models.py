"""The action plan and the learning products of a review (West Midlands §11 and Document 19, the other
seeds' equivalents): each recommendation becomes one or more SMART actions owned by an agency, updated
through the agency portal with a RAG rating and evidence of impact, chased by the daily scan and re-audited;
learning briefings written from the final report and tracked as they are sent and published.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from cspr.models import Agency, Case, Partnership
from cspr.tenancy import TenantModel


class Theme(models.TextChoices):
    """Practice themes the annual report counts (the National Panel's recurring themes)."""

    INFORMATION_SHARING = "information_sharing", "Information sharing"
    MULTI_AGENCY_WORKING = "multi_agency_working", "Multi-agency working"
    PROFESSIONAL_CURIOSITY = "professional_curiosity", "Professional curiosity and challenge"
    VOICE_OF_THE_CHILD = "voice_of_the_child", "The child's voice and lived experience"
    RISK_ASSESSMENT = "risk_assessment", "Risk assessment and decision making"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    PARENTAL_MENTAL_HEALTH = "parental_mental_health", "Parental mental health"
    SUBSTANCE_MISUSE = "substance_misuse", "Parental substance misuse"
    NEGLECT = "neglect", "Neglect"
    SAFE_SLEEP = "safe_sleep", "Safe sleep"
    FATHERS = "fathers", "Involving fathers and male carers"
    TRAINING_SUPERVISION = "training_supervision", "Training and supervision"
    OTHER = "other", "Other"


class ActionPlan(TenantModel):
    """The multi-agency action plan answering one review's recommendations."""

    class State(models.TextChoices):
        DRAFTED = "drafted", "Draft"
        AGREED = "agreed", "Agreed"
        MONITORING = "monitoring", "Being monitored"
        CLOSED = "closed", "Closed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="action_plan")
    review = models.OneToOneField("reviews.Review", on_delete=models.PROTECT, related_name="action_plan")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFTED, editable=False)
    agreed_by = models.CharField("Agreed by", max_length=300, blank=True, editable=False)
    agreed_on = models.DateField(null=True, blank=True, editable=False)
    monitored_by = models.CharField(
        "Who monitors the plan",
        max_length=200,
        blank=True,
        help_text="For example the case review group, or Lewisham's MESI subgroup",
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closure_note = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Action plan for {self.case}"

    def get_absolute_url(self) -> str:
        return reverse(
            "action_plans:detail",
            kwargs={"partnership_slug": self.partnership.slug, "plan_id": self.public_id},
        )


class Action(TenantModel):
    """One agreed action (a row of Document 19): what, who, how measured, by when, and how it is going."""

    class State(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        CLOSED = "closed", "Closed"

    class Rag(models.TextChoices):
        RED = "red", "Red: off track"
        AMBER = "amber", "Amber: at risk"
        GREEN = "green", "Green: on track"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    recommendation = models.ForeignKey(
        "reviews.Recommendation", on_delete=models.PROTECT, related_name="actions"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN, editable=False)
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices, blank=True, editable=False)

    # Document 19: Agreed Actions | Responsible Person | Timescale, plus the SMART measure (Document 18
    # §3.4 "Measures"; Lewisham Appendix 9 "Outcome Sought").
    description = models.TextField("Agreed action")
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    lead_name = models.CharField("Named lead", max_length=200)
    lead_email = models.EmailField("Named lead's email", blank=True)
    measure = models.TextField(
        "How we will know it is done", help_text="A specific, measurable outcome: what will have changed"
    )
    target_date = models.DateField("Target date")
    theme = models.CharField(max_length=30, choices=Theme.choices, blank=True)

    # Document 19: Evidence of impact / outcome.
    impact_evidence = models.TextField("Evidence of impact", blank=True, editable=False)
    closed_reason = models.TextField(blank=True, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    reaudit_due = models.DateField("Re-audit due", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking of edits
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation__number", "created_at", "pk"]
        # Granted per action to the owner agency's contacts (django-guardian; action_plans/permissions.py).
        permissions = [("update_action", "Can update progress on the action")]
        indexes = [
            # Used by the daily reminder scan: actions still being worked on.
            models.Index(
                fields=["target_date"],
                condition=models.Q(state__in=["open", "in_progress"]),
                name="action_open_target",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse(
            "action_plans:action",
            kwargs={"partnership_slug": self.partnership.slug, "action_id": self.public_id},
        )

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.COMPLETED, self.State.CLOSED}

    @property
    def status_label(self) -> str:
        """Completed or closed when finished, else the RAG rating ("Not yet rated" before the first update)."""
        if self.is_finished:
            return self.get_state_display()
        return self.get_rag_display().split(":")[0] if self.rag else "Not yet rated"

    @property
    def status_colour(self) -> str:
        if self.state == self.State.COMPLETED:
            return "green"
        if self.state == self.State.CLOSED:
            return "grey"
        return {"red": "red", "amber": "orange", "green": "turquoise"}.get(self.rag, "blue")


class ProgressUpdate(TenantModel):
    """One entry in an action's history: progress with a RAG rating, a change of state, or a re-audit."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", "Progress update"
        COMPLETED = "completed", "Completed"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        REAUDIT = "reaudit", "Re-audit"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROGRESS)
    rag = models.CharField(max_length=10, choices=Action.Rag.choices, blank=True)
    text = models.TextField("What has been done")
    sustained = models.BooleanField(
        null=True, blank=True, help_text="Re-audits: is the improvement sustained?"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


def evidence_path(instance: ActionEvidence, filename: str) -> str:
    # An opaque name in private storage; the cleaned original name is kept on the row only.
    return f"private/action-evidence/{instance.partnership_id}/{uuid.uuid4().hex}"


class ActionEvidence(TenantModel):
    """A file showing the action's impact (an audit, a training register, a new procedure)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class ActionReminder(TenantModel):
    """A reminder or escalation sent for an action: one row per (action, kind, key), so each goes once.

    The key is the date the reminder is about (the target date, or the last update for "not updated"), so a
    revised target date or a fresh update earns a fresh reminder while a rerun of the scan sends nothing.
    """

    class Kind(models.TextChoices):
        BEFORE = "before", "Reminder before the target date"
        DUE_TODAY = "due_today", "Reminder on the target date"
        ESCALATED = "escalated", "Escalated as overdue"
        NOT_UPDATED = "not_updated", "Escalated as not updated"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "kind", "key"], name="one_action_reminder_per_kind")
        ]


class LearningBriefing(TenantModel):
    """A learning product written from the final report (Northamptonshire's 6 step learning briefing,
    the Lewisham Learning Loop, West Midlands §11.3.2 briefing notes): its steps come from the framework."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn from the public site"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="learning_briefings")
    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="learning_briefings")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    title = models.CharField(max_length=200)
    steps = models.JSONField(default=list, help_text='[{"heading": …, "body": …}] in the framework\'s order')
    version = models.PositiveIntegerField(default=1, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_pdf = models.FileField(upload_to="private/learning-briefings/", blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Used by the public reports page: a partnership's published briefings.
            models.Index(
                fields=["partnership", "-published_at"],
                condition=models.Q(state="published"),
                name="briefing_published",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "action_plans:briefing",
            kwargs={"partnership_slug": self.partnership.slug, "briefing_id": self.public_id},
        )

    def get_public_url(self) -> str:
        return reverse(
            "learning_briefings:pdf", kwargs={"slug": self.partnership.slug, "briefing_id": self.public_id}
        )


class BriefingDispatch(TenantModel):
    """Who a learning briefing went to, when and how (West Midlands §11.3.2: meetings or briefing notes)."""

    class Method(models.TextChoices):
        EMAIL = "email", "Emailed"
        MEETING = "meeting", "Presented at a meeting"
        NEWSLETTER = "newsletter", "In a newsletter or bulletin"
        TRAINING = "training", "In training"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    briefing = models.ForeignKey(LearningBriefing, on_delete=models.CASCADE, related_name="dispatches")
    audience = models.CharField(
        "Sent to", max_length=300, help_text="For example: health visiting team leaders"
    )
    method = models.CharField(max_length=20, choices=Method.choices)
    emails = models.JSONField(default=list, blank=True)
    shared_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shared_on", "pk"]


# django-guardian's direct foreign-key object permissions: an agency contact's grant on one action.
class ActionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Action, on_delete=models.CASCADE)


class ActionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Action, on_delete=models.CASCADE)
