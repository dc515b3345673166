"""The business office's and the review group's pages of an action plan: the whole plan, its actions by
recommendation, agreeing it, sending it to agencies for monitoring, closing it, and Document 19 as a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from action_plans import documents, selectors, workflow
from action_plans.forms import ActionForm, AgreeForm, ConfirmForm, DraftPlanForm
from action_plans.models import ActionPlan
from action_plans.views.base import act, attachment, posted
from cspr.access import has_perm, partnership_view
from cspr.forms import today_default
from cspr.workflow import TransitionRefused
from reviews.models import Review

PLAN_STARTED = "Action plan started: add the actions answering each recommendation"
ACTION_ADDED = "Action added"
PLAN_AGREED = "Action plan recorded as agreed"
MONITORING_STARTED = "Action plan sent to the agencies: they can now update their actions"
PLAN_CLOSED = "Action plan closed"


def _plan(request: HttpRequest, plan_id: Any) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.filter(partnership=request.partnership).select_related("case", "review"),
        public_id=plan_id,
    )


def _page(request: HttpRequest, plan: ActionPlan, template: str, **context: Any) -> HttpResponse:
    return render(
        request,
        template,
        {
            "plan": plan,
            "case": plan.case,
            "state_colour": selectors.PLAN_COLOURS.get(plan.state, "grey"),
            "back_url": plan.get_absolute_url(),
            **context,
        },
    )


@partnership_view(perm="action_plan.view")
def plan_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """Every action plan of the partnership, and the reviews ready for one."""
    can_manage = has_perm(request, "action_plan.manage")
    context = {
        "plans": list(selectors.plans(request.partnership)),
        "ready": selectors.reviews_without_plan(request.partnership) if can_manage else [],
        "colours": selectors.PLAN_COLOURS,
        "can_manage": can_manage,
        "can_report": has_perm(request, "annual_report.view"),
        "can_brief": has_perm(request, "learning.manage"),
    }
    return render(request, "action_plans/plan_list.html", context)


@partnership_view(perm="action_plan.manage")
def start(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Draft the action plan of a review with recommendations."""
    review = get_object_or_404(
        Review.objects.filter(partnership=request.partnership).select_related("case"), public_id=review_id
    )
    existing = ActionPlan.objects.filter(review=review).first()
    if existing is not None:
        return redirect(existing)
    form = DraftPlanForm(posted(request))
    if act(
        request,
        form,
        lambda: workflow.draft_plan(
            review=review, by=request.user, monitored_by=form.cleaned_data["monitored_by"]
        ),
        done=PLAN_STARTED,
    ):
        return redirect(ActionPlan.objects.get(review=review))
    context = {
        "case": review.case,
        "form": form,
        "title": "Start the action plan",
        "description": "Each recommendation of the review becomes one or more actions, each with an owner "
        "agency, a named lead, a measure and a target date.",
        "recommendations": list(review.recommendations.order_by("number")),
        "back_url": reverse("action_plans:list", args=[partnership_slug]),
    }
    return render(request, "action_plans/start.html", context)


@partnership_view(perm="action_plan.view")
def detail(request: HttpRequest, partnership_slug: str, plan_id: Any) -> HttpResponse:
    """The whole plan: each recommendation with its actions, their owners, targets and status."""
    plan = _plan(request, plan_id)
    can_manage = has_perm(request, "action_plan.manage")
    return _page(
        request,
        plan,
        "action_plans/detail.html",
        rows=selectors.plan_rows(plan),
        can_manage=can_manage,
        can_agree=has_perm(request, "action_plan.agree") and plan.state == ActionPlan.State.DRAFTED,
        blockers=workflow.plan_blockers(plan) if plan.state == ActionPlan.State.MONITORING else [],
        unplanned=workflow.unplanned_recommendations(plan) if plan.state == ActionPlan.State.DRAFTED else [],
        document=documents.action_plan_document(plan),
        back_url=reverse("action_plans:list", args=[partnership_slug]),
    )


@partnership_view(perm="action_plan.manage")
def add_action(request: HttpRequest, partnership_slug: str, plan_id: Any) -> HttpResponse:
    """Add an action answering one recommendation (Document 19's row)."""
    plan = _plan(request, plan_id)
    initial = {"recommendation": request.GET.get("recommendation")} if request.method == "GET" else None
    form = ActionForm(posted(request), plan=plan, initial=initial)
    if form.is_valid():
        try:
            workflow.add_action(
                plan=plan,
                recommendation=form.cleaned_data["recommendation"],
                by=request.user,
                **form.action_fields(),
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, ACTION_ADDED)
            return redirect(plan)
    return _page(request, plan, "action_plans/form_page.html", form=form, title="Add an action")


@partnership_view(perm="action_plan.agree")
def agree(request: HttpRequest, partnership_slug: str, plan_id: Any) -> HttpResponse:
    """Record that the plan was agreed, by whom and when."""
    plan = _plan(request, plan_id)
    form = AgreeForm(posted(request))
    today_default(form, "agreed_on")
    if act(
        request,
        form,
        lambda: workflow.agree_plan(plan=plan, by=request.user, **form.cleaned_data),
        done=PLAN_AGREED,
    ):
        return redirect(plan)
    return _page(request, plan, "action_plans/form_page.html", form=form, title="Record the plan as agreed")


@partnership_view(perm="action_plan.manage")
def monitor(request: HttpRequest, partnership_slug: str, plan_id: Any) -> HttpResponse:
    """Send the agreed plan to the agencies and start monitoring it."""
    plan = _plan(request, plan_id)
    form = ConfirmForm(posted(request), submit_label="Send to agencies and start monitoring")
    if act(
        request, form, lambda: workflow.start_monitoring(plan=plan, by=request.user), done=MONITORING_STARTED
    ):
        return redirect(plan)
    return _page(
        request,
        plan,
        "action_plans/form_page.html",
        form=form,
        title="Send the plan to the agencies",
        description="Each agency's contacts are told about their actions and can update them in the portal. "
        "Reminders go before each target date; overdue actions and actions not updated are escalated.",
    )


@partnership_view(perm="action_plan.manage")
def close(request: HttpRequest, partnership_slug: str, plan_id: Any) -> HttpResponse:
    """Close the plan once every action is completed with evidence or closed with a reason."""
    plan = _plan(request, plan_id)
    form = ConfirmForm(posted(request), submit_label="Close the action plan")
    if act(request, form, lambda: workflow.close_plan(plan=plan, by=request.user), done=PLAN_CLOSED):
        return redirect(plan)
    return _page(
        request,
        plan,
        "action_plans/form_page.html",
        form=form,
        title="Close the action plan",
        blockers=workflow.plan_blockers(plan),
    )


@partnership_view(perm="action_plan.view")
def plan_pdf(request: HttpRequest, partnership_slug: str, plan_id: Any) -> HttpResponse:
    """The plan as the procedure's action plan template (West Midlands Document 19)."""
    plan = _plan(request, plan_id)
    name, pdf = documents.action_plan_pdf(plan)
    return attachment(pdf, filename=name, content_type="application/pdf")
