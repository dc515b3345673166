"""Learning briefings: written from the approved report in the framework's shape, finalised, sent to
named audiences (each dispatch kept: to whom, when, how) and published on the partnership's public page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from action_plans import briefings, documents, selectors, workflow
from action_plans.forms import BriefingForm, ConfirmForm, DispatchForm, ReasonForm
from action_plans.models import LearningBriefing
from action_plans.views.base import act, attachment, posted
from cspr.access import partnership_view
from cspr.forms import today_default
from cspr.workflow import TransitionRefused
from reviews.models import Review

BRIEFING_STARTED = "Learning briefing started from the final report"
BRIEFING_SAVED = "Briefing saved"
BRIEFING_FINAL = "Briefing finalised"
DISPATCH_RECORDED = "Recorded who the briefing went to"
BRIEFING_PUBLISHED = "Briefing published on the partnership's public page"
BRIEFING_WITHDRAWN = "Briefing withdrawn from the public page"


def _briefing(request: HttpRequest, briefing_id: Any) -> LearningBriefing:
    return get_object_or_404(
        LearningBriefing.objects.filter(partnership=request.partnership).select_related("case", "review"),
        public_id=briefing_id,
    )


def _page(request: HttpRequest, briefing: LearningBriefing, template: str, **context: Any) -> HttpResponse:
    return render(
        request,
        template,
        {
            "briefing": briefing,
            "case": briefing.case,
            "state_colour": selectors.BRIEFING_COLOURS.get(briefing.state, "grey"),
            "back_url": briefing.get_absolute_url(),
            **context,
        },
    )


@partnership_view(perm="learning.manage")
def briefing_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """The partnership's learning briefings and the approved reports one can be written from."""
    return render(
        request,
        "action_plans/briefing_list.html",
        {
            "briefings": list(selectors.briefings(request.partnership)),
            "reviews": selectors.reviews_for_briefing(request.partnership),
            "colours": selectors.BRIEFING_COLOURS,
            "back_url": reverse("action_plans:list", args=[partnership_slug]),
        },
    )


@partnership_view(perm="learning.manage")
def start(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Start a briefing from an approved report; its steps are the framework's."""
    review = get_object_or_404(
        Review.objects.filter(partnership=request.partnership).select_related("case"), public_id=review_id
    )
    form = ConfirmForm(posted(request), submit_label="Start the learning briefing")
    made: list[LearningBriefing] = []
    if act(
        request,
        form,
        lambda: made.append(briefings.draft_briefing(review=review, by=request.user)),
        done=BRIEFING_STARTED,
    ):
        return redirect(made[0])
    return render(
        request,
        "action_plans/form_page.html",
        {
            "case": review.case,
            "form": form,
            "title": f"Start a {briefings.title_for(review).lower()}",
            "steps": request.partnership.option("learning_briefing_steps"),
            "back_url": reverse("action_plans:briefings", args=[partnership_slug]),
        },
    )


@partnership_view(perm="learning.manage")
def briefing_page(request: HttpRequest, partnership_slug: str, briefing_id: Any) -> HttpResponse:
    """The briefing: edit its steps while a draft; then finalise, send and publish it."""
    briefing = _briefing(request, briefing_id)
    form = None
    if briefing.state == LearningBriefing.State.DRAFT:
        initial = {"title": briefing.title, "version": briefing.version}
        initial.update({f"step_{i}": s["body"] for i, s in enumerate(briefing.steps)})
        form = BriefingForm(posted(request), steps=briefing.steps, initial=initial)
        if form.is_valid():
            try:
                briefings.save_briefing(
                    briefing=briefing,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    title=form.cleaned_data["title"],
                    bodies=form.bodies(),
                )
            except workflow.StaleEdit as stale:
                form.add_error(None, str(stale))
                form.data = form.data.copy()
                form.data["version"] = str(stale.current.version)
            except TransitionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, BRIEFING_SAVED)
                return redirect(briefing)
    return _page(
        request,
        briefing,
        "action_plans/briefing.html",
        form=form,
        dispatches=selectors.dispatches(briefing),
        holds=briefings.publication_holds(briefing),
        back_url=reverse("action_plans:briefings", args=[partnership_slug]),
    )


def _confirm(
    request: HttpRequest, briefing_id: Any, *, title: str, submit: str, run: Any, done: str
) -> HttpResponse:
    briefing = _briefing(request, briefing_id)
    form = ConfirmForm(posted(request), submit_label=submit)
    if act(request, form, lambda: run(briefing=briefing, by=request.user), done=done):
        return redirect(briefing)
    return _page(request, briefing, "action_plans/form_page.html", form=form, title=title)


@partnership_view(perm="learning.manage")
def finalise(request: HttpRequest, partnership_slug: str, briefing_id: Any) -> HttpResponse:
    return _confirm(
        request,
        briefing_id,
        title="Finalise the briefing",
        submit="Finalise",
        run=briefings.finalise,
        done=BRIEFING_FINAL,
    )


@partnership_view(perm="learning.manage")
def publish(request: HttpRequest, partnership_slug: str, briefing_id: Any) -> HttpResponse:
    return _confirm(
        request,
        briefing_id,
        title="Publish the briefing on the public page",
        submit="Publish",
        run=briefings.publish,
        done=BRIEFING_PUBLISHED,
    )


@partnership_view(perm="learning.manage")
def send(request: HttpRequest, partnership_slug: str, briefing_id: Any) -> HttpResponse:
    """Record who the briefing went to (and email it, when addresses are given)."""
    briefing = _briefing(request, briefing_id)
    form = DispatchForm(posted(request))
    today_default(form, "shared_on")
    if act(
        request,
        form,
        lambda: briefings.record_dispatch(briefing=briefing, by=request.user, **form.cleaned_data),
        done=DISPATCH_RECORDED,
    ):
        return redirect(briefing)
    return _page(
        request, briefing, "action_plans/form_page.html", form=form, title="Record who the briefing went to"
    )


@partnership_view(perm="learning.manage")
def withdraw(request: HttpRequest, partnership_slug: str, briefing_id: Any) -> HttpResponse:
    briefing = _briefing(request, briefing_id)
    form = ReasonForm(
        posted(request),
        label="Why is the briefing being withdrawn?",
        submit_label="Withdraw from the public page",
        error="Give the reason the briefing is being withdrawn",
    )
    if act(
        request,
        form,
        lambda: briefings.withdraw(briefing=briefing, by=request.user, reason=form.cleaned_data["reason"]),
        done=BRIEFING_WITHDRAWN,
    ):
        return redirect(briefing)
    return _page(request, briefing, "action_plans/form_page.html", form=form, title="Withdraw the briefing")


@partnership_view(perm="learning.manage")
def briefing_pdf(request: HttpRequest, partnership_slug: str, briefing_id: Any) -> HttpResponse:
    briefing = _briefing(request, briefing_id)
    name, pdf = documents.briefing_pdf(briefing)
    return attachment(pdf, filename=name, content_type="application/pdf")
