"""The retention reports: what each run of the retention job anonymised or deleted, for the business office."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cspr import retention
from cspr.access import partnership_view
from cspr.exports import csv_bytes
from cspr.models import RetentionRun


@partnership_view(perm="partnership.view_retention")
def retention_runs(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    partnership = request.partnership
    runs = RetentionRun.objects.filter(partnership=partnership).prefetch_related("entries")[:20]
    return render(
        request,
        "cspr/retention_runs.html",
        {
            "runs": [(run, retention.report_rows(run)) for run in runs],
            "years": partnership.option("retention_years"),
            "action": retention.Action(partnership.option("retention_action")).label.lower(),
        },
    )


@partnership_view(perm="partnership.view_retention")
def retention_run_csv(request: HttpRequest, partnership_slug: str, retention_run_id: str) -> HttpResponse:
    run = get_object_or_404(
        RetentionRun.objects.filter(partnership=request.partnership), public_id=retention_run_id
    )
    header, *rows = retention.report_rows(run)
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="retention-{run.at:%Y-%m-%d-%H%M}.csv"'
    response["Cache-Control"] = "no-store"
    return response
