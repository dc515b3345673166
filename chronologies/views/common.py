"""Access shared by the agency information views: 404 for anyone who may not see the object."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch

from chronologies import permissions, selectors
from chronologies.models import AgencyRequest, Submission
from reviews.models import Review

AGENCY, OFFICE = "agency", "office"


def posted(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty, as on a confirmation page), else None (unbound)."""
    return request.POST if request.method == "POST" else None


def visible_reviews(request: HttpRequest) -> Any:
    return selectors.reviews_for(request.user, request.partnership, request.memberships)


def review_or_404(request: HttpRequest, review_id: Any) -> Review:
    return get_object_or_404(visible_reviews(request), public_id=review_id)


def agency_request_or_404(request: HttpRequest, agency_request_id: Any) -> tuple[AgencyRequest, str]:
    """The request and how the user sees it: its agency's contact, or a member of the review's team."""
    found = get_object_or_404(selectors.requests_in(request.partnership), public_id=agency_request_id)
    if found.state not in selectors.HIDDEN_FROM_AGENCY and permissions.can_respond(
        request.user, found, request.memberships
    ):
        return found, AGENCY
    if visible_reviews(request).filter(pk=found.review_id).exists():
        return found, OFFICE
    raise Http404("No such request")


def submission_or_404(request: HttpRequest, submission_id: Any) -> tuple[Submission, str]:
    submission = get_object_or_404(
        Submission.objects.filter(partnership=request.partnership).select_related("request"),
        public_id=submission_id,
    )
    _, access = agency_request_or_404(request, submission.request.public_id)
    return submission, access


def review_back_url(review: Review) -> str:
    """The review's own page once the reviews stage routes it, else the case."""
    try:
        return review.get_absolute_url()
    except NoReverseMatch:
        return review.case.get_absolute_url()
