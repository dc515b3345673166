"""The agency portal: an agency contact answers the scoping requests addressed to their agency.

One page per request holds the whole return (Document 2) in one form: "Save draft", "Submit return" and
"Attach file" all save what was typed first, so nothing typed is lost to a refused upload or submission.
A save over someone else's newer save shows both texts side by side instead of overwriting. After
submission the return is read-only for the agency; the business office can reopen it from the same page.
Autosave (static/js/autosave.js) posts the same form with `autosave=1`; the page works without it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from cspr import audit, page_cache
from cspr.access import has_perm, partnership_view
from cspr.forms import GDSForm
from cspr.workflow import TransitionRefused
from rapid_review import permissions, portal, reminders, uploads, workflow
from rapid_review.models import ScopingAttachment, ScopingRequest
from rapid_review.services import StaleEdit

__all__ = ["attachment", "home", "no_involvement", "reopen", "reminder_list", "request_page"]

DRAFT_SAVED = "Draft saved"
# Submitting or attaching saves the answers first: when that step is then refused, the page says the
# answers are safe, so nobody retypes them (tests/bad_input allows the changed row on this message).
DRAFT_KEPT = "Your answers were saved as a draft."
RETURN_SUBMITTED = "Return submitted. Thank you."
NO_INVOLVEMENT_CONFIRMED = "You have confirmed the child and family are not known to your agency"
RETURN_REOPENED = "Return reopened for the agency to change"
FILE_ATTACHED = "File attached: {name}"
AUTOSAVE_STALE = 'Someone else has saved this return since you opened it. Select "Save draft" to compare your changes with theirs.'
AUTOSAVE_INVALID = (
    'Your changes could not be saved automatically. Select "Save draft" to see what needs fixing.'
)

RELOAD = "Reload the page and try again: the form was missing the version of the return you opened"

AGENCY, OFFICE = "agency", "office"


def _model_field(name: str, **kwargs: Any) -> forms.Field:
    return ScopingRequest._meta.get_field(name).formfield(**kwargs)


class ReturnForm(GDSForm):
    """Document 2 as the agency completes it; rendered inside the page's own <form> (several buttons)."""

    completed_by_name = _model_field("completed_by_name")
    completed_by_title = _model_field("completed_by_title")
    completed_by_contact = _model_field("completed_by_contact")
    family_anomalies = _model_field("family_anomalies")
    involvement_summary = _model_field("involvement_summary")
    practice_analysis = _model_field("practice_analysis")
    working_together_concerns = _model_field("working_together_concerns")
    other_agencies_involved = _model_field("other_agencies_involved")
    further_information = _model_field("further_information")
    records_secured = _model_field("records_secured")
    version = forms.IntegerField(widget=forms.HiddenInput)
    attachment = forms.FileField(label="Attach a file", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False  # the page's own <form> holds the buttons and the file input
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*self.layout_fields())

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                Field.text("completed_by_name", field_width=20),
                Field.text("completed_by_title", field_width=20),
                Field.text("completed_by_contact", field_width=30),
                legend="Who is completing this return",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("family_anomalies", rows=4),
                legend="Section 1: the child's family",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("involvement_summary", rows=8),
                Field.textarea("practice_analysis", rows=6),
                Field.textarea("working_together_concerns", rows=5),
                Field.textarea("other_agencies_involved", rows=4),
                Field.textarea("further_information", rows=5),
                legend="Section 2: your agency's information and involvement",
                legend_size=Size.MEDIUM,
            ),
            Field.checkbox("records_secured"),
            Field("version"),
        ]

    def clean(self) -> dict[str, Any]:
        # The version travels in a hidden field; without it a save could overwrite someone else's.
        if "version" in self.errors:
            raise ValidationError(RELOAD)
        return super().clean()

    def return_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in portal.RETURN_FIELDS}


class ReopenForm(GDSForm):
    submit_label = "Reopen the return"

    reason = forms.CharField(
        label="Why is the return being reopened?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The agency sees this reason",
        error_messages={"required": "Say why the return is being reopened"},
    )

    def layout_fields(self) -> list[Any]:
        return [Field.textarea("reason", rows=4)]


class ConfirmForm(GDSForm):
    submit_label = "Confirm the child and family are not known to us"


# --- Access --------------------------------------------------------------------------------------------


def _scoping_request(request: HttpRequest, request_id: Any) -> tuple[ScopingRequest, str]:
    """The request in this partnership and how the user may see it; 404 for anyone without access."""
    scoping_request = get_object_or_404(portal.requests_in(request.partnership), public_id=request_id)
    if permissions.can_respond(request.user, scoping_request, request.memberships):
        return scoping_request, AGENCY
    if has_perm(request, "case.view"):
        return scoping_request, OFFICE
    raise Http404("No such request")


def _context(
    request: HttpRequest, scoping_request: ScopingRequest, access: str, **extra: Any
) -> dict[str, Any]:
    clock = portal.return_clock(scoping_request)
    show_family = access == AGENCY or has_perm(request, "case.view_identity")
    return {
        "scoping_request": scoping_request,
        "rapid_review": scoping_request.rapid_review,
        "case": scoping_request.rapid_review.case,
        "access": access,
        "clock": clock,
        "is_late": portal.is_late(scoping_request, clock),
        "state_colour": portal.STATE_COLOURS.get(scoping_request.state, "grey"),
        "attachments": portal.attachments(scoping_request),
        "can_reopen": access == OFFICE
        and has_perm(request, "rapid_review.manage")
        and scoping_request.state == ScopingRequest.State.SUBMITTED,
        "return_rows": _return_rows(scoping_request),
        "upload_limit": uploads.max_bytes(),
        "allowed_types": uploads.ALLOWED_DESCRIPTION,
        "back_url": reverse("portal:home")
        if access == AGENCY
        else scoping_request.rapid_review.get_absolute_url(),
        **(portal.family_composition(scoping_request) if show_family else {"child": None, "family": []}),
        **extra,
    }


def _return_rows(scoping_request: ScopingRequest) -> list[dict[str, Any]]:
    rows = []
    for name in portal.RETURN_FIELDS:
        value = getattr(scoping_request, name)
        rows.append(
            {
                "label": ScopingRequest._meta.get_field(name).verbose_name,
                "value": ("Yes" if value else "No") if isinstance(value, bool) else value,
            }
        )
    return rows


# --- The portal home (across partnerships) -------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The agency contact's outstanding and returned requests in every partnership they work with."""
    memberships = portal.agency_contact_memberships(request.user)
    part = page_cache.part(
        request,
        "agency_home",
        lambda now: _home_part(request, now),
        # What the person is granted decides the lists, so each person's home is kept for them alone.
        partnerships=[m.partnership for m in memberships],
        vary=(request.user.pk,),
    )
    return render(request, "rapid_review/portal/home.html", {"home": part.html})


def _home_part(request: HttpRequest, now: datetime) -> page_cache.Rendered:
    listing = portal.portal_home(request.user, now=now)
    # Later stages add their own lists (e.g. the agency's actions) through settings, not imports.
    sections = [import_string(path)(user=request.user) for path in settings.CSPR_PORTAL_SECTIONS]
    changes = [
        page_cache.next_change((row.clock.due_at for row in rows if row.clock), now)
        for rows in (listing.outstanding, listing.returned)
    ]
    changes += [_section_changes_at(section) for section in sections]
    context = {"listing": listing, "sections": sections}
    return page_cache.Rendered(
        html=page_cache.render_part(request, "rapid_review/portal/_home.html", context, now=now),
        # A return, chronology or report becomes overdue at its due time.
        changes_at=min((c for c in changes if c is not None), default=None),
    )


def _section_changes_at(section: Any) -> datetime | None:
    """When a portal section's content changes by the clock (its "changes_at", if it has one)."""
    if isinstance(section, dict):
        return section.get("changes_at")
    return getattr(section, "changes_at", None)


# --- One request -------------------------------------------------------------------------------------


@partnership_view()
def request_page(request: HttpRequest, partnership_slug: str, request_id: Any) -> HttpResponse:
    """The agency completes its return here; others with access see it read-only."""
    scoping_request, access = _scoping_request(request, request_id)
    if access == AGENCY and scoping_request.is_open_for_agency:
        return _edit_return(request, scoping_request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context = _context(request, scoping_request, access)
    if context["can_reopen"]:
        context["reopen_form"] = ReopenForm()
    return render(request, "rapid_review/portal/return_summary.html", context)


def _initial(scoping_request: ScopingRequest) -> dict[str, Any]:
    initial = {name: getattr(scoping_request, name) for name in portal.RETURN_FIELDS}
    initial["version"] = scoping_request.version
    return initial


def _edit_return(request: HttpRequest, scoping_request: ScopingRequest) -> HttpResponse:
    if request.method != "POST":
        form = ReturnForm(initial=_initial(scoping_request))
        return render(
            request, "rapid_review/portal/request.html", _context(request, scoping_request, AGENCY, form=form)
        )
    form = ReturnForm(request.POST.copy(), request.FILES)
    if request.POST.get("autosave"):
        return _autosave(request, scoping_request, form)
    action = request.POST.get("action", "save")
    if form.is_valid():
        try:
            saved = workflow.save_return_draft(
                request=scoping_request,
                by=request.user,
                fields=form.return_fields(),
                version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            return _conflict(request, scoping_request, stale.current, form)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            form.data["version"] = str(saved.version)  # the page now edits the version just saved
            done = _after_save(request, saved, form, action)
            if done is not None:
                return done
    return render(
        request, "rapid_review/portal/request.html", _context(request, scoping_request, AGENCY, form=form)
    )


def _after_save(
    request: HttpRequest, saved: ScopingRequest, form: ReturnForm, action: str
) -> HttpResponse | None:
    """Attach the file or submit once the text is safe; None re-renders the form with the refusal."""
    done = _attach_or_submit(request, saved, form, action)
    if done is None:
        messages.info(request, DRAFT_KEPT)
    return done


def _attach_or_submit(
    request: HttpRequest, saved: ScopingRequest, form: ReturnForm, action: str
) -> HttpResponse | None:
    if action == "upload":
        try:
            added = uploads.attach_file(
                request=saved, by=request.user, upload=request.FILES.get("attachment")
            )
        except ValidationError as exc:
            form.add_error("attachment", exc)
            return None
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
            return None
        messages.success(request, FILE_ATTACHED.format(name=added.original_name))
        return redirect(f"{request.path}#attachments")
    if action == "submit":
        try:
            workflow.submit_return(request=saved, by=request.user)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
            return None
        messages.success(request, RETURN_SUBMITTED)
        return redirect(request.path)
    messages.success(request, DRAFT_SAVED)
    return redirect(request.path)


def _autosave(request: HttpRequest, scoping_request: ScopingRequest, form: ReturnForm) -> JsonResponse:
    """The script's background save: JSON in place of a page, the same service and the same guard."""
    if not form.is_valid():
        return JsonResponse({"error": AUTOSAVE_INVALID}, status=400)
    try:
        saved = workflow.save_return_draft(
            request=scoping_request,
            by=request.user,
            fields=form.return_fields(),
            version=form.cleaned_data["version"],
        )
    except StaleEdit:
        return JsonResponse({"error": AUTOSAVE_STALE}, status=409)
    except TransitionRefused as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    return JsonResponse({"version": saved.version, "saved_at": f"{timezone.localtime():%H:%M}"})


def _conflict(
    request: HttpRequest, scoping_request: ScopingRequest, current: ScopingRequest, form: ReturnForm
) -> HttpResponse:
    """Someone saved first: show their text beside what this person typed, and let them save theirs."""
    mine = form.cleaned_data
    differences = [
        {
            "name": name,
            "label": form.fields[name].label,
            "theirs": getattr(current, name),
            "mine": mine.get(name),
            "is_text": not isinstance(form.fields[name], forms.BooleanField),
        }
        for name in portal.RETURN_FIELDS
        if mine.get(name) != getattr(current, name)
    ]
    resolved = ReturnForm(initial={**_initial(current), **form.return_fields(), "version": current.version})
    context = _context(
        request,
        scoping_request,
        AGENCY,
        form=resolved,
        differences=differences,
        changed_by=current.history.first().history_user if current.history.exists() else None,
    )
    return render(request, "rapid_review/portal/conflict.html", context, status=409)


@partnership_view()
def no_involvement(request: HttpRequest, partnership_slug: str, request_id: Any) -> HttpResponse:
    """Document 3: "If the child or family is not known to your organisation, please confirm this"."""
    scoping_request, access = _scoping_request(request, request_id)
    if access != AGENCY:
        raise Http404("No such request")
    if not scoping_request.is_open_for_agency:
        return redirect("rapid_review:request", partnership_slug=partnership_slug, request_id=request_id)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST":
        try:
            workflow.declare_no_involvement(request=scoping_request, by=request.user)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, NO_INVOLVEMENT_CONFIRMED)
            return redirect("rapid_review:request", partnership_slug=partnership_slug, request_id=request_id)
    return render(
        request,
        "rapid_review/portal/no_involvement.html",
        _context(request, scoping_request, access, form=form),
    )


@partnership_view(perm="rapid_review.manage")
def reopen(request: HttpRequest, partnership_slug: str, request_id: Any) -> HttpResponse:
    """The business office hands a submitted return back to the agency, with the reason."""
    scoping_request = get_object_or_404(portal.requests_in(request.partnership), public_id=request_id)
    form = ReopenForm(request.POST or None)
    if form.is_valid():
        try:
            workflow.reopen_return(
                request=scoping_request, by=request.user, reason=form.cleaned_data["reason"]
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, RETURN_REOPENED)
            return redirect("rapid_review:request", partnership_slug=partnership_slug, request_id=request_id)
    context = _context(request, scoping_request, OFFICE, form=form)
    return render(request, "rapid_review/portal/reopen.html", context)


# --- Attachments ---------------------------------------------------------------------------------------


@partnership_view()
def attachment(request: HttpRequest, partnership_slug: str, attachment_id: Any) -> HttpResponse:
    """Download an attached file: the request's own agency contact, or the partnership's case readers."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    found = get_object_or_404(
        ScopingAttachment.objects.filter(partnership=request.partnership).select_related(
            "request__rapid_review__case"
        ),
        public_id=attachment_id,
    )
    scoping_request = found.request
    if not (
        permissions.can_respond(request.user, scoping_request, request.memberships)
        or has_perm(request, "case.view")
    ):
        raise Http404("No such file")
    if not default_storage.exists(found.file.name):
        raise Http404("The file is missing")
    audit.log_access(case=scoping_request.rapid_review.case, user=request.user, path=request.path)
    response = FileResponse(
        default_storage.open(found.file.name, "rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The business office's reminders list --------------------------------------------------------------


@partnership_view(perm="rapid_review.manage")
def reminder_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """Outstanding returns: when each is due, the reminders sent and the escalations."""
    rows = reminders.reminder_rows(request.partnership)
    return render(request, "rapid_review/portal/reminders.html", {"rows": rows})
