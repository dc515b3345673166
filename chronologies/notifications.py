"""Emails of agency information, sent by the outbox (cspr.tasks.process_outbox) after the transition commits.

Each handler takes the `CaseEvent` its transition wrote and runs inside the partnership's scope. The request
letter records whom it went to (`letter_sent_to`), so a retried sweep does not send it twice.
"""

from __future__ import annotations

from django.utils import timezone

from chronologies import documents
from chronologies.models import AgencyRequest
from cspr import notifications
from cspr.models import CaseEvent
from rapid_review.permissions import agency_contacts

PDF = "application/pdf"


def _request(event: CaseEvent) -> AgencyRequest:
    return AgencyRequest.objects.select_related("agency", "review__case", "partnership__framework").get(
        public_id=event.subject_id
    )


def _agency_addresses(request: AgencyRequest) -> list[str]:
    addresses = [request.agency.email, *(u.email for u in agency_contacts(request.agency))]
    return list(dict.fromkeys(a for a in addresses if a))


def on_request_sent(*, event: CaseEvent) -> None:
    """Email the agency the letter, the guidance and the template, with a link to answer online."""
    request = _request(event)
    if request.state == AgencyRequest.State.WITHDRAWN or request.letter_sent_to:
        return
    to = _agency_addresses(request)
    if not to:
        return
    reference = request.review.case.reference
    notifications.send_email(
        to=to,
        subject=f"Review {reference}: request for your agency's {request.get_kind_display().lower()}",
        template="chronologies/email/request_sent",
        context={
            "request": request,
            "agency": request.agency,
            "partnership": request.partnership,
            "reference": reference,
            "portal_url": documents.portal_url(request),
            **documents.return_due(request),
        },
        attachments=[(name, pdf, PDF) for name, pdf in documents.request_documents(request)],
        reply_to=[request.partnership.mailbox],
    )
    AgencyRequest.objects.filter(pk=request.pk).update(
        letter_sent_to=[{"to": to, "at": timezone.now().isoformat()}]
    )


def on_submitted(*, event: CaseEvent) -> None:
    """Tell the business office a submission is waiting for quality assurance."""
    request = _request(event)
    notifications.send_email(
        to=[request.partnership.mailbox],
        subject=f"Review {request.review.case.reference}: {request.subject} submitted",
        template="chronologies/email/submitted",
        context={"request": request, "partnership": request.partnership, "event": event},
    )


def on_returned(*, event: CaseEvent) -> None:
    """Tell the agency its submission was sent back, with the review team's comments."""
    request = _request(event)
    to = _agency_addresses(request)
    if not to:
        return
    notifications.send_email(
        to=to,
        subject=f"Review {request.review.case.reference}: changes needed to your {request.get_kind_display().lower()}",
        template="chronologies/email/returned",
        context={
            "request": request,
            "partnership": request.partnership,
            "comments": event.reason,
            "portal_url": documents.portal_url(request),
        },
        reply_to=[request.partnership.mailbox],
    )
