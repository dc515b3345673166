"""The PDFs of agency information: the request letter, guidance and template (West Midlands Documents 9–14
and the other seeds' equivalents), a submitted version, and the integrated chronology.

Titles and numbers come from the procedure's `DocumentTemplate`s (cspr/framework_seeds.py); a procedure
whose set names no such document gets a plainly titled one. Filenames carry the case reference, never the
child's name. Every function here runs inside the partnership's scope.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from chronologies import imports, report
from chronologies.models import AgencyRequest, ChronologyEntry, Submission
from cspr.deadlines.projection import explain_date
from cspr.documents import render_pdf
from cspr.frameworks import DocumentTemplate
from cspr.models import Deadline, Partnership
from reviews.models import Review

DEFAULT_TITLES = {
    "chronology": "Chronology template",
    "chronology_request": "Letter requesting a chronology",
    "chronology_guidance": "Guidance on completing the chronology",
    "information_report": "Information report",
    "information_report_request": "Letter requesting an information report",
    "information_report_guidance": "Guidance on completing an information report",
    "integrated_chronology": "Integrated multi-agency chronology",
}
TEMPLATES = {
    "chronology": "documents/chronology_template.html",
    "chronology_request": "documents/chronology_request.html",
    "chronology_guidance": "documents/chronology_guidance.html",
    "information_report": "documents/information_report_form.html",
    "information_report_request": "documents/information_report_request.html",
    "information_report_guidance": "documents/information_report_guidance.html",
    "integrated_chronology": "documents/chronology_integrated.html",
}
# What each request sends: the letter, the guidance and the template, in the letter's enclosure order.
ENCLOSURES = {
    AgencyRequest.Kind.CHRONOLOGY: ["chronology_request", "chronology_guidance", "chronology"],
    AgencyRequest.Kind.INFORMATION_REPORT: [
        "information_report_request",
        "information_report_guidance",
        "information_report",
    ],
}

Rendered = tuple[str, bytes]


def document_for(partnership: Partnership, key: str) -> DocumentTemplate:
    return partnership.framework.document(key) or DocumentTemplate(key, DEFAULT_TITLES[key])


def portal_url(request: AgencyRequest) -> str:
    """The agency's page for this request, absolute, for letters and emails."""
    return f"{settings.SITE_URL.rstrip('/')}{request.get_absolute_url()}"


def return_due(request: AgencyRequest) -> dict[str, str]:
    """The return period in the procedure's words and, once the clock runs, the day it is due."""
    timescale = request.partnership.framework.timescale(request.clock_key)
    period = f"{timescale.amount} {timescale.unit.label}" if timescale.is_set else ""
    clock = Deadline.objects.filter(
        key=request.clock_key, subject_id=request.public_id, cancelled_at=None
    ).first()
    due = explain_date(timezone.localtime(clock.due_at).date()) if clock and clock.due_at else ""
    return {"return_period": period, "return_due": due, "clock": clock}


def _terms(review: Review) -> Any:
    """The latest approved terms of reference, if the reviews stage has recorded them."""
    versions = getattr(review, "terms_versions", None)
    if versions is None:
        return None
    return versions.filter(approved_at__isnull=False).order_by("-number").first()


def _render(
    partnership: Partnership, key: str, context: dict[str, Any], *, reference: str, suffix: str = ""
) -> Rendered:
    document = document_for(partnership, key)
    pdf = render_pdf(
        template=TEMPLATES[key],
        context=context,
        partnership=partnership,
        title=document.title,
        document_number=document.number,
        reference=reference,
    )
    parts = [reference or "draft", key.replace("_", "-"), slugify(suffix)[:40]]
    return "-".join(p for p in parts if p) + ".pdf", pdf


def _request_context(request: AgencyRequest) -> dict[str, Any]:
    review = request.review
    partnership = request.partnership
    enclosures = [document_for(partnership, key) for key in ENCLOSURES[request.kind][1:]]
    return {
        "request": request,
        "agency": request.agency,
        "review": review,
        "case": review.case,
        "terms": _terms(review),
        "letter_date": timezone.localtime(request.sent_at).date()
        if request.sent_at
        else timezone.localdate(),
        "enclosures": [f"{d.number}: {d.title}" if d.number else d.title for d in enclosures],
        "portal_url": portal_url(request),
        "help_url": f"{settings.SITE_URL.rstrip('/')}/portal/chronologies/help/",
        "columns": imports.COLUMNS,
        "sections": report.SECTIONS,
        **return_due(request),
    }


def request_documents(request: AgencyRequest) -> list[Rendered]:
    """The letter, the guidance and the template that go to the agency."""
    context = _request_context(request)
    reference = request.review.case.reference
    return [
        _render(
            request.partnership,
            key,
            {**context, "answers": report.rows({}), "blank": True},
            reference=reference,
            suffix=request.agency.name,
        )
        for key in ENCLOSURES[request.kind]
    ]


def request_document(request: AgencyRequest, position: int) -> Rendered:
    """One of the request's documents: 0 the letter, 1 the guidance, 2 the template."""
    key = ENCLOSURES[request.kind][position]
    context = {**_request_context(request), "answers": report.rows({}), "blank": True}
    return _render(
        request.partnership, key, context, reference=request.review.case.reference, suffix=request.agency.name
    )


def submission_pdf(submission: Submission) -> Rendered:
    """A submitted version: the agency's chronology or information report with the senior officer's sign-off."""
    request = submission.request
    key = "chronology" if request.is_chronology else "information_report"
    context = {
        **_request_context(request),
        "submission": submission,
        "blank": False,
        "entries": list(
            ChronologyEntry.objects.filter(submission=submission).order_by(
                "occurred_on", "occurred_time", "pk"
            )
        ),
        "answers": report.rows(submission.report),
    }
    return _render(
        request.partnership,
        key,
        context,
        reference=request.review.case.reference,
        suffix=f"{request.agency.name} version {submission.number}",
    )


def integrated_pdf(
    review: Review, *, entries: list[ChronologyEntry], colours: dict[int, str], filters: str
) -> Rendered:
    """The integrated multi-agency chronology (all agencies' current entries, as filtered on the page)."""
    rows = [(entry, colours.get(entry.agency_id, "grey")) for entry in entries]
    context = {"review": review, "case": review.case, "rows": rows, "filters": filters}
    return _render(review.partnership, "integrated_chronology", context, reference=review.case.reference)
