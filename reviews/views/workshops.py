"""Learning workshops, the practitioner feedback event and conversations with key practitioners.

The business office and the appointed reviewers plan them (perm `review.conduct`, reviewers only on their
own reviews); everyone who may read the review sees them. The invitation, briefing note and agenda are
rendered as PDFs from the case data on request, and stored with the case when the invitations go out.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cspr import audit
from cspr.access import has_perm, partnership_view
from cspr.forms import today_default
from cspr.models import Agency
from cspr.workflow import TransitionRefused
from reviews import report_forms as forms
from reviews import workshops as services
from reviews.models import PractitionerConversation, Review, Workshop, WorkshopInvitee
from reviews.selectors import reviews_for

PLANNED = "{kind} planned"
CHANGED = "Workshop details saved"
INVITEE_ADDED = "{name} added to the invitation list"
INVITATIONS_SENT = "Invitations sent to {count} people"
ATTENDANCE_SAVED = "Attendance saved"
HELD = "{kind} recorded as held"
CONVERSATION_RECORDED = "Conversation recorded"


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _review(request: HttpRequest, review_id: Any) -> Review:
    visible = reviews_for(partnership=request.partnership, user=request.user, memberships=request.memberships)
    return get_object_or_404(visible, public_id=review_id)


def _workshop(request: HttpRequest, review_id: Any, workshop_id: Any) -> Workshop:
    review = _review(request, review_id)
    return get_object_or_404(
        Workshop.objects.filter(review=review).select_related("review__case"), public_id=workshop_id
    )


def _url(name: str, review: Review, **kwargs: Any) -> str:
    return reverse(
        f"reviews:{name}",
        kwargs={"partnership_slug": review.partnership.slug, "review_id": review.public_id, **kwargs},
    )


def _workshop_url(workshop: Workshop, name: str = "workshop") -> str:
    return _url(name, workshop.review, workshop_id=workshop.public_id)


def _form_page(
    request: HttpRequest, review: Review, form: Any, *, title: str, back: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "reviews/workshops/form_page.html",
        {"review": review, "case": review.case, "form": form, "title": title, "back_url": back, **extra},
    )


def _act(request: HttpRequest, form: Any, act: Any, done: str | None) -> bool:
    if not form.is_valid():
        return False
    try:
        act()
    except TransitionRefused as exc:
        form.add_error(None, str(exc))
        return False
    if done:
        messages.success(request, done)
    return True


@partnership_view(perm="review.view")
def workshops(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """The review's workshops and events, and the conversations with key practitioners."""
    review = _review(request, review_id)
    return render(
        request,
        "reviews/workshops/list.html",
        {
            "review": review,
            "case": review.case,
            "workshops": list(Workshop.objects.filter(review=review)),
            "conversations": list(
                PractitionerConversation.objects.filter(review=review).select_related("agency")
            ),
            "can_manage": has_perm(request, "review.conduct"),
            "back_url": review.get_absolute_url(),
        },
    )


@partnership_view(perm="review.conduct")
def workshop_new(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    form = forms.WorkshopForm(
        _posted(request),
        initial={"kind": Workshop.Kind.LEARNING_WORKSHOP, "starts": "09:45", "ends": "13:00"},
    )
    holder: dict[str, Workshop] = {}

    def act() -> None:
        holder["w"] = services.plan_workshop(review=review, by=request.user, **form.workshop_fields())

    if _act(request, form, act, None):
        workshop = holder["w"]
        messages.success(request, PLANNED.format(kind=workshop.get_kind_display()))
        return redirect(_workshop_url(workshop))
    return _form_page(request, review, form, title="Plan a workshop or event", back=_url("workshops", review))


@partnership_view(perm="review.view")
def workshop(request: HttpRequest, partnership_slug: str, review_id: Any, workshop_id: Any) -> HttpResponse:
    """One workshop: when and where, the invitation list by agency, attendance and the documents."""
    found = _workshop(request, review_id, workshop_id)
    return render(
        request,
        "reviews/workshops/detail.html",
        {
            "review": found.review,
            "case": found.review.case,
            "workshop": found,
            "groups": services.invitees_by_agency(found),
            "dispatches": list(found.dispatches.all()),
            "documents": [(k, services.document_for(found, k)) for k in services.DOCUMENT_KEYS],
            "can_manage": has_perm(request, "review.conduct"),
            "is_open": found.state in services.OPEN_STATES,
            "back_url": _url("workshops", found.review),
        },
    )


@partnership_view(perm="review.conduct")
def workshop_edit(
    request: HttpRequest, partnership_slug: str, review_id: Any, workshop_id: Any
) -> HttpResponse:
    found = _workshop(request, review_id, workshop_id)
    form = forms.WorkshopForm(_posted(request), initial=forms.WorkshopForm.initial_for(found))
    if _act(
        request,
        form,
        lambda: services.change_workshop(workshop=found, by=request.user, **form.workshop_fields()),
        CHANGED,
    ):
        return redirect(_workshop_url(found))
    return _form_page(request, found.review, form, title="Change the workshop", back=_workshop_url(found))


@partnership_view(perm="review.conduct")
def invitee_add(
    request: HttpRequest, partnership_slug: str, review_id: Any, workshop_id: Any
) -> HttpResponse:
    found = _workshop(request, review_id, workshop_id)
    form = forms.InviteeForm(
        _posted(request), agencies=Agency.objects.filter(partnership=request.partnership)
    )
    if _act(
        request,
        form,
        lambda: services.add_invitee(workshop=found, by=request.user, **form.cleaned_data),
        INVITEE_ADDED.format(name=form.data.get("name", "")),
    ):
        return redirect(_workshop_url(found))
    return _form_page(request, found.review, form, title="Invite a practitioner", back=_workshop_url(found))


@partnership_view(perm="review.conduct")
def send_invitations(
    request: HttpRequest, partnership_slug: str, review_id: Any, workshop_id: Any
) -> HttpResponse:
    found = _workshop(request, review_id, workshop_id)
    pending = list(WorkshopInvitee.objects.filter(workshop=found, invited_at=None).select_related("agency"))
    form = forms.ConfirmForm(_posted(request), submit_label="Send the invitations")
    if request.method == "POST" and _act(
        request,
        form,
        lambda: services.send_invitations(workshop=found, by=request.user),
        INVITATIONS_SENT.format(count=len(pending)),
    ):
        return redirect(_workshop_url(found))
    return _form_page(
        request,
        found.review,
        form,
        title="Send the invitations",
        back=_workshop_url(found),
        pending=pending,
        documents=[services.document_for(found, k) for k in services.DOCUMENT_KEYS],
    )


@partnership_view(perm="review.conduct")
def attendance(request: HttpRequest, partnership_slug: str, review_id: Any, workshop_id: Any) -> HttpResponse:
    found = _workshop(request, review_id, workshop_id)
    invitees = list(WorkshopInvitee.objects.filter(workshop=found).select_related("agency"))
    form = forms.AttendanceForm(_posted(request), invitees=invitees)
    if _act(
        request,
        form,
        lambda: services.record_attendance(workshop=found, by=request.user, attendance=form.attendance()),
        ATTENDANCE_SAVED,
    ):
        return redirect(_workshop_url(found))
    return _form_page(request, found.review, form, title="Who attended?", back=_workshop_url(found))


@partnership_view(perm="review.conduct")
def held(request: HttpRequest, partnership_slug: str, review_id: Any, workshop_id: Any) -> HttpResponse:
    found = _workshop(request, review_id, workshop_id)
    form = forms.HeldForm(_posted(request))
    if _act(
        request,
        form,
        lambda: services.record_held(
            workshop=found, by=request.user, learning_notes=form.cleaned_data["learning_notes"]
        ),
        HELD.format(kind=found.get_kind_display()),
    ):
        return redirect(_workshop_url(found))
    return _form_page(
        request,
        found.review,
        form,
        title=f"Record the {found.get_kind_display().lower()} as held",
        back=_workshop_url(found),
    )


def _pdf(request: HttpRequest, review_id: Any, workshop_id: Any, key: str) -> HttpResponse:
    found = _workshop(request, review_id, workshop_id)
    name, pdf = services.workshop_pdf(found, key)
    audit.log_access(case=found.review.case, user=request.user, path=request.path)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@partnership_view(perm="review.view")
def invitation_pdf(
    request: HttpRequest, partnership_slug: str, review_id: Any, workshop_id: Any
) -> HttpResponse:
    """Document 15, the invitation letter."""
    return _pdf(request, review_id, workshop_id, "workshop_invitation")


@partnership_view(perm="review.view")
def briefing_pdf(
    request: HttpRequest, partnership_slug: str, review_id: Any, workshop_id: Any
) -> HttpResponse:
    """Document 16, the briefing note on the role and purpose of the workshop."""
    return _pdf(request, review_id, workshop_id, "workshop_briefing")


@partnership_view(perm="review.view")
def agenda_pdf(request: HttpRequest, partnership_slug: str, review_id: Any, workshop_id: Any) -> HttpResponse:
    """Document 17, the agenda."""
    return _pdf(request, review_id, workshop_id, "workshop_agenda")


@partnership_view(perm="review.conduct")
def conversation_new(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    form = forms.ConversationForm(
        _posted(request), agencies=Agency.objects.filter(partnership=request.partnership)
    )
    today_default(form, "held_on")
    if _act(
        request,
        form,
        lambda: services.record_conversation(review=review, by=request.user, **form.cleaned_data),
        CONVERSATION_RECORDED,
    ):
        return redirect(_url("workshops", review))
    return _form_page(
        request,
        review,
        form,
        title="Record a conversation with a key practitioner",
        back=_url("workshops", review),
    )
