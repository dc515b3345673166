"""The public reports site, /reports/<slug>/: no login, no membership, only what the partnership published.

These views sit outside /p/ and take the partnership as `slug` (not `partnership_slug`), so the tenant
guard leaves them alone; `login_not_required` keeps them open under Django's LoginRequiredMiddleware too.
The selectors filter by partnership and by the published states themselves: that filter is the boundary.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cspr import page_cache
from cspr.tenancy import scope
from publication import documents, selectors


def _partnership(slug: str):  # -> cspr.models.Partnership
    partnership = selectors.public_partnership(slug)
    if partnership is None:
        raise Http404("No such partnership")
    return partnership


@login_not_required
@require_safe
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's published reports with their summaries, reviewers, PDFs and learning briefings."""
    partnership = _partnership(slug)
    part = page_cache.part(
        request,
        "public_reports",
        lambda now: _report_list_part(request, partnership, now),
        partnerships=[partnership],
    )
    return render(
        request, "publication/public/list.html", {"public_partnership": partnership, "reports": part.html}
    )


def _report_list_part(request: HttpRequest, partnership: Any, now: datetime) -> page_cache.Rendered:
    reports, next_online = selectors.public_reports_and_next(partnership, now=now)
    context = {
        "public_partnership": partnership,
        "reports": reports,
        "improvements": selectors.public_improvements(partnership),
    }
    return page_cache.Rendered(
        html=page_cache.render_part(request, "publication/public/_list.html", context, now=now),
        changes_at=next_online,  # a report set to go online later appears then
    )


@login_not_required
@require_safe
def report_pdf(request: HttpRequest, slug: str, report_id: Any) -> HttpResponse:
    """The published report as a PDF download."""
    partnership = _partnership(slug)
    publication = selectors.public_report(partnership, report_id)
    if publication is None:
        raise Http404("No such published report")
    with scope(partnership):
        name, pdf = documents.published_pdf(publication)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
