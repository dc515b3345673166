"""Partnerships (the tenants), the procedure frameworks they follow, their agencies and members."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from cspr.deadlines.calendar import WorkingCalendar
from cspr.frameworks import (
    DocumentTemplate,
    FrameworkRules,
    Outcome,
    Timescale,
    resolve_option,
    resolve_timescale,
)
from cspr.roles import PERMISSIONS, Role
from cspr.tenancy import TenantModel


class ProcedureFramework(models.Model):
    """One procedure's rules as data (timescales, optional paths, outcomes, templates), shareable."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    source_document = models.CharField(max_length=300, help_text="Title and version of the procedure")
    rules = models.JSONField(default=dict, help_text="See cspr/frameworks.py for every key")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def parsed_rules(self) -> FrameworkRules:
        return FrameworkRules.from_data(self.rules)

    def timescale(self, key: str) -> Timescale:
        return resolve_timescale(key, self.rules.get("timescales", {}))

    def option(self, key: str) -> Any:
        return resolve_option(key, self.rules.get("options", {}))

    @property
    def outcomes(self) -> list[Outcome]:
        return self.parsed_rules.outcomes

    @property
    def documents(self) -> list[DocumentTemplate]:
        return self.parsed_rules.documents

    def document(self, key: str) -> DocumentTemplate | None:
        return next((d for d in self.documents if d.key == key), None)

    def recipient(self, key: str) -> str:
        return self.rules.get("recipients", {}).get(key, "")


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour like #1d70b8")


class Region(models.TextChoices):
    ENGLAND = "ENG", "England"
    WALES = "WLS", "Wales"


class Partnership(models.Model):
    """A Safeguarding Children Partnership: the tenant. Everything else belongs to one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    reference_prefix = models.CharField(max_length=10, help_text='Case references start with it, e.g. "BSCP"')
    framework = models.ForeignKey(ProcedureFramework, on_delete=models.PROTECT, related_name="partnerships")
    local_authority = models.CharField("Local authority", max_length=200)
    police = models.CharField("Police force", max_length=200)
    health = models.CharField("Integrated care board", max_length=200)
    mailbox = models.EmailField("Contact mailbox")
    brand_colour = models.CharField(max_length=7, default="#0b0c0c", validators=[hex_colour])
    logo = models.ImageField(upload_to="logos/", blank=True)
    region = models.CharField(
        max_length=3, choices=Region.choices, default=Region.ENGLAND, help_text="Bank holiday calendar"
    )
    option_overrides = models.JSONField(
        default=dict,
        blank=True,
        help_text="Options this partnership sets where its procedure leaves them open (keys in cspr/frameworks.py)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnership_home", kwargs={"partnership_slug": self.slug})

    def option(self, key: str) -> Any:
        """The partnership's own choice where it made one, else its procedure framework's."""
        if key in self.option_overrides:
            resolve_option(key, {})  # an unknown key is a typo: fail loudly
            return self.option_overrides[key]
        return self.framework.option(key)

    def working_calendar(self) -> WorkingCalendar:
        """Weekends, the region's bank holidays and this partnership's declared closure days.

        Uses `prefetch_related("closure_days")` when the caller did that (the daily scan reads every
        partnership's calendar: one query for all of them instead of one each).
        """
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("closure_days")
        days = prefetched if prefetched is not None else ClosureDay.unscoped.filter(partnership=self)
        closures = {c.date: c.reason for c in days}
        return WorkingCalendar(region=self.region, closure_days=closures, name=self.name)


class ClosureDay(TenantModel):
    """A day the partnership declares closed (not a bank holiday); deadlines skip it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["partnership", "date"], name="one_closure_per_day")]

    def __str__(self) -> str:
        return f"{self.date:%-d %b %Y}: {self.reason}"


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH_ICB = "health_icb", "Integrated care board"
    NHS_TRUST = "nhs_trust", "NHS trust"
    GP = "gp", "GP practice"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    CAFCASS = "cafcass", "Cafcass"
    HOUSING = "housing", "Housing"
    AMBULANCE = "ambulance", "Ambulance service"
    OTHER = "other", "Other"


class Agency(TenantModel):
    """An organisation that works with children in the partnership's area."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    email = models.EmailField("Agency mailbox")
    safeguarding_lead_name = models.CharField(max_length=200, blank=True)
    safeguarding_lead_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique")]

    def __str__(self) -> str:
        return self.name


class Membership(TenantModel):
    """A person's role in one partnership; a person may hold several roles and partnerships."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, help_text="Agency contacts only"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["partnership__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership", "role", "agency"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(role=Role.AGENCY_CONTACT, agency__isnull=False)
                | (~models.Q(role=Role.AGENCY_CONTACT) & models.Q(agency__isnull=True)),
                name="agency_contact_has_agency",
            ),
        ]

    def __str__(self) -> str:
        agency = f" ({self.agency})" if self.agency_id else ""
        return f"{self.user} — {self.get_role_display()}{agency}, {self.partnership}"

    def can(self, permission: str) -> bool:
        return self.is_active and self.role in PERMISSIONS[permission]
