"""What the referral holds about the child, the family and the people who referred: erased at the end of
retention (cspr.retention). Anonymising keeps what the statistics need (gender, ethnicity, year of birth,
the yes/no answers) and replaces names, addresses, identifiers and free text; deleting removes the
child and family rows. Their django-simple-history copies get the same treatment, or the old values
would still show in the record's history.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import TruncYear

from cspr.models import Case
from cspr.retention import ANONYMISED, Action
from referrals.models import Child, FamilyMember, InvolvedAgency, KeyEvent, Referral

REFERRAL = {
    "referrer_name": ANONYMISED,
    "referrer_email": "",
    "referrer_phone": "",
    "referrer_address": "",
    "lead_name": ANONYMISED,
    "lead_email": "",
    "lead_phone": "",
    "siblings_safeguarding": "",
    "circumstances": ANONYMISED,
    "reason_for_referral": ANONYMISED,
    "additional_information": "",
    "decision_reason": ANONYMISED,  # why it was not accepted or was withdrawn: often about the family
}
CHILD = {
    "name": ANONYMISED,
    "also_known_as": "",
    "nhs_number": "",
    "date_of_birth": TruncYear("date_of_birth"),
    "date_of_death": TruncYear("date_of_death"),
    "home_address": "",
    "child_protection_plan_details": "",
    "lead_practitioner": "",
    "carer_at_incident": "",
    "incident_address": "",
    "lead_investigator": "",
    "coroner_contact": "",
    "adult_safeguarding_contact": "",
}
FAMILY_MEMBER = {
    "name": ANONYMISED,
    "address": "",
    "date_of_birth": TruncYear("date_of_birth"),
    "legal_status": "",
}
INVOLVED_AGENCY = {"contact_details": "", "reason_for_involvement": ANONYMISED}
KEY_EVENT = {"event": ANONYMISED}


def erase(*, case: Case, action: str, dry_run: bool) -> dict[str, int]:
    """Anonymise (or delete) the personal data of the case's referral; returns what it touched."""
    referral = Referral.unscoped.filter(case=case).first()
    if referral is None:
        return {}
    rows: list[tuple[str, QuerySet, dict, bool]] = [
        # (count label, rows, anonymised values, deleted when the action is delete)
        ("referrals", Referral.unscoped.filter(pk=referral.pk), REFERRAL, False),
        ("children", Child.unscoped.filter(referral=referral), CHILD, True),
        ("family members", FamilyMember.unscoped.filter(referral=referral), FAMILY_MEMBER, True),
        ("involved agencies", InvolvedAgency.unscoped.filter(referral=referral), INVOLVED_AGENCY, False),
        ("key events", KeyEvent.unscoped.filter(referral=referral), KEY_EVENT, False),
    ]
    counts = {}
    for label, queryset, values, deletable in rows:
        ids = list(queryset.values_list("pk", flat=True))
        counts[label] = len(ids)
        if dry_run or not ids:
            continue
        history = queryset.model.history.model.objects.filter(id__in=ids)
        if action == Action.DELETE and deletable:
            queryset.delete()
            history.delete()  # after: deleting writes one more history row, with every value in it
        else:
            history.update(**values)
            queryset.update(**values)
    return counts
