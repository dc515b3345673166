"""Referrals: the form that starts a case (West Midlands Document 1, "Referral for a Child Safeguarding
Practice Review"; Northamptonshire App 1; Lewisham App 1), and the triage that follows it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cspr.models import Agency, Case, Partnership
from cspr.tenancy import TenantModel


class Referral(TenantModel):
    """A referral, keyed in by the business office or sent by an agency; a draft until submitted."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED_FOR_RAPID_REVIEW = "accepted_for_rapid_review", "Accepted for a rapid review"
        TO_CASE_REVIEW_GROUP = "to_case_review_group", "Sent to the case review group"
        NOT_ACCEPTED = "not_accepted", "Not accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Source(models.TextChoices):
        LA_NOTIFICATION = "la_notification", "Local authority notification to the National Panel"
        AGENCY_REFERRAL = "agency_referral", "Referral from an agency"

    class IncidentKind(models.TextChoices):
        DEATH = "death", "The child died"
        SERIOUS_HARM = "serious_harm", "The child was seriously harmed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="referrals")
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="referral", editable=False
    )
    state = models.CharField(max_length=30, choices=State.choices, default=State.DRAFT, editable=False)
    keyed_by_business_office = models.BooleanField(
        default=False, editable=False, help_text="Keyed in by the business office, not sent by an agency"
    )
    saved_sections = models.JSONField(
        default=list, blank=True, editable=False, help_text="Task list sections saved at least once"
    )

    # About the referral
    source = models.CharField(max_length=20, choices=Source.choices, blank=True)
    national_notification_reference = models.CharField(
        "National Panel notification reference", max_length=60, blank=True
    )
    date_notified_to_national_panel = models.DateField(
        "Date the local authority notified the National Panel", null=True, blank=True
    )
    aware_of_incident = models.DateField("Date the partnership became aware", null=True, blank=True)
    referral_received = models.DateField("Date the referral was received", null=True, blank=True)
    date_of_incident = models.DateField("Date of death or serious incident", null=True, blank=True)
    incident_kind = models.CharField(max_length=20, choices=IncidentKind.choices, blank=True)
    referring_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        help_text="Empty for a local authority notification keyed in by the business office",
    )

    # Referrer and the designated safeguarding lead consulted (Doc 1 "Agency Referral")
    referrer_name = models.CharField("Name", max_length=200, blank=True)
    referrer_agency_and_title = models.CharField("Agency and job title", max_length=200, blank=True)
    referrer_email = models.EmailField("Email address", blank=True)
    referrer_phone = models.CharField("Telephone number", max_length=40, blank=True)
    referrer_address = models.TextField("Address", blank=True)
    lead_name = models.CharField("Name", max_length=200, blank=True)
    lead_agency_and_title = models.CharField("Agency and job title", max_length=200, blank=True)
    lead_email = models.EmailField("Email address", blank=True)
    lead_phone = models.CharField("Telephone number", max_length=40, blank=True)

    # Family (Doc 1 §1.2, after the table)
    siblings_safeguarding = models.TextField(
        "What action has been taken to safeguard and protect any siblings?", blank=True
    )

    # Case background (Doc 1 §2)
    circumstances = models.TextField("Circumstances and the incident", blank=True)
    reason_for_referral = models.TextField("Why are you making this referral?", blank=True)
    additional_information = models.TextField("Additional information", blank=True)
    discussed_with_safeguarding_lead = models.BooleanField(
        "Discussed with a nominated manager or safeguarding lead", default=False
    )

    # Triage
    possible_duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decision_reason = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Used by the duplicate check on submission and the agency contact's list.
            models.Index(fields=["partnership", "referring_agency", "state"], name="referral_agency_state"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.case.reference if self.case_id else '(draft)'}"

    def get_absolute_url(self) -> str:
        return reverse(
            "referral_detail",
            kwargs={"partnership_slug": self.partnership.slug, "referral_id": self.public_id},
        )

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_agency_referral(self) -> bool:
        return self.source == self.Source.AGENCY_REFERRAL


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class ChildProtectionPlan(models.TextChoices):
    NEVER = "never", "No"
    CURRENT = "current", "Yes, currently"
    PREVIOUS = "previous", "Yes, previously"


class Child(TenantModel):
    """The child the referral is about (Doc 1 §1.1); identifying, shown only to `case.view_identity`."""

    tenant_lookup = "referral__partnership"

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="child")
    name = models.CharField("Full name", max_length=200)
    also_known_as = models.CharField("Also known as", max_length=200, blank=True)
    nhs_number = models.CharField("NHS number", max_length=12, blank=True)
    date_of_birth = models.DateField()
    date_of_death = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=60)
    ethnic_origin = models.CharField(max_length=100, blank=True)
    religion = models.CharField("Faith or religion", max_length=100, blank=True)
    disability = models.CharField(max_length=300, blank=True)
    home_address = models.TextField(blank=True)
    looked_after = models.CharField("Is the child looked after?", max_length=3, choices=YesNo.choices)
    child_protection_plan = models.CharField(
        "Is the child subject to a child protection plan, or were they previously?",
        max_length=10,
        choices=ChildProtectionPlan.choices,
    )
    child_protection_plan_details = models.TextField(blank=True)
    open_to_social_care = models.CharField(max_length=3, choices=YesNo.choices)
    lead_practitioner = models.CharField(max_length=200, blank=True)
    carer_at_incident = models.CharField("Carer at the time of the incident", max_length=200, blank=True)
    incident_address = models.TextField("Address where the incident happened", blank=True)
    criminal_investigation = models.CharField(max_length=3, choices=YesNo.choices)
    lead_investigator = models.CharField(max_length=200, blank=True)
    coroners_inquiry = models.CharField(max_length=3, choices=YesNo.choices)
    coroner_contact = models.CharField(max_length=200, blank=True)
    adult_safeguarding_concerns = models.CharField(max_length=3, choices=YesNo.choices)
    adult_safeguarding_contact = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.name


class FamilyMember(TenantModel):
    """A family member or significant other (Doc 1 §1.2, repeating)."""

    tenant_lookup = "referral__partnership"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="family_members")
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    relationship = models.CharField("Relationship to the child", max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    legal_status = models.CharField(max_length=200, blank=True)
    ethnic_origin = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class InvolvedAgency(TenantModel):
    """Another agency known to be involved with the child or family (Doc 1 §1.3, repeating)."""

    tenant_lookup = "referral__partnership"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="involved_agencies")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency_name = models.CharField(max_length=200, blank=True, help_text="When the agency is not listed")
    contact_details = models.TextField(blank=True)
    reason_for_involvement = models.TextField()
    is_current = models.BooleanField("Currently involved", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "involved agencies"

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.agency.name if self.agency_id else self.agency_name


class KeyEvent(TenantModel):
    """A key event in the case background (Doc 1 §2: "DOES NOT need to be a detailed chronology")."""

    tenant_lookup = "referral__partnership"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="key_events")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    event = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "time", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%-d %b %Y}: {self.event[:40]}"
