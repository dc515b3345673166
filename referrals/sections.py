"""The referral form's task list: its sections in order and when each counts as complete."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from referrals.models import Child, Referral


def _about(r: Referral) -> bool:
    answered = bool(r.source and r.date_of_incident and r.incident_kind)
    if r.keyed_by_business_office:
        # An agency's own referral is received when submitted; the business office types the dates in.
        answered = answered and bool(r.aware_of_incident and r.referral_received)
    if r.is_agency_referral:
        answered = answered and r.referring_agency_id is not None
    return answered


def _referrer(r: Referral) -> bool:
    return all([r.referrer_name, r.referrer_agency_and_title, r.referrer_email, r.lead_name])


def _child(r: Referral) -> bool:
    return Child.unscoped.filter(referral=r).exists()


def _background(r: Referral) -> bool:
    return bool(r.circumstances and r.reason_for_referral)


def _saved(r: Referral) -> bool:
    return True  # repeating sections may have no rows; saving the page once completes them


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    answered: Callable[[Referral], bool]

    def is_complete(self, referral: Referral) -> bool:
        return self.key in referral.saved_sections and self.answered(referral)


SECTIONS: tuple[Section, ...] = (
    Section("about", "About the referral", "referral_about", _about),
    Section("referrer", "Referrer and safeguarding lead", "referral_referrer", _referrer),
    Section("child", "The child", "referral_child", _child),
    Section("family", "Family and significant others", "referral_family", _saved),
    Section("agencies", "Other agencies involved", "referral_agencies", _saved),
    Section("background", "Case background and key events", "referral_background", _background),
)


def incomplete_sections(referral: Referral) -> list[Section]:
    """Sections still to complete before the referral can be submitted."""
    return [s for s in SECTIONS if not s.is_complete(referral)]


def task_list(referral: Referral) -> list[tuple[Section, str]]:
    """Each section with its GOV.UK task list status."""
    rows = []
    for section in SECTIONS:
        if section.is_complete(referral):
            status = "Completed"
        elif section.key in referral.saved_sections:
            status = "In progress"
        else:
            status = "Not yet started"
        rows.append((section, status))
    return rows
