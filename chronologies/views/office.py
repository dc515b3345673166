"""The business office's and the review team's pages: send and chase the requests, quality-assure what
comes back. Confirm on GET, act on POST; every change goes through chronologies.workflow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from chronologies import documents, forms, selectors, workflow
from chronologies.views.common import OFFICE, agency_request_or_404, posted, review_back_url, review_or_404
from cspr.access import has_perm, partnership_view
from cspr.models import Agency
from cspr.workflow import TransitionRefused
from reviews.models import Review

REQUESTS_SENT = "Requests sent"
REQUESTS_SAVED = "Requests saved as drafts"
REQUEST_SENT = "Request sent to {agency}"
REQUEST_WITHDRAWN = "Request withdrawn"
ACCEPTED = "Submission accepted"
SENT_BACK = "Submission sent back to the agency with your comments"


def _defaults(review: Review) -> dict[str, Any]:
    """What the terms of reference say: the agencies in scope, the tools, the period."""
    terms = documents._terms(review)
    if terms is None:
        scoped = Agency.objects.filter(scoping_requests__rapid_review__case=review.case).exclude(
            scoping_requests__state="withdrawn"
        )
        return {"agencies": list(scoped.values_list("pk", flat=True).distinct()), "kinds": ["chronology"]}
    tools = {"chronologies": ["chronology"], "information_reports": ["information_report"]}.get(
        terms.information_tools, ["chronology", "information_report"]
    )
    return {
        "agencies": list(terms.agencies.values_list("pk", flat=True)),
        "kinds": tools,
        "period_under_review": f"{terms.period_from:%d/%m/%Y} to {terms.period_to:%d/%m/%Y}",
    }


@partnership_view()
def review_page(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Agency information for one review: every request, its due date, reminders and quality assurance."""
    review = review_or_404(request, review_id)
    rows = selectors.request_rows(selectors.requests_for_review(review))
    return render(
        request,
        "chronologies/review.html",
        {
            "review": review,
            "case": review.case,
            "rows": rows,
            "can_manage": has_perm(request, "chronology.manage"),
            "can_send": review.state in workflow.OPEN_REVIEW_STATES,
            "state_colours": selectors.STATE_COLOURS,
            "back_url": review_back_url(review),
        },
    )


@partnership_view(perm="chronology.manage")
def new_requests(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Ask agencies for their chronologies and information reports (Documents 10 and 13)."""
    review = review_or_404(request, review_id)
    form = forms.RequestsForm(
        posted(request),
        agencies=Agency.objects.filter(partnership=request.partnership).order_by("name"),
        initial=_defaults(review),
    )
    if form.is_valid():
        send = "draft" not in request.POST
        try:
            workflow.create_requests(
                review=review,
                agencies=list(form.cleaned_data["agencies"]),
                kinds=form.cleaned_data["kinds"],
                instructions=form.cleaned_data["instructions"],
                period_under_review=form.cleaned_data["period_under_review"],
                by=request.user,
                send=send,
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, REQUESTS_SENT if send else REQUESTS_SAVED)
            return redirect("chronologies:review", partnership_slug=partnership_slug, review_id=review_id)
    timescales = [
        request.partnership.framework.timescale(k) for k in ("chronology_return", "information_report_return")
    ]
    return render(
        request,
        "chronologies/form_page.html",
        {
            "review": review,
            "case": review.case,
            "form": form,
            "title": "Request chronologies and information reports",
            "timescales": timescales,
            "back_url": _review_url(review),
        },
    )


def _review_url(review: Review) -> str:
    from django.urls import reverse

    return reverse(
        "chronologies:review",
        kwargs={"partnership_slug": review.partnership.slug, "review_id": review.public_id},
    )


def _office_request(request: HttpRequest, agency_request_id: Any, perm: str) -> Any:
    agency_request, access = agency_request_or_404(request, agency_request_id)
    if access != OFFICE or not has_perm(request, perm):
        raise PermissionDenied
    return agency_request


@partnership_view(perm="chronology.manage")
def send(request: HttpRequest, partnership_slug: str, agency_request_id: Any) -> HttpResponse:
    """Send a draft request."""
    agency_request = _office_request(request, agency_request_id, "chronology.manage")
    form = forms.ConfirmForm(posted(request), submit_label="Send the request")
    if request.method == "POST":
        try:
            workflow.send_request(request=agency_request, by=request.user)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, REQUEST_SENT.format(agency=agency_request.agency.name))
            return redirect(agency_request)
    return _confirm_page(
        request, agency_request, form, title=f"Send the {agency_request.get_kind_display().lower()} request"
    )


@partnership_view(perm="chronology.manage")
def withdraw(request: HttpRequest, partnership_slug: str, agency_request_id: Any) -> HttpResponse:
    agency_request = _office_request(request, agency_request_id, "chronology.manage")
    form = forms.WithdrawForm(posted(request))
    if form.is_valid():
        try:
            workflow.withdraw(request=agency_request, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, REQUEST_WITHDRAWN)
            return redirect(agency_request)
    return _confirm_page(request, agency_request, form, title="Withdraw the request")


@partnership_view(perm="chronology.quality_assure")
def quality_assure(request: HttpRequest, partnership_slug: str, agency_request_id: Any) -> HttpResponse:
    """Accept the latest submission, or send it back with comments the agency will see."""
    agency_request = _office_request(request, agency_request_id, "chronology.quality_assure")
    form = forms.QualityAssuranceForm(posted(request))
    if form.is_valid():
        comments = form.cleaned_data["comments"]
        try:
            if form.cleaned_data["decision"] == "accept":
                workflow.accept(request=agency_request, by=request.user, comments=comments)
            else:
                workflow.send_back(request=agency_request, by=request.user, comments=comments)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, ACCEPTED if form.cleaned_data["decision"] == "accept" else SENT_BACK)
            return redirect(agency_request)
    return _confirm_page(
        request,
        agency_request,
        form,
        title="Quality assurance",
        submission=selectors.latest_submission(agency_request),
    )


def _confirm_page(
    request: HttpRequest, agency_request: Any, form: Any, *, title: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "chronologies/form_page.html",
        {
            "agency_request": agency_request,
            "review": agency_request.review,
            "case": agency_request.review.case,
            "form": form,
            "title": title,
            "back_url": agency_request.get_absolute_url(),
            "today": timezone.localdate(),
            **extra,
        },
    )
