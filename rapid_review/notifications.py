"""The rapid review's emails, sent by the outbox (cspr.tasks.process_outbox) after the transition commits.

Each handler takes the `CaseEvent` its transition wrote and runs inside the partnership's scope. A handler
that raises leaves the event for the next sweep, so each one first checks for the `Dispatch` rows an
earlier attempt already sent and sends only what is missing: a retry never emails anyone twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from cspr import notifications
from cspr.deadlines.projection import explain_date
from cspr.models import CaseEvent
from cspr.retention import delete_paths_on_commit
from rapid_review import documents, reminders
from rapid_review.models import Dispatch, RapidReview, ScopingRequest
from rapid_review.services import store_private

PDF = "application/pdf"
Kind = Dispatch.Kind


def on_request_sent(*, event: CaseEvent) -> None:
    """Email the agency its scoping request: the covering letter, the form and a link to the online return."""
    request = ScopingRequest.objects.select_related("agency", "rapid_review__case").get(
        public_id=event.subject_id
    )
    if request.state == ScopingRequest.State.WITHDRAWN:
        return
    rapid_review = request.rapid_review
    to = [request.agency.email]
    earlier = _earlier(rapid_review, Kind.SCOPING_REQUEST, event, to)
    if earlier and earlier.sent_at:
        return
    pdfs = [documents.scoping_letter_pdf(request), documents.scoping_request_pdf(request)]
    reference = rapid_review.case.reference
    _dispatch(
        rapid_review,
        event=event,
        earlier=earlier,
        kind=Kind.SCOPING_REQUEST,
        to=to,
        subject=f"Rapid review {reference}: request for initial scoping information",
        template="rapid_review/email/request_sent",
        context={
            "request": request,
            "agency": request.agency,
            "reference": reference,
            "portal_url": documents.portal_url(request),
            **documents.return_due(request),
        },
        pdfs=pdfs,
    )


def on_drafted(*, event: CaseEvent) -> None:
    """Send a message drafted on a page (the late notice, the composite for the subgroup) unless it went."""
    dispatch = Dispatch.objects.select_related("partnership").get(public_id=(event.data or {})["dispatch"])
    if dispatch.sent_at is not None:
        return
    partnership = dispatch.partnership
    notifications.send_email(
        to=dispatch.to,
        subject=dispatch.subject,
        template="rapid_review/email/drafted",
        context={"body": dispatch.body, "partnership": partnership},
        attachments=[(d["name"], _read(d["path"]), PDF) for d in dispatch.documents],
        reply_to=[partnership.mailbox],
    )
    dispatch.sent_at = timezone.now()
    dispatch.save(update_fields=["sent_at"])


def _read(path: str) -> bytes:
    with default_storage.open(path) as stored:
        return stored.read()


def on_submitted(*, event: CaseEvent) -> None:
    """Send the rapid review and covering letter to the National Panel, then tell the referrer and agencies."""
    rapid_review = RapidReview.objects.select_related("case", "partnership__framework").get(case=event.case)
    partnership = rapid_review.partnership
    reference = rapid_review.case.reference
    panel = [partnership.framework.recipient("national_panel")]
    earlier = _earlier(rapid_review, Kind.NATIONAL_PANEL_SUBMISSION, event, panel)
    if not (earlier and earlier.sent_at):
        review = documents.document_for(partnership, "rapid_review")
        _dispatch(
            rapid_review,
            event=event,
            earlier=earlier,
            kind=Kind.NATIONAL_PANEL_SUBMISSION,
            to=panel,
            subject=f"Rapid review {reference} from {partnership.name}",
            template="rapid_review/email/national_panel_submission",
            context={"rapid_review": rapid_review, "reference": reference, "review_title": review.title},
            pdfs=[
                documents.rapid_review_pdf(rapid_review),
                documents.national_panel_letter_pdf(rapid_review),
            ],
        )
    # The referrer and each agency asked for information hear the outcome (West Midlands §4.7.2), one
    # email each so no agency sees another's address.
    context = {
        "rapid_review": rapid_review,
        "reference": reference,
        "outcome": documents.outcome_label(rapid_review),
        "submitted_on": timezone.localtime(rapid_review.submitted_at).date()
        if rapid_review.submitted_at
        else None,
    }
    for address in _outcome_recipients(rapid_review):
        earlier = _earlier(rapid_review, Kind.OUTCOME, event, [address])
        if earlier and earlier.sent_at:
            continue
        _dispatch(
            rapid_review,
            event=event,
            earlier=earlier,
            kind=Kind.OUTCOME,
            to=[address],
            subject=f"Outcome of the rapid review {reference}",
            template="rapid_review/email/outcome",
            context=context,
        )


def on_reminder_due(*, event: CaseEvent) -> None:
    """Send the reminder or escalation the daily scan recorded (rapid_review.reminders), as decided then."""
    request = ScopingRequest.objects.select_related("agency", "rapid_review__case", "partnership").get(
        public_id=event.subject_id
    )
    data = event.data
    kind = data["kind"]
    context = {
        "request": request,
        "agency": request.agency,
        "partnership": request.partnership,
        "reference": request.rapid_review.case.reference,
        "kind": kind,
        "due_on": explain_date(date.fromisoformat(data["due"])),
        "explanation": data.get("explanation", ""),
        "working_days_overdue": data["working_days_overdue"],
        "portal_url": documents.portal_url(request),
    }
    notifications.send_email(
        to=data["to"],
        subject=reminders.subject_line(kind, context),
        template=reminders.TEMPLATES[kind],
        context=context,
        reply_to=[request.partnership.mailbox],
    )


def _outcome_recipients(rapid_review: RapidReview) -> list[str]:
    referral = documents.referral_for(rapid_review.case)
    addresses = [referral.referrer_email if referral else ""]
    requests = rapid_review.requests.select_related("agency").exclude(state=ScopingRequest.State.WITHDRAWN)
    addresses += [request.agency.email for request in requests]
    return list(dict.fromkeys(a for a in addresses if a))


def _earlier(rapid_review: RapidReview, kind: str, event: CaseEvent, to: Sequence[str]) -> Dispatch | None:
    """The dispatch an earlier run for this event made to `to`, sent or not (made since the event)."""
    since = Dispatch.objects.filter(rapid_review=rapid_review, kind=kind, created_at__gte=event.at)
    matching = sorted((d for d in since if set(to) <= set(d.to)), key=lambda d: d.sent_at is None)
    return matching[0] if matching else None


def _dispatch(
    rapid_review: RapidReview,
    *,
    event: CaseEvent,
    earlier: Dispatch | None,
    kind: str,
    to: list[str],
    subject: str,
    template: str,
    context: dict,
    pdfs: Sequence[tuple[str, bytes]] = (),
) -> Dispatch:
    """Store the PDFs, record the dispatch, send the email, then mark it sent.

    The row is written before the email goes, so a send that fails leaves an unsent row the retry reuses.
    """
    partnership = rapid_review.partnership
    context = {**context, "partnership": partnership}
    dispatch = earlier or Dispatch(
        partnership=partnership, rapid_review=rapid_review, kind=kind, created_by=event.by
    )
    dispatch.to, dispatch.subject = to, subject
    dispatch.body = render_to_string(f"{template}.txt", context)
    if earlier is not None:
        # A retry stores the PDFs afresh; the copies of the failed attempt would be named by no row, so
        # the case's eraser (rapid_review/retention.py) could never find them.
        delete_paths_on_commit(d.get("path") for d in earlier.documents)
    dispatch.documents = [{"name": name, "path": store_private(partnership, name, pdf)} for name, pdf in pdfs]
    dispatch.save()
    notifications.send_email(
        to=to,
        subject=subject,
        template=template,
        context=context,
        attachments=[(name, pdf, PDF) for name, pdf in pdfs],
        reply_to=[partnership.mailbox],
    )
    dispatch.sent_at = timezone.now()
    dispatch.save(update_fields=["sent_at"])
    return dispatch
