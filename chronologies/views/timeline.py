"""The integrated multi-agency chronology: every agency's current entries in one timeline, filterable,
colour-coded by agency (the agency's name is always written too), paginated, exportable to PDF and XLSX."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chronologies import documents, imports, selectors
from chronologies.forms import TimelineFilterForm
from chronologies.views.common import review_back_url, review_or_404
from cspr import audit, page_cache
from cspr.access import has_perm, partnership_view
from cspr.models.cases import Stage
from reviews.models import Review

PDF_LIMIT = 5000  # a PDF of more entries than this is refused: filter first (the XLSX has no limit)
PDF_TOO_BIG = "The PDF can hold up to {limit} entries; this selection has {count}. Filter by agency or date first, or export to XLSX."


def _filtered(
    request: HttpRequest, review: Review
) -> tuple[TimelineFilterForm, Any, list, selectors.TimelineFilter]:
    agencies = selectors.agencies_in_timeline(review)
    form = TimelineFilterForm(request.GET or None, agencies=[a for a, _ in agencies])
    filters = selectors.TimelineFilter()
    if form.is_bound and form.is_valid():
        filters = selectors.TimelineFilter(
            agency=form.cleaned_data["agency"],
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
            text=form.cleaned_data["q"],
        )
    return form, selectors.timeline(review, filters), agencies, filters


def _describe(filters: selectors.TimelineFilter) -> str:
    parts = []
    if filters.agency:
        parts.append(f"agency: {filters.agency.name}")
    if filters.date_from:
        parts.append(f"from {filters.date_from:%d/%m/%Y}")
    if filters.date_to:
        parts.append(f"to {filters.date_to:%d/%m/%Y}")
    if filters.text:
        parts.append(f'containing "{filters.text}"')
    return ", ".join(parts) or "all entries"


@partnership_view()
def integrated(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    # Case readers see every review; reviewers and panel members only those they are granted.
    who = "case readers" if has_perm(request, "case.view") else request.user.pk
    page = request.GET.get("page")
    part = page_cache.part(
        request,
        "integrated_chronology",
        lambda now: _integrated_part(request, review_id, now),
        vary=(str(review_id), page, who),
        keep=set(request.GET) <= {"page"},  # filtered pages are rendered afresh
    )
    return render(request, "chronologies/integrated.html", {**part.values, "integrated": part.html})


def _integrated_part(request: HttpRequest, review_id: Any, now: datetime) -> page_cache.Rendered:
    review = review_or_404(request, review_id)
    form, entries, agencies, filters = _filtered(request, review)
    page = Paginator(entries, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    colours = {agency.pk: colour for agency, colour in agencies}
    rows = [(entry, colours.get(entry.agency_id, "grey")) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "review": review,
        "case": review.case,
        "form": form,
        "page": page,
        "rows": rows,
        "agencies": agencies,
        "query": query.urlencode(),
        "described": _describe(filters),
    }
    return page_cache.Rendered(
        html=page_cache.render_part(request, "chronologies/_partials/integrated.html", context, now=now),
        values={
            "case_reference": review.case.reference,
            "back_url": review_back_url(review),
            "has_errors": bool(form.errors),
        },
    )


def _exported(
    review: Review, request: HttpRequest, fmt: str, count: int, filters: selectors.TimelineFilter
) -> None:
    audit.record(
        case=review.case,
        code="chronology.exported",
        by=request.user,
        stage=Stage.REVIEW,
        subject="integrated chronology",
        data={"format": fmt, "entries": count, "filters": _describe(filters)},
    )


@partnership_view()
def integrated_pdf(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = review_or_404(request, review_id)
    _, entries, agencies, filters = _filtered(request, review)
    count = entries.count()
    if count > PDF_LIMIT:
        return HttpResponse(
            PDF_TOO_BIG.format(limit=PDF_LIMIT, count=count), status=400, content_type="text/plain"
        )
    name, pdf = documents.integrated_pdf(
        review, entries=list(entries), colours={a.pk: c for a, c in agencies}, filters=_describe(filters)
    )
    _exported(review, request, "pdf", count, filters)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@partnership_view()
def integrated_xlsx(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = review_or_404(request, review_id)
    _, entries, _, filters = _filtered(request, review)
    rows = (imports.entry_cells(e, agency_name=e.agency.name) for e in entries.iterator(chunk_size=1000))
    content = imports.workbook_bytes(
        "Integrated chronology",
        ["Submitted by", *imports.HEADINGS],
        rows,
        notes=[
            f"Integrated chronology, case {review.case.reference}",
            f"Selection: {_describe(filters)}",
            "OFFICIAL-SENSITIVE",
        ],
    )
    _exported(review, request, "xlsx", entries.count(), filters)
    response = HttpResponse(content, content_type=imports.XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{review.case.reference}-integrated-chronology.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
