"""Published learning briefings for the public (no login): the PDF stored when the briefing was published.

The URL names the partnership with `slug`, not `partnership_slug`, so the tenant guard (which asks for a
login) does not apply; the view enters the partnership's scope itself and serves only published briefings.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from action_plans.models import LearningBriefing
from cspr.models import Partnership
from cspr.tenancy import scope


def briefing_pdf(request: HttpRequest, slug: str, briefing_id: Any) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    partnership = get_object_or_404(Partnership, slug=slug)
    with scope(partnership):
        briefing = get_object_or_404(
            LearningBriefing.objects.filter(partnership=partnership, state=LearningBriefing.State.PUBLISHED),
            public_id=briefing_id,
        )
    if not briefing.published_pdf or not default_storage.exists(briefing.published_pdf.name):
        raise Http404("No such briefing")
    response = FileResponse(
        default_storage.open(briefing.published_pdf.name, "rb"),
        filename=f"{briefing.title.split(':')[0]}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
