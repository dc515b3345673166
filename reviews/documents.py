"""Which template renders which review PDF: the terms of reference (West Midlands Document 6), the letter to
a family member (Document 7) and the leaflet for families (Document 8), and their equivalents.

The procedure's own title and number come from its `DocumentTemplate` (cspr/framework_seeds.py); a procedure
whose set has no such template gets a plainly titled stand-in. Filenames carry the case reference, never a
name. Every function here runs inside the partnership's scope.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from cspr.documents import render_pdf
from cspr.frameworks import DocumentTemplate
from cspr.models import Partnership
from reviews import workflow
from reviews.models import Review, ReviewFamilyMember, TermsOfReference

DEFAULT_TITLES = {
    "terms_of_reference": "Terms of reference",
    "family_letter": "Letter to family members about the review",
    "family_leaflet": "Child safeguarding practice reviews: information for families",
}

Rendered = tuple[str, bytes]


def document_for(partnership: Partnership, key: str) -> DocumentTemplate:
    return partnership.framework.document(key) or DocumentTemplate(key, DEFAULT_TITLES[key])


def _render(review: Review, key: str, context: dict[str, Any], *, suffix: str = "") -> Rendered:
    partnership = review.partnership
    document = document_for(partnership, key)
    pdf = render_pdf(
        template=document.template or f"documents/review_{key}.html",
        context={"review": review, "case": review.case, **context},
        partnership=partnership,
        title=document.title,
        document_number=document.number,
        reference=review.case.reference,
    )
    name = f"{slugify(document.title)}-{review.case.reference}{suffix}.pdf"
    return name, pdf


def _completion(review: Review) -> dict[str, Any]:
    deadline = workflow.completion_deadline(review)
    timescale = review.partnership.framework.timescale(workflow.COMPLETION_TIMESCALE[review.kind])
    return {
        "completion_due": timezone.localtime(deadline.due_at).date()
        if deadline and deadline.due_at
        else None,
        "completion_rule": timescale.describe() if timescale.is_set else "",
    }


def terms_of_reference_pdf(terms: TermsOfReference) -> Rendered:
    review = terms.review
    lead = workflow.lead_reviewer(review)
    context = {
        "terms": terms,
        "agencies": list(terms.agencies.order_by("name")),
        "lead": lead,
        **_completion(review),
    }
    return _render(review, "terms_of_reference", context, suffix=f"-v{terms.number}")


def family_letter_pdf(person: ReviewFamilyMember) -> Rendered:
    review = person.review
    lead = workflow.lead_reviewer(review)
    context = {"person": person, "lead": lead, "letter_date": timezone.localdate(), **_completion(review)}
    return _render(review, "family_letter", context, suffix=f"-{person.public_id.hex[:8]}")


def family_leaflet_pdf(review: Review) -> Rendered:
    lead = workflow.lead_reviewer(review)
    months = review.partnership.framework.timescale(workflow.COMPLETION_TIMESCALE[review.kind])
    return _render(
        review, "family_leaflet", {"lead": lead, "months": months.amount if months.is_set else None}
    )
