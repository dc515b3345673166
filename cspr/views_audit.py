"""Downloads of a case's access and change log (CSV and PDF), for investigations and subject access requests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from cspr import audit, audit_export
from cspr.access import partnership_view
from cspr.models import Case


def _case(request: HttpRequest, case_id: str) -> Case:
    return get_object_or_404(Case.objects.filter(partnership=request.partnership), public_id=case_id)


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@partnership_view(perm="case.export_audit")
def case_audit_csv(request: HttpRequest, partnership_slug: str, case_id: str) -> HttpResponse:
    case = _case(request, case_id)
    audit.log_access(case=case, user=request.user, path=request.path)  # the export is itself an access
    entries = audit_export.case_audit_log(case)
    return _download(
        audit_export.to_csv(entries), "text/csv; charset=utf-8", f"{case.reference}-audit-log.csv"
    )


@partnership_view(perm="case.export_audit")
def case_audit_pdf(request: HttpRequest, partnership_slug: str, case_id: str) -> HttpResponse:
    case = _case(request, case_id)
    audit.log_access(case=case, user=request.user, path=request.path)
    entries = audit_export.case_audit_log(case)
    pdf = audit_export.to_pdf(case, entries, exported_by=request.user)
    return _download(pdf, "application/pdf", f"{case.reference}-audit-log.pdf")
