"""One action: its Document 19 row, its history and its evidence. The owner agency's contacts update it
here (progress with a RAG rating, evidence of impact, completion); the business office changes, closes,
reopens and re-audits it; the review group and the partners read it. Anyone else gets 404.

Every save carries the version the person opened: a save over someone else's newer one is refused and the
page shows both, with everything the person typed kept in the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from action_plans import permissions, portal, selectors, services, workflow
from action_plans.forms import EditActionForm, ProgressForm, ReasonForm, ReauditForm
from action_plans.models import Action, ActionEvidence, ActionPlan
from action_plans.views.base import act, posted
from cspr import audit
from cspr.access import has_perm, partnership_view
from cspr.workflow import TransitionRefused

AGENCY, OFFICE = "agency", "office"
UPDATE_SAVED = "Progress update saved"
ACTION_COMPLETED = "Action marked as completed"
ACTION_CHANGED = "Action changed"
ACTION_CLOSED = "Action closed"
ACTION_REOPENED = "Action reopened"
REAUDIT_RECORDED = "Re-audit recorded"
EVIDENCE_ADDED = "Evidence attached: {name}"
NEEDS_UPDATE = "Choose a RAG rating and say what has been done, or attach a file"


def _action(request: HttpRequest, action_id: Any) -> tuple[Action, str]:
    """The action in this partnership and how the user may see it; 404 for anyone without access."""
    action = get_object_or_404(portal.actions_in(request.partnership), public_id=action_id)
    visible_to_agency = action.plan.state in portal.VISIBLE_PLAN_STATES
    if visible_to_agency and permissions.can_update(request.user, action, request.memberships):
        return action, AGENCY
    if has_perm(request, "action_plan.view"):
        return action, OFFICE
    raise Http404("No such action")


def _context(request: HttpRequest, action: Action, access: str, **extra: Any) -> dict[str, Any]:
    plan = action.plan
    can_manage = access == OFFICE and has_perm(request, "action_plan.manage")
    monitoring = plan.state == ActionPlan.State.MONITORING
    return {
        "action": action,
        "plan": plan,
        "case": plan.case,
        "access": access,
        "history": selectors.history(action),
        "evidence": list(action.evidence.select_related("uploaded_by")),
        "can_update": monitoring and not action.is_finished and (access == AGENCY or can_manage),
        "can_edit": can_manage and plan.state != ActionPlan.State.CLOSED and not action.is_finished,
        "can_close": can_manage and monitoring and not action.is_finished,
        "can_reopen": can_manage and monitoring and action.is_finished,
        "can_reaudit": can_manage and action.state == Action.State.COMPLETED,
        "back_url": reverse("portal:actions") if access == AGENCY else plan.get_absolute_url(),
        **extra,
    }


@partnership_view()
def action_page(request: HttpRequest, partnership_slug: str, action_id: Any) -> HttpResponse:
    """The action; its owner agency (or the office) records progress and completes it here."""
    action, access = _action(request, action_id)
    context = _context(request, action, access)
    if request.method not in {"GET", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST" and not context["can_update"]:
        raise Http404("No such action")
    form = ProgressForm(request.POST.copy(), request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid():
        done = _update(request, action, form)
        if done is not None:
            return done
    if form is None:
        form = ProgressForm(initial={"version": action.version, "impact_evidence": action.impact_evidence})
    return render(request, "action_plans/action.html", {**context, "form": form})


def _update(request: HttpRequest, action: Action, form: ProgressForm) -> HttpResponse | None:
    """Save the update (or completion), then the file; None re-renders the form with what was typed."""
    data = form.cleaned_data
    upload = data.get("evidence_file")
    completing = request.POST.get("action") == "complete"
    try:
        if completing:
            saved = workflow.complete_action(
                action=action,
                by=request.user,
                version=data["version"],
                impact_evidence=data["impact_evidence"],
                text=data["text"],
            )
        elif data["rag"] or data["text"]:
            saved = workflow.record_progress(
                action=action,
                by=request.user,
                version=data["version"],
                rag=data["rag"],
                text=data["text"],
                impact_evidence=data["impact_evidence"],
            )
        elif upload:
            saved = action
        else:
            form.add_error(None, NEEDS_UPDATE)
            return None
        if upload:
            added = services.attach_evidence(action=saved, by=request.user, upload=upload)
            messages.success(request, EVIDENCE_ADDED.format(name=added.original_name))
    except workflow.StaleEdit as stale:
        form.add_error(None, str(stale))
        form.data["version"] = str(stale.current.version)  # saving again now is a conscious overwrite
        form.theirs = stale.current  # type: ignore[attr-defined]
        return None
    except TransitionRefused as exc:
        form.add_error(None, str(exc))
        return None
    except ValidationError as exc:
        form.add_error("evidence_file", exc)
        return None
    messages.success(request, ACTION_COMPLETED if completing else UPDATE_SAVED)
    return redirect(request.path)


@partnership_view(perm="action_plan.manage")
def edit(request: HttpRequest, partnership_slug: str, action_id: Any) -> HttpResponse:
    """Change the action's details: what, owner, lead, measure, target date, theme."""
    action = get_object_or_404(portal.actions_in(request.partnership), public_id=action_id)
    initial = {
        **{name: getattr(action, name) for name in workflow.ACTION_FIELDS},
        "owner_agency": action.owner_agency.public_id,
        "version": action.version,
    }
    form = EditActionForm(posted(request), plan=action.plan, with_recommendation=False, initial=initial)
    if form.is_valid():
        try:
            workflow.change_action(
                action=action, by=request.user, version=form.cleaned_data["version"], **form.action_fields()
            )
        except workflow.StaleEdit as stale:
            form.add_error(None, str(stale))
            form.data = form.data.copy()
            form.data["version"] = str(stale.current.version)
            form.theirs = stale.current  # type: ignore[attr-defined]
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, ACTION_CHANGED)
            return redirect(action)
    return render(
        request,
        "action_plans/form_page.html",
        {
            **_context(request, action, OFFICE),
            "form": form,
            "title": "Change the action",
            "back_url": action.get_absolute_url(),
        },
    )


def _reason_page(
    request: HttpRequest,
    action_id: Any,
    *,
    title: str,
    label: str,
    submit: str,
    error: str,
    run: Any,
    done: str,
) -> HttpResponse:
    action = get_object_or_404(portal.actions_in(request.partnership), public_id=action_id)
    form = ReasonForm(posted(request), label=label, submit_label=submit, error=error)
    if act(
        request,
        form,
        lambda: run(action=action, by=request.user, reason=form.cleaned_data["reason"]),
        done=done,
    ):
        return redirect(action)
    return render(
        request,
        "action_plans/form_page.html",
        {
            **_context(request, action, OFFICE),
            "form": form,
            "title": title,
            "back_url": action.get_absolute_url(),
        },
    )


@partnership_view(perm="action_plan.manage")
def close(request: HttpRequest, partnership_slug: str, action_id: Any) -> HttpResponse:
    """Formally close an action that will not be completed, with the reason."""
    return _reason_page(
        request,
        action_id,
        title="Close the action without completing it",
        label="Why is the action being closed?",
        submit="Close the action",
        error="Give the reason the action is being closed",
        run=workflow.close_action,
        done=ACTION_CLOSED,
    )


@partnership_view(perm="action_plan.manage")
def reopen(request: HttpRequest, partnership_slug: str, action_id: Any) -> HttpResponse:
    """Send a finished action back to its owner (the evidence is wanting, or a re-audit found it not sustained)."""
    return _reason_page(
        request,
        action_id,
        title="Reopen the action",
        label="Why is the action being reopened?",
        submit="Reopen the action",
        error="Give the reason the action is being reopened",
        run=workflow.reopen_action,
        done=ACTION_REOPENED,
    )


@partnership_view(perm="action_plan.manage")
def reaudit(request: HttpRequest, partnership_slug: str, action_id: Any) -> HttpResponse:
    """Record a re-audit of a completed action and when the next one is due."""
    action = get_object_or_404(portal.actions_in(request.partnership), public_id=action_id)
    form = ReauditForm(posted(request))
    if act(
        request,
        form,
        lambda: workflow.record_reaudit(action=action, by=request.user, **form.cleaned_data),
        done=REAUDIT_RECORDED,
    ):
        return redirect(action)
    return render(
        request,
        "action_plans/form_page.html",
        {
            **_context(request, action, OFFICE),
            "form": form,
            "title": "Record a re-audit",
            "back_url": action.get_absolute_url(),
        },
    )


@partnership_view()
def evidence(request: HttpRequest, partnership_slug: str, evidence_id: Any) -> HttpResponse:
    """Download a file of evidence: the owner agency's contacts, or the partnership's plan readers."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    found = get_object_or_404(
        ActionEvidence.objects.filter(partnership=request.partnership).select_related("action__plan__case"),
        public_id=evidence_id,
    )
    action = found.action
    agency_may = action.plan.state in portal.VISIBLE_PLAN_STATES and permissions.can_update(
        request.user, action, request.memberships
    )
    if not (agency_may or has_perm(request, "action_plan.view")):
        raise Http404("No such file")
    if not default_storage.exists(found.file.name):
        raise Http404("The file is missing")
    audit.log_access(case=action.plan.case, user=request.user, path=request.path)
    response = FileResponse(
        default_storage.open(found.file.name, "rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
