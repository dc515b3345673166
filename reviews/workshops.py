"""Learning workshops and practitioners (West Midlands §8.8–8.12, Documents 15–17; the other seeds'
practitioner events): the workshop, who is invited from each agency, the invitation with its briefing note
and agenda as PDFs, attendance, conversations with key practitioners and the practitioner feedback event.

Recording the reflective learning workshop as held moves the review (reviews.workflow.record_workshop_held);
the feedback event does not. Document 16: comments made on the day "will not be attributable to
individuals", so the learning notes are kept without names.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from cspr import audit
from cspr.documents import document_template_for, render_pdf
from cspr.frameworks import DocumentTemplate
from cspr.models import Agency
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from reviews.models import PractitionerConversation, Review, Workshop, WorkshopDispatch, WorkshopInvitee

Kind = Workshop.Kind
WState = Workshop.State

# Used when a procedure's set has no template of its own for a workshop document (Lewisham names only the
# invitation, Northamptonshire only the practitioner event guidance).
DEFAULT_TITLES = {
    "workshop_invitation": "Invitation to the reflective learning workshop",
    "workshop_briefing": "About the reflective learning workshop",
    "workshop_agenda": "Agenda for the reflective learning workshop",
}
DOCUMENT_KEYS = list(DEFAULT_TITLES)

REVIEW_CLOSED = "Workshops cannot be changed now: the review is {state}."
WORKSHOP_CLOSED = "This workshop is {state}: it cannot be changed now."
NOBODY_INVITED = "Add the practitioners to invite before sending the invitations."
ALREADY_INVITED = "{email} is already on the invitation list."
NOT_HELD_YET = "The workshop cannot be recorded as held before it starts ({when})."
NO_SUMMARY = "Say what the practitioner contributed."
OPEN_STATES = {WState.PLANNED, WState.INVITATIONS_SENT}
CLOSED_REVIEW = {Review.State.APPROVED, Review.State.HANDED_TO_PUBLICATION, Review.State.STOPPED}


def _record(review: Review, code: str, by: AbstractBaseUser | None, **kwargs: Any) -> None:
    audit.record(case=review.case, code=code, by=by, stage=Stage.REVIEW, **kwargs)


def _open_review(review: Review) -> Review:
    locked = Review.unscoped.select_for_update().get(pk=review.pk)
    if locked.state in CLOSED_REVIEW:
        raise TransitionRefused(REVIEW_CLOSED.format(state=locked.get_state_display().lower()))
    return locked


def _open_workshop(workshop: Workshop) -> Workshop:
    locked = Workshop.unscoped.select_for_update().get(pk=workshop.pk)
    if locked.state not in OPEN_STATES:
        raise TransitionRefused(WORKSHOP_CLOSED.format(state=locked.get_state_display().lower()))
    return locked


def plan_workshop(*, review: Review, by: AbstractBaseUser, **fields: Any) -> Workshop:
    """Plan a reflective learning workshop or the practitioner feedback event."""
    with transaction.atomic():
        locked = _open_review(review)
        workshop = Workshop(partnership=locked.partnership, review=locked, created_by=by, **fields)
        workshop._history_user = by  # type: ignore[attr-defined]
        workshop.save()
        _record(locked, "workshop.planned", by, subject=str(workshop), subject_id=workshop.public_id)
    return workshop


def change_workshop(*, workshop: Workshop, by: AbstractBaseUser, **fields: Any) -> Workshop:
    """Change the date, venue or contact; invitations already sent are kept as they went."""
    with transaction.atomic():
        locked = _open_workshop(workshop)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save()
        _record(locked.review, "workshop.changed", by, subject=str(locked), subject_id=locked.public_id)
    return locked


def add_invitee(
    *, workshop: Workshop, by: AbstractBaseUser, agency: Agency, name: str, job_title: str, email: str
) -> WorkshopInvitee:
    """Add a practitioner or manager from an agency to the invitation list."""
    with transaction.atomic():
        locked = _open_workshop(workshop)
        if WorkshopInvitee.unscoped.filter(workshop=locked, email__iexact=email.strip()).exists():
            raise TransitionRefused(ALREADY_INVITED.format(email=email.strip()))
        try:
            with transaction.atomic():
                invitee = WorkshopInvitee.unscoped.create(
                    partnership=locked.partnership,
                    workshop=locked,
                    agency=agency,
                    name=name.strip(),
                    job_title=job_title.strip(),
                    email=email.strip(),
                )
        except IntegrityError as exc:
            raise TransitionRefused(ALREADY_INVITED.format(email=email.strip())) from exc
    return invitee


def remove_invitee(*, invitee: WorkshopInvitee, by: AbstractBaseUser) -> None:
    with transaction.atomic():
        _open_workshop(invitee.workshop)
        if invitee.invited_at is not None:
            raise TransitionRefused(
                "This practitioner has been sent an invitation: record them as not attending."
            )
        invitee.delete()


# --- Documents 15–17 ------------------------------------------------------------------------------------


def document_for(workshop: Workshop, key: str) -> DocumentTemplate:
    return workshop.partnership.framework.document(key) or DocumentTemplate(key, DEFAULT_TITLES[key])


def workshop_pdf(workshop: Workshop, key: str) -> tuple[str, bytes]:
    """One of the workshop's documents as a PDF (filename, bytes): invitation, briefing note or agenda."""
    if key not in DEFAULT_TITLES:
        raise LookupError(f"No workshop document {key!r}")
    partnership = workshop.partnership
    document = document_for(workshop, key)
    review = workshop.review
    case = review.case
    starts = timezone.localtime(workshop.starts_at)
    context = {
        "workshop": workshop,
        "review": review,
        "case": case,
        "starts": starts,
        "lead_reviewer": _lead_reviewer_name(review),
        "lines_of_enquiry": _lines_of_enquiry(review),
        "letter_date": timezone.localdate(),
        "invitees_by_agency": invitees_by_agency(workshop),
    }
    template = (
        document_template_for(partnership.framework, key)
        if partnership.framework.document(key)
        else f"documents/{key}.html"
    )
    pdf = render_pdf(
        template=template,
        context=context,
        partnership=partnership,
        title=document.title,
        document_number=document.number,
        reference=case.reference,
    )
    return f"{case.reference}-{key.replace('_', '-')}.pdf", pdf


def _lead_reviewer_name(review: Review) -> str:
    from reviews.models import ReviewerAppointment

    lead = (
        ReviewerAppointment.unscoped.filter(review=review, ended_at=None)
        .order_by("role", "appointed_at")
        .select_related("user")
        .first()
    )
    return lead.name if lead else ""


def _lines_of_enquiry(review: Review) -> list[str]:
    from reviews.models import TermsOfReference

    terms = (
        TermsOfReference.unscoped.filter(review=review, approved_at__isnull=False).order_by("-number").first()
    )
    return terms.lines_of_enquiry() if terms else []


def invitees_by_agency(workshop: Workshop) -> list[tuple[Agency, list[WorkshopInvitee]]]:
    """The invitation list grouped by agency (the attendee list per agency)."""
    groups: dict[int, tuple[Agency, list[WorkshopInvitee]]] = {}
    for invitee in WorkshopInvitee.unscoped.filter(workshop=workshop).select_related("agency"):
        groups.setdefault(invitee.agency_id, (invitee.agency, []))[1].append(invitee)
    return sorted(groups.values(), key=lambda g: g[0].name)


def send_invitations(*, workshop: Workshop, by: AbstractBaseUser) -> WorkshopDispatch:
    """Send the invitation (Document 15) with the briefing note (16) and agenda (17) to everyone on the list
    not yet invited; the PDFs are kept with the case, and the emails leave through the outbox."""
    with transaction.atomic():
        locked = _open_workshop(workshop)
        pending = list(
            WorkshopInvitee.unscoped.filter(workshop=locked, invited_at=None).select_related("agency")
        )
        if not pending:
            raise TransitionRefused(NOBODY_INVITED)
        stored = []
        for key in DOCUMENT_KEYS:
            name, pdf = workshop_pdf(locked, key)
            path = default_storage.save(
                f"private/workshops/{locked.partnership_id}/{uuid.uuid4().hex}.pdf", ContentFile(pdf)
            )
            stored.append({"path": path, "name": name, "key": key})
        now = timezone.now()
        case = locked.review.case
        dispatch = WorkshopDispatch.unscoped.create(
            partnership=locked.partnership,
            workshop=locked,
            to=[i.email for i in pending],
            subject=f"{document_for(locked, 'workshop_invitation').title}: {timezone.localtime(locked.starts_at):%-d %B %Y}",
            body=f"Invitation to the {locked.get_kind_display().lower()} of review {case.reference}.",
            documents=stored,
            created_by=by,
        )
        WorkshopInvitee.unscoped.filter(pk__in=[i.pk for i in pending]).update(invited_at=now)
        if locked.state == WState.PLANNED:
            locked.state, locked.invitations_sent_at = WState.INVITATIONS_SENT, now
            locked._history_user = by  # type: ignore[attr-defined]
            locked.save(update_fields=["state", "invitations_sent_at"])
        _record(
            locked.review,
            "workshop.invitations_sent",
            by,
            subject=str(locked),
            subject_id=dispatch.public_id,
            data={"to": len(pending), "documents": [d["name"] for d in stored]},
            needs_processing=True,  # reviews.notifications sends the emails with the PDFs
        )
    return dispatch


def record_attendance(*, workshop: Workshop, by: AbstractBaseUser, attendance: Mapping[Any, str]) -> int:
    """Who came: attended, sent apologies or did not attend (keyed by the invitee's public id)."""
    valid = set(WorkshopInvitee.Attendance.values)
    with transaction.atomic():
        locked = Workshop.unscoped.select_for_update().get(pk=workshop.pk)
        if locked.state == WState.CANCELLED:
            raise TransitionRefused(WORKSHOP_CLOSED.format(state=locked.get_state_display().lower()))
        changed = 0
        for invitee in WorkshopInvitee.unscoped.filter(workshop=locked):
            value = attendance.get(invitee.public_id)
            if value in valid and value != invitee.attendance:
                invitee.attendance = value
                invitee.save(update_fields=["attendance"])
                changed += 1
        _record(
            locked.review, "workshop.attendance_recorded", by, subject=str(locked), data={"changed": changed}
        )
    return changed


def record_held(*, workshop: Workshop, by: AbstractBaseUser, learning_notes: str = "") -> Workshop:
    """The workshop or feedback event took place; a reflective learning workshop moves the review on."""
    from reviews import workflow

    now = timezone.now()
    if workshop.starts_at > now:
        raise TransitionRefused(
            NOT_HELD_YET.format(when=f"{timezone.localtime(workshop.starts_at):%-d %B %Y, %H:%M}")
        )
    with transaction.atomic():
        locked = _open_workshop(workshop)
        locked.state, locked.held_at, locked.learning_notes = WState.HELD, now, learning_notes.strip()
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save(update_fields=["state", "held_at", "learning_notes"])
        _record(locked.review, "workshop.held", by, subject=str(locked), subject_id=locked.public_id)
        review = Review.unscoped.select_for_update().get(pk=locked.review_id)
        if locked.kind == Kind.LEARNING_WORKSHOP and review.state == Review.State.ANALYSIS:
            workflow.record_workshop_held(
                review=review, by=by, held_on=timezone.localtime(locked.starts_at).date()
            )
    return locked


def record_conversation(
    *,
    review: Review,
    by: AbstractBaseUser,
    agency: Agency,
    practitioner: str,
    job_title: str,
    held_on: date,
    reason: str,
    summary: str,
) -> PractitionerConversation:
    """A conversation with a key practitioner who could not attend, or before the workshop (§8.11)."""
    if not summary.strip():
        raise TransitionRefused(NO_SUMMARY)
    with transaction.atomic():
        locked = _open_review(review)
        conversation = PractitionerConversation.unscoped.create(
            partnership=locked.partnership,
            review=locked,
            agency=agency,
            practitioner=practitioner.strip(),
            job_title=job_title.strip(),
            held_on=held_on,
            reason=reason,
            summary=summary.strip(),
            recorded_by=by,
        )
        _record(locked, "workshop.conversation_recorded", by, subject=f"{job_title.strip()}, {agency.name}")
    return conversation


def on_invitations_sent(*, event: Any) -> None:
    """Outbox handler: email each invitee the invitation, briefing note and agenda stored when they were sent.

    A retry after a failure sends nothing twice: the dispatch is marked sent once every email has gone.
    """
    from cspr import notifications

    dispatch = WorkshopDispatch.objects.select_related("workshop__review__case").get(
        public_id=event.subject_id
    )
    if dispatch.sent_at is not None:
        return
    attachments = []
    for document in dispatch.documents:
        with default_storage.open(document["path"], "rb") as stored:
            attachments.append((document["name"], stored.read(), "application/pdf"))
    workshop = dispatch.workshop
    for address in dispatch.to:
        notifications.send_email(
            to=[address],
            subject=dispatch.subject,
            template="reviews/workshops/email/invitation",
            context={"workshop": workshop, "case": workshop.review.case, "partnership": workshop.partnership},
            attachments=attachments,
            reply_to=[workshop.partnership.mailbox],
        )
    WorkshopDispatch.unscoped.filter(pk=dispatch.pk, sent_at=None).update(sent_at=timezone.now())
