"""The agency's pages: its chronology (entries online or from a file) or information report, the senior
officer's sign-off and submission, and every version it has submitted. The review team sees the same
pages read-only. Nothing typed is lost: a refusal re-renders the form with what was typed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from chronologies import documents, forms, imports, report, selectors, services, workflow
from chronologies.models import AgencyRequest, ChronologyEntry
from chronologies.views.common import (
    AGENCY,
    agency_request_or_404,
    posted,
    review_back_url,
    submission_or_404,
)
from cspr import audit
from cspr.access import has_perm, partnership_view
from cspr.workflow import TransitionRefused

ENTRY_ADDED = "Entry added"
ENTRY_SAVED = "Entry saved"
ENTRY_DELETED = "Entry deleted"
REPORT_SAVED = "Draft saved"
SUBMITTED = "Submitted. The review team will check it and tell you if anything needs to change."
IMPORTED = "{count} entries added from {name}"


def _page(
    request: HttpRequest, agency_request: AgencyRequest, access: str, template: str, **extra: Any
) -> HttpResponse:
    rows = selectors.request_rows([agency_request])
    return render(
        request,
        template,
        {
            "agency_request": agency_request,
            "review": agency_request.review,
            "case": agency_request.review.case,
            "access": access,
            "row": rows[0],
            "state_colour": rows[0].colour,
            "back_url": "/portal/" if access == AGENCY else _review_page_url(agency_request),
            **extra,
        },
    )


def _review_page_url(agency_request: AgencyRequest) -> str:
    from django.urls import reverse

    return reverse(
        "chronologies:review",
        kwargs={
            "partnership_slug": agency_request.partnership.slug,
            "review_id": agency_request.review.public_id,
        },
    )


def _agency_only(request: HttpRequest, agency_request_id: Any) -> AgencyRequest:
    agency_request, access = agency_request_or_404(request, agency_request_id)
    if access != AGENCY:
        raise Http404("No such request")
    return agency_request


def _open_or_redirect(agency_request: AgencyRequest) -> HttpResponse | None:
    return None if agency_request.is_open_for_agency else redirect(agency_request)


@partnership_view()
def request_page(request: HttpRequest, partnership_slug: str, agency_request_id: Any) -> HttpResponse:
    """The request: what is asked and by when, the draft, the comments of a send-back, and the versions."""
    agency_request, access = agency_request_or_404(request, agency_request_id)
    audit.log_access(case=agency_request.review.case, user=request.user, path=request.path)
    latest = selectors.latest_submission(agency_request)
    return _page(
        request,
        agency_request,
        access,
        "chronologies/request.html",
        entries=list(selectors.draft_entries(agency_request)) if agency_request.is_chronology else [],
        answers=report.rows(agency_request.report) if not agency_request.is_chronology else [],
        submissions=selectors.submissions(agency_request),
        latest=latest,
        documents=[
            documents.document_for(agency_request.partnership, k)
            for k in documents.ENCLOSURES[agency_request.kind]
        ],
        return_due=documents.return_due(agency_request),
        can_edit=access == AGENCY and agency_request.is_open_for_agency,
        can_manage=access != AGENCY and has_perm(request, "chronology.manage"),
        can_quality_assure=access != AGENCY
        and has_perm(request, "chronology.quality_assure")
        and agency_request.state == AgencyRequest.State.SUBMITTED,
    )


@partnership_view()
def entry_add(request: HttpRequest, partnership_slug: str, agency_request_id: Any) -> HttpResponse:
    agency_request = _agency_only(request, agency_request_id)
    if (closed := _open_or_redirect(agency_request)) is not None:
        return closed
    form = forms.EntryForm(posted(request))
    if form.is_valid():
        try:
            services.add_entry(request=agency_request, by=request.user, values=form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, ENTRY_ADDED)
            if "another" in request.POST:
                return redirect(
                    "chronologies:entry_add",
                    partnership_slug=partnership_slug,
                    agency_request_id=agency_request_id,
                )
            return redirect(f"{agency_request.get_absolute_url()}#entries")
    return _page(
        request,
        agency_request,
        AGENCY,
        "chronologies/entry_form.html",
        form=form,
        title="Add an entry",
        adding=True,
    )


def _draft_entry(agency_request: AgencyRequest, entry_id: Any) -> ChronologyEntry:
    return get_object_or_404(
        ChronologyEntry.objects.filter(request=agency_request, submission=None), public_id=entry_id
    )


@partnership_view()
def entry_edit(
    request: HttpRequest, partnership_slug: str, agency_request_id: Any, chronology_entry_id: Any
) -> HttpResponse:
    agency_request = _agency_only(request, agency_request_id)
    entry = _draft_entry(agency_request, chronology_entry_id)
    if (closed := _open_or_redirect(agency_request)) is not None:
        return closed
    form = forms.EntryForm(posted(request), initial=forms.EntryForm.initial_for(entry))
    if form.is_valid():
        try:
            services.change_entry(entry=entry, by=request.user, values=form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, ENTRY_SAVED)
            return redirect(f"{agency_request.get_absolute_url()}#entries")
    return _page(
        request,
        agency_request,
        AGENCY,
        "chronologies/entry_form.html",
        form=form,
        title="Change an entry",
        entry=entry,
    )


@partnership_view()
def entry_delete(
    request: HttpRequest, partnership_slug: str, agency_request_id: Any, chronology_entry_id: Any
) -> HttpResponse:
    agency_request = _agency_only(request, agency_request_id)
    entry = _draft_entry(agency_request, chronology_entry_id)
    if (closed := _open_or_redirect(agency_request)) is not None:
        return closed
    form = forms.ConfirmForm(posted(request), submit_label="Delete the entry")
    if request.method == "POST":
        try:
            services.delete_entry(entry=entry, by=request.user)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, ENTRY_DELETED)
            return redirect(f"{agency_request.get_absolute_url()}#entries")
    return _page(request, agency_request, AGENCY, "chronologies/entry_delete.html", form=form, entry=entry)


@partnership_view()
def import_file(request: HttpRequest, partnership_slug: str, agency_request_id: Any) -> HttpResponse:
    """Add entries from a CSV or XLSX file; good rows are kept, bad rows reported by line with the reason."""
    agency_request = _agency_only(request, agency_request_id)
    if (closed := _open_or_redirect(agency_request)) is not None or not agency_request.is_chronology:
        return closed or redirect(agency_request)
    form = forms.ImportForm(posted(request), request.FILES or None)
    result = None
    if form.is_valid():
        try:
            result, name = imports.read_upload(form.cleaned_data["file"])
            services.import_rows(request=agency_request, by=request.user, result=result, filename=name)
        except imports.FileProblem as exc:
            form.add_error("file", str(exc))
            result = None
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
            result = None
        else:
            if result.rows:
                messages.success(request, IMPORTED.format(count=len(result.rows), name=name))
            if not result.errors:
                return redirect(f"{agency_request.get_absolute_url()}#entries")
            form = forms.ImportForm()
    return _page(
        request,
        agency_request,
        AGENCY,
        "chronologies/import.html",
        form=form,
        result=result,
        columns=imports.COLUMNS,
    )


@partnership_view()
def report_edit(request: HttpRequest, partnership_slug: str, agency_request_id: Any) -> HttpResponse:
    """The information report, saved as a draft as often as needed."""
    agency_request = _agency_only(request, agency_request_id)
    if (closed := _open_or_redirect(agency_request)) is not None or agency_request.is_chronology:
        return closed or redirect(agency_request)
    form = forms.ReportForm(posted(request), initial=agency_request.report)
    if form.is_valid():
        try:
            workflow.save_report(request=agency_request, by=request.user, answers=form.answers())
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, REPORT_SAVED)
            if "next" in request.POST:
                return redirect(
                    "chronologies:submit",
                    partnership_slug=partnership_slug,
                    agency_request_id=agency_request_id,
                )
            return redirect(agency_request)
    return _page(request, agency_request, AGENCY, "chronologies/report_form.html", form=form)


@partnership_view()
def submit(request: HttpRequest, partnership_slug: str, agency_request_id: Any) -> HttpResponse:
    """The senior officer's sign-off, then submission as a new version."""
    agency_request = _agency_only(request, agency_request_id)
    if (closed := _open_or_redirect(agency_request)) is not None:
        return closed
    form = forms.SubmitForm(posted(request))
    if form.is_valid():
        try:
            workflow.submit(
                request=agency_request,
                by=request.user,
                signed_off_by_name=form.cleaned_data["signed_off_by_name"],
                signed_off_by_role=form.cleaned_data["signed_off_by_role"],
                signed_off_on=form.cleaned_data["signed_off_on"],
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, SUBMITTED)
            return redirect(agency_request)
    return _page(
        request,
        agency_request,
        AGENCY,
        "chronologies/submit.html",
        form=form,
        entry_count=selectors.draft_entries(agency_request).count() if agency_request.is_chronology else None,
        missing=report.unanswered(agency_request.report) if not agency_request.is_chronology else [],
    )


@partnership_view()
def submission_page(request: HttpRequest, partnership_slug: str, agency_submission_id: Any) -> HttpResponse:
    """One submitted version, as it was submitted."""
    submission, access = submission_or_404(request, agency_submission_id)
    agency_request = submission.request
    return _page(
        request,
        agency_request,
        access,
        "chronologies/submission.html",
        submission=submission,
        entries=list(
            ChronologyEntry.objects.filter(submission=submission).order_by(
                "occurred_on", "occurred_time", "pk"
            )
        ),
        answers=report.rows(submission.report),
        back_url=agency_request.get_absolute_url(),
    )


@partnership_view()
def submission_pdf(request: HttpRequest, partnership_slug: str, agency_submission_id: Any) -> HttpResponse:
    submission, _ = submission_or_404(request, agency_submission_id)
    name, pdf = documents.submission_pdf(submission)
    return _pdf_response(name, pdf)


def _document(position: int) -> Any:
    @partnership_view()
    def view(request: HttpRequest, partnership_slug: str, agency_request_id: Any) -> HttpResponse:
        agency_request, _ = agency_request_or_404(request, agency_request_id)
        name, pdf = documents.request_document(agency_request, position)
        return _pdf_response(name, pdf)

    view.__name__ = ["letter", "guidance", "template"][position]
    return view


letter_pdf, guidance_pdf, template_pdf = _document(0), _document(1), _document(2)


def _pdf_response(name: str, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


__all__ = ["review_back_url"]
