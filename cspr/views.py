"""Core pages: case page, deadlines, procedure and closure days (homes and the calendar: cspr.views_homes)."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cspr import audit, documents, page_cache, selectors, services, timeline
from cspr.access import has_perm, partnership_view
from cspr.deadlines import services as deadline_services
from cspr.forms import PauseClocksForm, ResumeClocksForm, today_default
from cspr.frameworks import OPTIONS, TIMESCALES
from cspr.models import Case, ClosureDay, Partnership


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer and compose: the app answers and the database is reachable."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "cspr/accessibility.html")


def brand_stylesheet(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's colour as a stylesheet, so pages need no inline styles (strict CSP)."""
    partnership = get_object_or_404(Partnership, slug=slug)
    css = f":root {{ --cspr-brand: {partnership.brand_colour}; }}\n"
    response = HttpResponse(css, content_type="text/css")
    response["Cache-Control"] = "public, max-age=300"
    return response


@partnership_view(perm="case.view")
def case_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    return render(request, "cspr/case_list.html", {"cases": selectors.cases(request.partnership)})


def _case(request: HttpRequest, case_id: str) -> Case:
    return get_object_or_404(Case.objects.filter(partnership=request.partnership), public_id=case_id)


@partnership_view(perm="case.view")
def case_detail(request: HttpRequest, partnership_slug: str, case_id: str) -> HttpResponse:
    part = page_cache.part(
        request,
        "case_detail",
        lambda now: _case_detail_part(request, case_id, now),
        vary=(str(case_id), page_cache.roles_of(request)),
    )
    audit.log_case_view(
        case_id=part.values["case_id"],
        partnership_id=request.partnership.pk,
        user=request.user,
        path=request.path,
    )
    context = {"case_reference": part.values["reference"], "case_detail": part.html}
    return render(request, "cspr/case_detail.html", context)


def _case_detail_part(request: HttpRequest, case_id: str, now: datetime) -> page_cache.Rendered:
    case = get_object_or_404(selectors.case_with_stages(request.partnership), public_id=case_id)
    case_deadlines = selectors.case_deadlines(case)
    context = {
        "case": case,
        "deadlines": case_deadlines,
        "timeline": timeline.build(case, case_deadlines),
        "paused": selectors.clocks_paused(case_deadlines),
        "can_manage_clock": has_perm(request, "case.manage_clock"),
    }
    return page_cache.Rendered(
        html=page_cache.render_part(request, "cspr/_partials/case_detail.html", context, now=now),
        # An open clock becomes "Overdue" at its due time, in the table and on the timeline.
        changes_at=page_cache.next_change((d.due_at for d in case_deadlines), now),
        values={"case_id": case.pk, "reference": case.reference},
    )


@partnership_view(perm="case.view")
def case_deadlines_pdf(request: HttpRequest, partnership_slug: str, case_id: str) -> HttpResponse:
    """The case's deadline record as a PDF: every clock and how its date was counted."""
    case = _case(request, case_id)
    audit.log_access(case=case, user=request.user, path=request.path)
    response = HttpResponse(documents.render_case_deadlines(case), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-deadlines.pdf"'
    return response


@partnership_view(perm="case.view")
def case_history(request: HttpRequest, partnership_slug: str, case_id: str) -> HttpResponse:
    page = request.GET.get("page")
    part = page_cache.part(
        request,
        "case_history",
        lambda now: _case_history_part(request, case_id, page, now),
        vary=(str(case_id), page, page_cache.roles_of(request)),
    )
    audit.log_case_view(
        case_id=part.values["case_id"],
        partnership_id=request.partnership.pk,
        user=request.user,
        path=request.path,
    )
    return render(request, "cspr/case_history.html", {**part.values, "case_history": part.html})


def _case_history_part(
    request: HttpRequest, case_id: str, page: str | None, now: datetime
) -> page_cache.Rendered:
    case = _case(request, case_id)
    history = selectors.case_history(case, page)
    context = {
        "case": case,
        "history": history,
        # The record's own changes: only on the first page, beside the newest events.
        "data_history": case.history.select_related("history_user")[:50] if history.number == 1 else [],
    }
    return page_cache.Rendered(
        html=page_cache.render_part(request, "cspr/_partials/case_history.html", context, now=now),
        values={
            "case_id": case.pk,
            "case_reference": case.reference,
            "number": history.number,
            "num_pages": history.num_pages,
        },
    )


@partnership_view(perm="case.manage_clock")
def case_pause(request: HttpRequest, partnership_slug: str, case_id: str) -> HttpResponse:
    case = _case(request, case_id)
    form = PauseClocksForm(request.POST or None)
    today_default(form, "on")
    if form.is_valid():
        try:
            count = deadline_services.pause_case(
                case=case, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"], by=request.user
            )
        except deadline_services.ClockError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{count} clocks paused")
            return redirect(case)
    return render(
        request, "cspr/case_clock_form.html", {"case": case, "form": form, "title": "Pause the clocks"}
    )


@partnership_view(perm="case.manage_clock")
def case_resume(request: HttpRequest, partnership_slug: str, case_id: str) -> HttpResponse:
    case = _case(request, case_id)
    form = ResumeClocksForm(request.POST or None)
    today_default(form, "on")
    if form.is_valid():
        try:
            count = deadline_services.resume_case(case=case, on=form.cleaned_data["on"], by=request.user)
        except deadline_services.ClockError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{count} clocks restarted; paused days added to each deadline")
            return redirect(case)
    return render(
        request, "cspr/case_clock_form.html", {"case": case, "form": form, "title": "Restart the clocks"}
    )


@partnership_view(perm="deadline.view_all")
def deadline_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    return render(
        request, "cspr/deadline_list.html", {"board": selectors.deadline_board(request.partnership)}
    )


@partnership_view(perm="partnership.view_framework")
def procedure(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """The partnership's procedure framework: every timescale and option with its quoted source."""
    framework = request.partnership.framework
    context = {
        "framework": framework,
        "timescales": [framework.timescale(key) for key in TIMESCALES],
        "options": [(OPTIONS[key], OPTIONS[key].display(request.partnership.option(key))) for key in OPTIONS],
    }
    return render(request, "cspr/procedure.html", context)


@require_POST
@partnership_view(perm="partnership.manage_calendar")
def closure_withdraw(request: HttpRequest, partnership_slug: str, closure_date: str) -> HttpResponse:
    closure = get_object_or_404(ClosureDay.objects.filter(partnership=request.partnership), date=closure_date)
    moved = services.withdraw_closure_day(partnership=request.partnership, on=closure.date, by=request.user)
    messages.success(request, f"Closure day withdrawn; {moved} deadlines recalculated")
    return redirect("working_days", partnership_slug=partnership_slug)
