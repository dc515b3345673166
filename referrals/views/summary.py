"""Check your answers: every answer of a referral as GOV.UK summary lists, with "Change" links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.urls import reverse

from referrals import forms
from referrals.models import Child, Referral

SECTION_FORMS: dict[str, type[forms.SectionForm]] = {
    "about": forms.AboutForm,
    "referrer": forms.ReferrerForm,
    "child": forms.ChildForm,
    "family": forms.FamilyForm,
    "agencies": forms.AgenciesForm,
    "background": forms.BackgroundForm,
}

NOT_GIVEN = "Not given"


@dataclass
class SummarySection:
    key: str
    title: str
    change_url: str | None
    rows: list[tuple[str, str]] = field(default_factory=list)
    hidden: bool = False


def display(obj: models.Model, name: str) -> str:
    """One answer as the reader should see it."""
    model_field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if value in (None, ""):
        return NOT_GIVEN
    if model_field.choices:
        return getattr(obj, f"get_{name}_display")()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return str(value)


def _rows(obj: models.Model, section: str, names: Any) -> list[tuple[str, str]]:
    labels = SECTION_FORMS[section].base_fields
    return [(str(labels[n].label), display(obj, n)) for n in names]


def summary(referral: Referral, *, editable: bool, identity: bool) -> list[SummarySection]:
    """The referral's answers in task list order; the child and family only for `identity`."""

    def url(section: str) -> str | None:
        if not editable:
            return None
        return reverse(
            f"referral_{section}",
            kwargs={"partnership_slug": referral.partnership.slug, "referral_id": referral.public_id},
        )

    if referral.keyed_by_business_office:
        about_fields = list(SECTION_FORMS["about"].base_fields)
    else:
        about_fields = ["date_of_incident", "incident_kind"]
    about = SummarySection(
        "about", "About the referral", url("about"), _rows(referral, "about", about_fields)
    )
    if not referral.keyed_by_business_office:
        about.rows.insert(0, ("Referring agency", display(referral, "referring_agency")))
    sections = [
        about,
        SummarySection(
            "referrer",
            "Referrer and safeguarding lead",
            url("referrer"),
            _rows(referral, "referrer", SECTION_FORMS["referrer"].base_fields),
        ),
    ]
    child = Child.unscoped.filter(referral=referral).first()
    child_section = SummarySection("child", "The child", url("child"), hidden=not identity)
    if identity and child is not None:
        child_section.rows = _rows(child, "child", SECTION_FORMS["child"].base_fields)
    family = SummarySection("family", "Family and significant others", url("family"), hidden=not identity)
    if identity:
        family.rows = [
            (f"{m.name} ({m.relationship})", _family_line(m)) for m in referral.family_members.all()
        ] + _rows(referral, "family", ["siblings_safeguarding"])
    agencies = SummarySection(
        "agencies",
        "Other agencies involved",
        url("agencies"),
        [
            (a.name, f"{a.reason_for_involvement} ({'current' if a.is_current else 'not current'})")
            for a in referral.involved_agencies.select_related("agency")
        ]
        or [("Agencies", "None listed")],
    )
    background = SummarySection(
        "background",
        "Case background and key events",
        url("background"),
        _rows(referral, "background", SECTION_FORMS["background"].base_fields)
        + [
            (f"{e.date:%-d %B %Y}{e.time and f' {e.time:%H:%M}' or ''}", e.event)
            for e in referral.key_events.all()
        ],
    )
    return [*sections, child_section, family, agencies, background]


def _family_line(member: Any) -> str:
    parts = [member.address, member.legal_status, member.ethnic_origin]
    if member.date_of_birth:
        parts.insert(0, f"born {member.date_of_birth:%-d %B %Y}")
    return "; ".join(p for p in parts if p) or NOT_GIVEN
