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
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from cspr.models import Agency, Case, Partnership
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
    decided_on = models.DateField(
        "Date the partnership decided to review", help_text="Starts the completion clock"
    )
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
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_number_per_report_version")
        ]

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
    # Document 18 §3.4: "addressed to named people or organisations", with "Measures" to follow them up.
    addressed_to = models.CharField("Addressed to", max_length=300, blank=True)
    measures = models.TextField("How we will know it has been accepted and implemented", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_number_per_recommendation")
        ]

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
    key_dates = models.TextField(
        "Key dates", blank=True, help_text="For example the trial date or inquest hearing"
    )
    constraint = models.TextField(
        "Constraint on the review",
        blank=True,
        help_text="For example: do not interview the parents before the trial",
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


# --- Conducting the review: terms of reference, reviewers, the review team, family, messages ------------


class TermsOfReference(TenantModel):
    """One version of the terms of reference (West Midlands Document 6 and the other seeds' equivalents).

    The review group approves a version; a change afterwards is a new version that needs approval again,
    and the earlier versions are kept as they were approved.
    """

    class Methodology(models.TextChoices):
        SYSTEMS = "systems", "Systems approach"
        APPRECIATIVE = "appreciative", "Appreciative inquiry"
        CASE_MAPPING = "case_mapping", "Case mapping exercise"
        OTHER = "other", "Other"

    class InformationTools(models.TextChoices):
        CHRONOLOGIES = "chronologies", "Chronologies"
        INFORMATION_REPORTS = "information_reports", "Information reports"
        BOTH = "both", "Chronologies and information reports"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="terms_versions")
    number = models.PositiveIntegerField()
    period_from = models.DateField("Start of the period under review")
    period_to = models.DateField("End of the period under review")
    period_reason = models.TextField("Why this period", blank=True)
    key_lines_of_enquiry = models.TextField("Key lines of enquiry", help_text="One per line")
    methodology = models.CharField(max_length=20, choices=Methodology.choices)
    methodology_detail = models.TextField("About the methodology", blank=True)
    agencies = models.ManyToManyField(Agency, related_name="+", verbose_name="Agencies in scope")
    information_tools = models.CharField(
        "Information from agencies", max_length=30, choices=InformationTools.choices
    )
    family_involvement = models.TextField("How the family will be involved")
    parallel_processes = models.TextField(
        "Parallel processes and how the review will work with them", blank=True
    )
    legal_advice = models.TextField("Legal advice", blank=True)
    information_requests_by = models.DateField("Agency information due by", null=True, blank=True)
    workshop_on = models.DateField("Learning workshop", null=True, blank=True)
    draft_report_by = models.DateField("First draft report by", null=True, blank=True)
    planned_completion = models.DateField("Planned completion")
    change_note = models.TextField("What changed and why", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.CharField("Approved by (meeting or group)", max_length=300, blank=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_number_per_tor_version")
        ]

    def __str__(self) -> str:
        return f"Terms of reference, version {self.number}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    def lines_of_enquiry(self) -> list[str]:
        return [line.strip() for line in self.key_lines_of_enquiry.splitlines() if line.strip()]


class ReviewerAppointment(TenantModel):
    """The lead reviewer (or an independent reviewer), their declarations and the notice of their name."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead reviewer"
        INDEPENDENT = "independent", "Independent reviewer"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.CharField(max_length=200, blank=True)
    # West Midlands §6.1: "a declaration of no conflict of interest" and the confidentiality agreement.
    no_conflict_declared = models.BooleanField("No conflict of interest declared", default=False)
    conflict_notes = models.TextField("Anything declared", blank=True)
    confidentiality_accepted = models.BooleanField("Confidentiality terms accepted", default=False)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "appointed_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class TeamMember(TenantModel):
    """A member of the review team: a representative of each safeguarding partner and others."""

    class Represents(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority (safeguarding partner)"
        POLICE = "police", "Police (safeguarding partner)"
        HEALTH = "health", "Health (safeguarding partner)"
        OTHER = "other", "Other agency or adviser"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="team")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200)
    represents = models.CharField(max_length=20, choices=Represents.choices)
    email = models.EmailField(blank=True)
    # A member with an account (panel member, partner representative) sees the review through a grant.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "represents", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"


class TeamMeeting(TenantModel):
    """A review team meeting: agenda, who came, actions, and family engagement as a standing item."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("Date of the meeting")
    agenda = models.TextField()
    attendees = models.ManyToManyField(TeamMember, related_name="meetings", blank=True)
    other_attendees = models.CharField("Others present", max_length=300, blank=True)
    # West Midlands §7: family involvement is "a standing item at all Review Team meetings".
    family_engagement = models.TextField("Family engagement (standing item)")
    actions = models.TextField("Actions agreed", blank=True, help_text="One per line: what, who, by when")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "-held_on"]

    def __str__(self) -> str:
        return f"Review team meeting on {self.held_on:%-d %B %Y}"


class ReviewFamilyMember(TenantModel):
    """A family member the review considers involving, with their relationship to the child.

    Name and contact details identify the family: only roles allowed to see identities (and the appointed
    reviewers) see them. The relationship view built from these rows is never published.
    """

    class Involvement(models.TextChoices):
        NOT_CONTACTED = "not_contacted", "Not yet contacted"
        INVITED = "invited", "Invited"
        INVOLVED = "involved", "Taking part"
        DECLINED = "declined", "Declined"
        NOT_INVOLVED = "not_involved", "Not involved (decision recorded)"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="family")
    # Copied from the referral's family when the review starts; kept separately so the referral stays as sent.
    from_referral = models.ForeignKey(
        "referrals.FamilyMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField("Relationship to the child", max_length=100)
    lives_with_child = models.BooleanField("Lived with the child", default=False)
    address = models.TextField("Address", blank=True)
    contact_details = models.CharField("Telephone or email", max_length=200, blank=True)
    interpreter_language = models.CharField("Interpreter needed (language)", max_length=100, blank=True)
    needs_advocacy = models.BooleanField("Needs an advocate", default=False)
    other_support = models.TextField("Other support needs", blank=True)
    contact_plan = models.TextField("Contact plan", blank=True, help_text="Who contacts them, how and when")
    involvement = models.CharField(
        max_length=20, choices=Involvement.choices, default=Involvement.NOT_CONTACTED
    )
    # West Midlands §7: "All reasons for non-involvement … will be documented in the final report."
    non_involvement_reason = models.TextField("Reason for non-involvement (for the report)", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "created_at"]

    def __str__(self) -> str:
        return self.relationship


class FamilyContact(TenantModel):
    """One contact with a family member and its outcome (letters sent, calls, meetings)."""

    class Method(models.TextChoices):
        LETTER = "letter", "Letter"
        PHONE = "phone", "Telephone"
        EMAIL = "email", "Email"
        MEETING = "meeting", "Meeting"
        THROUGH_PROFESSIONAL = "professional", "Through a professional"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    family_member = models.ForeignKey(ReviewFamilyMember, on_delete=models.PROTECT, related_name="contacts")
    contacted_on = models.DateField("Date of contact")
    method = models.CharField(max_length=20, choices=Method.choices)
    made_by = models.CharField("Contact made by", max_length=200)
    outcome = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_member", "-contacted_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.contacted_on:%-d %B %Y}"


class ReviewDispatch(TenantModel):
    """A message this stage sent (reviewer's name, delay notice) or a document it generated, with whom it
    went to and when: "which version went to whom, when"."""

    class Kind(models.TextChoices):
        REVIEWER_NOTICE = "reviewer_notice", "Reviewer's name to the National Panel, Ofsted and DfE"
        DELAY_NOTICE = "delay_notice", "Delay notice"
        FAMILY_LETTER = "family_letter", "Letter to a family member"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="dispatches")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    documents = models.JSONField(default=list, blank=True, help_text="Stored PDF paths and names")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.subject


# django-guardian's direct foreign-key object permissions: a reviewer's (or a review team member's)
# grant on the one review they are part of (reviews/permissions in reviews/services.py).
class ReviewUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Review, on_delete=models.CASCADE)


class ReviewGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Review, on_delete=models.CASCADE)


# --- The draft report online: comments, factual accuracy checks and sign-off (reviews/report_services.py) ---


class ReportComment(TenantModel):
    """A comment on one paragraph of a report version, or a reply in its thread.

    The paragraph is anchored by its section key, its position and the text quoted when the comment was
    made, so that a later version can show whether the paragraph is still there (and where) or the
    comment is outdated; the quoted text is kept either way.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="report_comments")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="comments")
    # A reply belongs to its thread's first comment and repeats its anchor.
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    section_key = models.SlugField(max_length=60)
    paragraph_index = models.PositiveIntegerField()
    quoted_text = models.TextField()
    body = models.TextField("Comment")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["review", "thread"], name="report_comment_threads")]

    def __str__(self) -> str:
        return f"Comment on {self.section_key} ¶{self.paragraph_index + 1}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class AccuracyCheck(TenantModel):
    """One agency's factual accuracy check of one report version, answered paragraph by paragraph."""

    class State(models.TextChoices):
        REQUESTED = "requested", "Requested"
        RETURNED = "returned", "Returned"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="accuracy_checks")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="accuracy_checks")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="accuracy_checks")
    state = models.CharField(max_length=20, choices=State.choices, default=State.REQUESTED, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    general_comment = models.TextField("Anything else about the factual accuracy of the report", blank=True)
    no_corrections = models.BooleanField("The report is factually accurate for our agency", default=False)
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["review", "agency__name"]
        # Granted per check to the agency's contacts (django-guardian), as for scoping requests.
        permissions = [("respond_accuracycheck", "Can answer the factual accuracy check")]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "agency"],
                condition=~models.Q(state="withdrawn"),
                name="one_live_check_per_agency",
            )
        ]

    def __str__(self) -> str:
        return f"Factual accuracy check by {self.agency}"


class AccuracyAnswer(TenantModel):
    """An agency's correction or comment on one paragraph of the version it was asked to check."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    check_request = models.ForeignKey(AccuracyCheck, on_delete=models.CASCADE, related_name="answers")
    section_key = models.SlugField(max_length=60)
    paragraph_index = models.PositiveIntegerField()
    quoted_text = models.TextField()
    correction = models.TextField("What is not accurate, and what it should say")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["check_request", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_request", "section_key", "paragraph_index"], name="one_answer_per_paragraph"
            )
        ]


class ReportApproval(TenantModel):
    """A safeguarding partner's approval (or the independent scrutineer's endorsement) of one version.

    Valid only while its version is the latest: saving a new version leaves the row as history, but the
    partners approve again.
    """

    class Signatory(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        SCRUTINEER = "scrutineer", "Independent scrutineer"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="report_approvals")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="approvals")
    signatory = models.CharField(max_length=20, choices=Signatory.choices)
    person = models.CharField("Name and job title", max_length=200)
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "signatory"], name="one_approval_per_signatory_and_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_signatory_display()} approved version {self.version.number}"


class AccuracyCheckUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(AccuracyCheck, on_delete=models.CASCADE)


class AccuracyCheckGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AccuracyCheck, on_delete=models.CASCADE)


# --- Learning workshops and practitioners (reviews/workshops.py) ----------------------------------------


class Workshop(TenantModel):
    """A reflective learning workshop (West Midlands Documents 15–17) or the practitioner feedback event."""

    class Kind(models.TextChoices):
        LEARNING_WORKSHOP = "learning_workshop", "Reflective learning workshop"
        FEEDBACK_EVENT = "feedback_event", "Practitioner feedback event"

    class State(models.TextChoices):
        PLANNED = "planned", "Planned"
        INVITATIONS_SENT = "invitations_sent", "Invitations sent"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="workshops")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.LEARNING_WORKSHOP)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PLANNED, editable=False)
    starts_at = models.DateTimeField("Date and start time")
    ends_at = models.TimeField("Finish time")
    venue = models.CharField(max_length=300)
    feedback_session = models.CharField(
        "Feedback session to hold in diaries", max_length=200, blank=True, help_text="Date and time, if known"
    )
    contact = models.CharField("Who to contact with questions", max_length=300)
    signed_by = models.CharField(
        "Invitation signed by",
        max_length=200,
        help_text="The chair of the review group, the lead reviewer or the manager",
    )
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    held_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Document 16: "comments made on the day will not be attributable to individuals".
    learning_notes = models.TextField("Themes and learning identified (anonymous)", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.starts_at:%-d %B %Y}"


class WorkshopInvitee(TenantModel):
    """A practitioner or manager invited to a workshop, by agency, and whether they came."""

    class Attendance(models.TextChoices):
        INVITED = "invited", "Invited"
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Sent apologies"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="invitees")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    job_title = models.CharField("Job title", max_length=200)
    email = models.EmailField()
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.INVITED)
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["workshop", "agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["workshop", "email"], name="one_invitation_per_email")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class WorkshopDispatch(TenantModel):
    """Invitations that went out: to whom, when, and the stored PDFs (Documents 15–17) they carried."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="dispatches")
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    documents = models.JSONField(default=list, help_text="Stored PDF paths and names")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


class PractitionerConversation(TenantModel):
    """A conversation between the lead reviewer and a key practitioner (West Midlands §8.11)."""

    class Reason(models.TextChoices):
        BEFORE_WORKSHOP = "before_workshop", "Before the workshop"
        INSTEAD_OF_WORKSHOP = "instead_of_workshop", "Could not attend the workshop"
        OTHER = "other", "Other"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="practitioner_conversations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    practitioner = models.CharField("Practitioner's name", max_length=200)
    job_title = models.CharField("Job title", max_length=200)
    held_on = models.DateField("Date of the conversation")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    summary = models.TextField("What the practitioner contributed")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "held_on", "pk"]
