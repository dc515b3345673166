"""Writing draft referrals: start one, save a section, add, change and remove repeating rows.

Every write passes the user to django-simple-history explicitly (`_history_user`), so the referral's own
history says who typed what; state changes are not made here but in `referrals.workflow`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from cspr.models import Agency, Partnership
from cspr.services import ServiceError
from referrals.models import Child, FamilyMember, InvolvedAgency, KeyEvent, Referral

NOT_A_DRAFT = "This referral has been submitted and can no longer be changed."

# The answers each task list page may write; anything else (state, case, triage) is not a draft answer.
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "about": (
        "source",
        "referring_agency",
        "national_notification_reference",
        "date_notified_to_national_panel",
        "aware_of_incident",
        "referral_received",
        "date_of_incident",
        "incident_kind",
    ),
    "referrer": (
        "referrer_name",
        "referrer_agency_and_title",
        "referrer_email",
        "referrer_phone",
        "referrer_address",
        "lead_name",
        "lead_agency_and_title",
        "lead_email",
        "lead_phone",
    ),
    "child": (),  # the child's answers are on `Child` (save_child)
    "family": ("siblings_safeguarding",),
    "agencies": (),
    "background": ("circumstances", "reason_for_referral", "additional_information"),
    "declaration": ("discussed_with_safeguarding_lead",),
}

ROW_MODELS: dict[str, type[models.Model]] = {
    "family": FamilyMember,
    "agencies": InvolvedAgency,
    "events": KeyEvent,
}


def _ensure_draft(referral: Referral) -> None:
    if not referral.is_draft:
        raise ServiceError(NOT_A_DRAFT)


def start_referral(
    *, partnership: Partnership, by: AbstractBaseUser, referring_agency: Agency | None
) -> Referral:
    """Open a draft: an agency contact's is fixed to their agency, the business office's is keyed in."""
    referral = Referral(
        partnership=partnership,
        created_by=by,
        referring_agency=referring_agency,
        keyed_by_business_office=referring_agency is None,
        source=Referral.Source.AGENCY_REFERRAL if referring_agency is not None else "",
        referrer_name=by.get_full_name() if referring_agency is not None else "",  # type: ignore[attr-defined]
        referrer_email=by.email if referring_agency is not None else "",  # type: ignore[attr-defined]
    )
    referral._history_user = by  # type: ignore[attr-defined]
    referral.save()
    return referral


def save_section(
    *, referral: Referral, by: AbstractBaseUser, section: str, answers: dict[str, Any]
) -> Referral:
    """Save one page of the draft and mark the section as saved on the task list."""
    _ensure_draft(referral)
    allowed = SECTION_FIELDS[section]
    unknown = set(answers) - set(allowed)
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not answers of the {section} section")
    for name, value in answers.items():
        setattr(referral, name, "" if value is None and _is_text(name) else value)
    if section != "declaration" and section not in referral.saved_sections:
        referral.saved_sections = [*referral.saved_sections, section]
    referral._history_user = by  # type: ignore[attr-defined]
    referral.save()
    return referral


def _is_text(name: str) -> bool:
    field = Referral._meta.get_field(name)
    return isinstance(field, models.CharField | models.TextField) and not field.null


def save_child(*, referral: Referral, by: AbstractBaseUser, answers: dict[str, Any]) -> Child:
    """Save the child's details (Doc 1 §1.1)."""
    _ensure_draft(referral)
    with transaction.atomic():
        child = Child.unscoped.filter(referral=referral).first() or Child(referral=referral)
        for name, value in answers.items():
            setattr(child, name, value)
        child._history_user = by  # type: ignore[attr-defined]
        child.save()
        save_section(referral=referral, by=by, section="child", answers={})
    return child


def save_row(
    *,
    referral: Referral,
    by: AbstractBaseUser,
    kind: str,
    answers: dict[str, Any],
    row: models.Model | None = None,
) -> models.Model:
    """Add a repeating row (family member, involved agency, key event) or change one."""
    _ensure_draft(referral)
    model = ROW_MODELS[kind]
    if row is None:
        row = model(referral=referral)
    elif not isinstance(row, model) or row.referral_id != referral.pk:  # type: ignore[attr-defined]
        raise ValueError("That row belongs to another referral")
    for name, value in answers.items():
        setattr(row, name, value)
    row._history_user = by  # type: ignore[attr-defined]
    row.save()
    return row


def remove_row(*, referral: Referral, by: AbstractBaseUser, row: models.Model) -> None:
    """Remove a repeating row; its history keeps what it said and who removed it."""
    _ensure_draft(referral)
    if row.referral_id != referral.pk:  # type: ignore[attr-defined]
        raise ValueError("That row belongs to another referral")
    row._history_user = by  # type: ignore[attr-defined]
    row.delete()
