"""The chronology column layout for agencies, at /portal/chronologies/: a help page and blank templates.
They hold no case data, so any signed-in person may read them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chronologies import imports, report


@login_required
def help_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "chronologies/help.html",
        {"columns": imports.COLUMNS, "max_rows": imports.MAX_ROWS, "sections": report.SECTIONS},
    )


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def template_csv(request: HttpRequest) -> HttpResponse:
    return _download(imports.template_csv(), "text/csv; charset=utf-8", "chronology-template.csv")


@login_required
def template_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(imports.template_xlsx(), imports.XLSX, "chronology-template.xlsx")
