"""Export pages: download a list now, or follow a big export's progress and download it when ready.

Only the person who asked for an export can see or download it (others get 404, as for any object of
another partnership). The progress page works without JavaScript (a refresh link); static/js/
export-progress.js polls the JSON view and updates the page in place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from cspr import list_exports as exports
from cspr.access import has_perm, partnership_view
from cspr.models import ExportJob

FILTER_KEYS = ("group", "stage", "agency", "reviewer")
PERMISSION = {
    ExportJob.Kind.CASES: "case.view",
    ExportJob.Kind.DEADLINES: "deadline.view_all",
    ExportJob.Kind.WORK_QUEUE: "deadline.view_all",
}


@require_POST
@partnership_view()
def export_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """Write the list to a file now when it is small; otherwise queue it and show its progress."""
    kind, fmt = request.POST.get("kind", ""), request.POST.get("format", "")
    if kind not in ExportJob.Kind.values or fmt not in ExportJob.Format.values:
        raise Http404("No such export")
    if not has_perm(request, PERMISSION[kind]):
        raise PermissionDenied
    filters = {k: request.POST[k] for k in FILTER_KEYS if request.POST.get(k)}
    listing = exports.listing(request.partnership, kind, filters)
    if listing.count() <= settings.CSPR_EXPORT_INLINE_ROWS:
        response = HttpResponse(exports.write(listing, fmt), content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.filename(request.partnership, kind, fmt)}"'
        )
        return response
    job = exports.queue(partnership=request.partnership, by=request.user, kind=kind, fmt=fmt, filters=filters)
    return redirect(job)


def _job(request: HttpRequest, export_id: Any) -> ExportJob:
    return get_object_or_404(
        ExportJob.objects.filter(partnership=request.partnership, requested_by=request.user),
        public_id=export_id,
    )


@require_GET
@partnership_view()
def export_status(request: HttpRequest, partnership_slug: str, export_id: Any) -> HttpResponse:
    job = _job(request, export_id)
    return render(
        request, "cspr/homes/export_status.html", {"job": job, "keep_days": settings.CSPR_EXPORT_KEEP_DAYS}
    )


@require_GET
@partnership_view()
def export_progress(request: HttpRequest, partnership_slug: str, export_id: Any) -> JsonResponse:
    job = _job(request, export_id)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "percent": job.percent,
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
        }
    )


@require_GET
@partnership_view()
def export_download(request: HttpRequest, partnership_slug: str, export_id: Any) -> FileResponse:
    job = _job(request, export_id)
    if job.state != ExportJob.State.DONE or not job.file:
        raise Http404("Not ready")
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=exports.filename(request.partnership, job.kind, job.format),
        content_type=exports.CONTENT_TYPES[job.format],
    )
