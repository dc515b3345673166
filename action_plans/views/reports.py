"""The annual report section: a page, a PDF and a spreadsheet of the same figures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from action_plans.annual_report import annual_report, annual_report_xlsx, reporting_year
from action_plans.documents import annual_report_pdf
from action_plans.views.base import attachment
from cspr.access import partnership_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2018  # Working Together 2018 introduced local child safeguarding practice reviews


def _year(request: HttpRequest) -> int:
    current = reporting_year(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        return current
    return min(max(year, FIRST_YEAR), current)


@partnership_view(perm="annual_report.view")
def page(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    from django.shortcuts import render

    year = _year(request)
    current = reporting_year(timezone.localdate())
    report = annual_report(request.partnership, year=year)
    years = [(y, f"April {y} to March {y + 1}") for y in range(current, FIRST_YEAR - 1, -1)]
    return render(
        request, "action_plans/annual_report.html", {"report": report, "year": year, "years": years}
    )


@partnership_view(perm="annual_report.view")
def pdf(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    name, content = annual_report_pdf(annual_report(request.partnership, year=_year(request)))
    return attachment(content, filename=name, content_type="application/pdf")


@partnership_view(perm="annual_report.view")
def xlsx(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    name, content = annual_report_xlsx(annual_report(request.partnership, year=_year(request)))
    return attachment(content, filename=name, content_type=XLSX)
