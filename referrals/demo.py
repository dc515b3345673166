"""Demo referrals: complete submissions built through the real workflow (used by seed_demo)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser

from cspr.models import Agency, Partnership
from referrals import workflow
from referrals.models import Child, FamilyMember, InvolvedAgency, KeyEvent, Referral
from referrals.sections import SECTIONS

FIRST_NAMES = [
    "Jamie",
    "Riley",
    "Ash",
    "Morgan",
    "Taylor",
    "Casey",
    "Jordan",
    "Sky",
    "Robin",
    "Quinn",
    "Rowan",
]


def submitted_referral(
    *, partnership: Partnership, by: AbstractBaseUser, n: int, received: date, agency: Agency | None = None
) -> Referral:
    """A complete referral (child, family, agencies, key events) submitted through the workflow."""
    name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} Demo-{partnership.reference_prefix.title()}{n}"
    referral = Referral.unscoped.create(
        partnership=partnership,
        created_by=by,
        keyed_by_business_office=True,
        saved_sections=[s.key for s in SECTIONS],
        source=Referral.Source.AGENCY_REFERRAL if agency else Referral.Source.LA_NOTIFICATION,
        referring_agency=agency,
        national_notification_reference="" if agency else f"NP-{received.year}-{1000 + n}",
        date_notified_to_national_panel=None if agency else received,
        aware_of_incident=received,
        referral_received=received,
        date_of_incident=received,
        incident_kind=Referral.IncidentKind.SERIOUS_HARM if n % 3 else Referral.IncidentKind.DEATH,
        referrer_name="Sam Referrer",
        referrer_agency_and_title=f"{partnership.local_authority}, team manager",
        referrer_email=f"referrer@{partnership.mailbox.split('@')[-1]}",
        lead_name="Lee Safeguarding",
        lead_agency_and_title="Designated safeguarding lead",
        circumstances="The child was taken to hospital with injuries that the carers could not explain.",
        reason_for_referral="Abuse or neglect is suspected and the child was seriously harmed.",
        siblings_safeguarding="A sibling is staying with grandparents under a safety plan.",
        discussed_with_safeguarding_lead=True,
    )
    Child.unscoped.create(
        referral=referral,
        name=name,
        date_of_birth=date(received.year - 2 - n % 10, 1 + n % 12, 1 + n % 27),
        gender="Girl" if n % 2 else "Boy",
        home_address=f"{n + 1} Demo Road",
        looked_after="no",
        child_protection_plan="never",
        open_to_social_care="yes",
        lead_practitioner="A social worker",
        criminal_investigation="yes",
        coroners_inquiry="no",
        adult_safeguarding_concerns="no",
    )
    FamilyMember.unscoped.create(referral=referral, name=f"Alex {name.split()[1]}", relationship="Mother")
    InvolvedAgency.unscoped.create(
        referral=referral,
        agency_name="Local primary school",
        reason_for_involvement="The child's school",
        is_current=True,
    )
    KeyEvent.unscoped.create(referral=referral, date=received, event="Admitted to hospital")
    return workflow.submit_referral(referral=referral, by=by)
