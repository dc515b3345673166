"""What a person types into each referral page, as POST data, and the page URLs."""

from __future__ import annotations

from datetime import date

from django.urls import reverse


def url(name: str, referral, **kwargs) -> str:
    return reverse(
        name,
        kwargs={"partnership_slug": referral.partnership.slug, "referral_id": referral.public_id, **kwargs},
    )


def date_input(name: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def about_answers(*, agency=None, aware=date(2026, 3, 2), received=date(2026, 3, 3)) -> dict[str, str]:
    answers = {
        "source": "agency_referral" if agency else "la_notification",
        "referring_agency": str(agency.pk) if agency else "",
        "national_notification_reference": "" if agency else "NP-2026-0042",
        "incident_kind": "serious_harm",
        **date_input("date_notified_to_national_panel", None if agency else date(2026, 3, 3)),
        **date_input("aware_of_incident", aware),
        **date_input("referral_received", received),
        **date_input("date_of_incident", date(2026, 3, 1)),
    }
    return answers


REFERRER = {
    "referrer_name": "Pat Referrer",
    "referrer_agency_and_title": "Alpha Hospital, named nurse",
    "referrer_email": "pat@example.org",
    "referrer_phone": "0121 000 0000",
    "lead_name": "Lee Lead",
    "lead_agency_and_title": "Alpha Hospital, named doctor",
}

CHILD = {
    "name": "Jamie Example",
    "gender": "Boy",
    **date_input("date_of_birth", date(2020, 5, 17)),
    **date_input("date_of_death", None),
    "home_address": "1 Example Street",
    "looked_after": "no",
    "child_protection_plan": "previous",
    "child_protection_plan_details": "2024, neglect, six months",
    "open_to_social_care": "yes",
    "lead_practitioner": "Sam Social Worker",
    "criminal_investigation": "no",
    "coroners_inquiry": "no",
    "adult_safeguarding_concerns": "no",
}

FAMILY_MEMBER = {"name": "Alex Example", "relationship": "Mother", **date_input("date_of_birth", None)}

BACKGROUND = {
    "circumstances": "Admitted to hospital with unexplained injuries.",
    "reason_for_referral": "Abuse is suspected.",
}

KEY_EVENT = {**date_input("date", date(2026, 2, 1)), "time": "14:30", "event": "Seen by the GP with bruising"}
