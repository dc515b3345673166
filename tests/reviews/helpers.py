"""Shared bits of the review view tests: GOV.UK date fields, review URLs and the POST-worked check."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from reviews.models import Review


def date_fields(name: str, value: date) -> dict[str, str]:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def url(name: str, review: Review, *args) -> str:
    return reverse(f"reviews:{name}", args=[review.partnership.slug, review.public_id, *args])


def ok(response) -> None:
    """A POST that worked redirects; one that did not shows its error summary."""
    body = response.content.decode()
    start = body.find("govuk-error-summary")
    assert response.status_code == 302, body[start : start + 2000] if start >= 0 else body[-3000:]
    assert not response["Location"].startswith(reverse("login")), "signed out"


def terms_data(*, agencies, planned_completion: date, **extra) -> dict:
    return {
        **date_fields("period_from", date(2026, 1, 1)),
        **date_fields("period_to", date(2026, 12, 17)),
        "period_reason": "The year before the incident",
        "key_lines_of_enquiry": "How was information shared?\nWas the child's voice heard?",
        "methodology": "systems",
        "methodology_detail": "",
        "agencies": [a.pk for a in agencies],
        "information_tools": "both",
        "family_involvement": "The lead reviewer writes to both parents.",
        "parallel_processes": "Police investigation ongoing",
        "legal_advice": "",
        **date_fields("planned_completion", planned_completion),
        **extra,
    }
