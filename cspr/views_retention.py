"""Retention: the reports of what each run of the retention job anonymised or deleted, and the settings page
where the business office sets the partnership's period and action and previews the cases due."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cspr import retention
from cspr.access import has_perm, partnership_view
from cspr.exports import csv_bytes
from cspr.forms import RetentionSettingsForm
from cspr.models import RetentionRun

NOTHING_CHANGED = "Nothing changed: these retention settings were already in force"


@partnership_view(perm="partnership.view_retention")
def retention_runs(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    partnership = request.partnership
    runs = RetentionRun.objects.filter(partnership=partnership).prefetch_related("entries")[:20]
    return render(
        request,
        "cspr/retention_runs.html",
        {
            "runs": [
                (
                    run,
                    [(e, retention.entry_summary(e)) for e in run.entries.all()],
                    run.counts.get(retention.EXPORTS_DELETED, 0),
                )
                for run in runs
            ],
            "export_days": django_settings.CSPR_EXPORT_KEEP_DAYS,
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


@partnership_view(perm="partnership.view_retention")
def retention_settings(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """The period and the action in force, with their source; the business office changes or previews them."""
    partnership = request.partnership
    can_change = has_perm(request, "partnership.manage_retention")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    settings = retention.current_settings(partnership)
    current = {s.option.key: s.value for s in settings}
    form = None
    preview = None  # (years, action) typed but not saved
    if can_change:
        form = RetentionSettingsForm(
            request.POST or None,
            preview="preview" in request.POST,
            initial={"years": current["retention_years"], "action": current["retention_action"]},
        )
        if form.is_valid():
            years, action = form.cleaned_data["years"], form.cleaned_data["action"]
            if form.preview:
                preview = (years, retention.Action(action).label.lower())
            else:
                try:
                    changes = retention.change_settings(
                        partnership=partnership,
                        by=request.user,
                        years=years,
                        action=action,
                        reason=form.cleaned_data["reason"],
                    )
                except retention.SettingsRefused as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, "Retention settings saved" if changes else NOTHING_CHANGED)
                    return redirect("retention_settings", partnership_slug=partnership.slug)
    today = timezone.localdate()
    context = {
        "form": form,
        "settings": settings,
        "changes": retention.option_changes(partnership)[:20],
        "preview": preview,
        # The dry run the page shows: computed, not run, so looking writes no report.
        "due": retention.due_cases(partnership, today=today, years=preview[0] if preview else None),
        "action": preview[1] if preview else retention.Action(current["retention_action"]).label.lower(),
        "today": today,
    }
    return render(request, "cspr/retention_settings.html", context)
