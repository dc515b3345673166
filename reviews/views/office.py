"""The review's office pages: the overview, terms of reference, reviewers, team, parallel processes, family
and the state changes. Confirm on GET, act on POST: every change goes through reviews.workflow or
reviews.services, and a refusal lands in the GOV.UK error summary with everything typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cspr.access import has_perm, partnership_view
from cspr.forms import today_default
from cspr.workflow import TransitionRefused
from rapid_review.models import RapidReview
from reviews import forms, selectors, services, workflow
from reviews.models import (
    Review,
    TermsOfReference,
)

State = Review.State
STATE_COLOURS = {
    State.COMMISSIONED: "grey",
    State.TOR_AGREED: "blue",
    State.INFORMATION_GATHERING: "light-blue",
    State.ANALYSIS: "purple",
    State.WORKSHOP_HELD: "purple",
    State.DRAFT_REPORT: "turquoise",
    State.FACTUAL_ACCURACY: "turquoise",
    State.APPROVED: "green",
    State.HANDED_TO_PUBLICATION: "green",
    State.PAUSED: "yellow",
    State.STOPPED: "red",
}


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _review(request: HttpRequest, review_id: Any) -> Review:
    """The review, if this user may see it: 404 for another partnership's or one they are not part of."""
    visible = selectors.reviews_for(
        partnership=request.partnership, user=request.user, memberships=request.memberships
    )
    return get_object_or_404(visible, public_id=review_id)


def _page(
    request: HttpRequest, review: Review, template: str, form: Any, *, title: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "review": review,
            "case": review.case,
            "form": form,
            "title": title,
            "state_colour": STATE_COLOURS.get(review.state, "grey"),
            "back_url": review.get_absolute_url(),
            **context,
        },
    )


def _act(
    request: HttpRequest, form: Any, act: Callable[[], Any], *, done: str, field: str | None = None
) -> bool:
    """Run a service for a valid form; a refusal goes to the error summary (or onto `field`)."""
    if not form.is_valid():
        return False
    try:
        act()
    except TransitionRefused as exc:
        form.add_error(field, str(exc))
        return False
    messages.success(request, done)
    return True


def _url(review: Review, name: str, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(
        f"reviews:{name}",
        kwargs={"partnership_slug": review.partnership.slug, "review_id": review.public_id, **kwargs},
    )


# --- List, commissioning, overview ----------------------------------------------------------------------


@partnership_view(perm="review.view")
def review_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    visible = selectors.reviews_for(
        partnership=request.partnership, user=request.user, memberships=request.memberships
    )
    return render(request, "reviews/review_list.html", {"reviews": visible, "state_colours": STATE_COLOURS})


@partnership_view(perm="review.manage")
def commission(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    """Commission the review a concluded rapid review decided on (starts the completion clock)."""
    rr = get_object_or_404(
        RapidReview.objects.filter(partnership=request.partnership), public_id=rapid_review_id
    )
    existing = selectors.review_of(rr.case)
    if existing is not None:
        return redirect(existing)
    form = forms.ConfirmForm(_posted(request), submit_label="Commission the review")
    if _act(
        request,
        form,
        lambda: workflow.commission(rapid_review=rr, by=request.user),
        done="Review commissioned",
    ):
        return redirect(selectors.review_of(rr.case))
    framework = request.partnership.framework
    outcome = next((o for o in framework.outcomes if o.code == rr.outcome), None)
    kind = workflow.KIND_FOR_OUTCOME.get(outcome.leads_to) if outcome else None
    timescale = framework.timescale(workflow.COMPLETION_TIMESCALE[kind]) if kind else None
    return render(
        request,
        "reviews/commission.html",
        {
            "case": rr.case,
            "rapid_review": rr,
            "form": form,
            "title": "Commission the review",
            "back_url": rr.get_absolute_url(),
            "outcome": outcome,
            "kind": Review.Kind(kind).label if kind else "",
            "timescale": timescale,
        },
    )


@partnership_view(perm="review.view")
def detail(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """The review at a glance: state, deadlines with their explanation, constraints and the next actions."""
    review = _review(request, review_id)
    overview = selectors.next_actions(review)
    actions = [a for a in overview.actions if has_perm(request, a.perm)]
    risk = selectors.delay_risk(review)
    return _page(
        request,
        review,
        "reviews/detail.html",
        None,
        title=review.get_kind_display(),
        actions=actions,
        blockers=overview.blockers,
        deadlines=selectors.case_deadlines(review),
        completion=workflow.completion_deadline(review),
        risk=risk,
        can_send_delay_notice=bool(risk) and has_perm(request, "review.manage"),
        delay_notices=selectors.delay_notices(review),
        terms=selectors.latest_terms(review),
        approved_terms=selectors.latest_approved_terms(review),
        reviewers=selectors.reviewers(review),
        team=selectors.team(review),
        missing_partners=selectors.missing_partners(review),
        constraints=selectors.open_constraints(review.case),
        dispatches=selectors.dispatches(review),
        back_url=review.case.get_absolute_url() if has_perm(request, "case.view") else _list_url(request),
    )


def _list_url(request: HttpRequest) -> str:
    from django.urls import reverse

    return reverse("reviews:list", kwargs={"partnership_slug": request.partnership.slug})


# --- State changes ----------------------------------------------------------------------------------------

TRANSITION_PAGES: dict[str, dict[str, Any]] = {
    "start_information_gathering": {
        "perm": "review.manage",
        "title": "Start gathering information",
        "button": "Start gathering information",
        "done": "Information gathering started",
        "description": "Chronologies and information reports can now be requested from the agencies in scope.",
    },
    "start_analysis": {
        "perm": "review.conduct",
        "title": "Start the analysis",
        "button": "Start the analysis",
        "done": "Analysis started",
        "description": "The agencies' information is in: the lead reviewer analyses it and draws out the key themes.",
    },
    "start_draft_report": {
        "perm": "review.conduct",
        "title": "Start the draft report",
        "button": "Start the draft report",
        "done": "Draft report started",
        "description": "The lead reviewer drafts the report following the procedure's guidance.",
    },
    "start_factual_accuracy": {
        "perm": "review.conduct",
        "title": "Send the draft for factual accuracy checks",
        "button": "Start the factual accuracy check",
        "done": "Factual accuracy check started",
        "description": "Agencies check the latest draft of the report for factual accuracy.",
    },
    "hand_to_publication": {
        "perm": "review.manage",
        "title": "Hand over to publication",
        "button": "Hand over to publication",
        "done": "Review handed to publication",
        "description": "The approved final report moves to the publication stage.",
    },
    "resume": {
        "perm": "review.manage",
        "title": "Resume the review",
        "button": "Resume the review",
        "done": "Review resumed",
        "description": "The review goes back to where it was paused, and the clocks restart today.",
    },
}


def _transition(name: str) -> Callable[..., HttpResponse]:
    page = TRANSITION_PAGES[name]

    @partnership_view(perm=page["perm"])
    def view(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
        review = _review(request, review_id)
        form = forms.ConfirmForm(_posted(request), submit_label=page["button"])
        act = getattr(workflow, name)
        if _act(request, form, lambda: act(review=review, by=request.user), done=page["done"]):
            return redirect(review)
        return _page(
            request,
            review,
            "reviews/form_page.html",
            form,
            title=page["title"],
            description=page["description"],
        )

    view.__name__ = name
    return view


start_information_gathering = _transition("start_information_gathering")
start_analysis = _transition("start_analysis")
start_draft_report = _transition("start_draft_report")
start_factual_accuracy = _transition("start_factual_accuracy")
hand_to_publication = _transition("hand_to_publication")
resume = _transition("resume")


@partnership_view(perm="review.conduct")
def record_workshop_held(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    form = forms.WorkshopHeldForm(_posted(request))
    today_default(form, "held_on")
    if _act(
        request,
        form,
        lambda: workflow.record_workshop_held(
            review=review, by=request.user, held_on=form.cleaned_data["held_on"]
        ),
        done="Learning workshop recorded",
    ):
        return redirect(review)
    return _page(
        request, review, "reviews/form_page.html", form, title="Record that the learning workshop was held"
    )


def _reason_view(
    name: str, *, perm: str, title: str, button: str, label: str, done: str, description: str
) -> Callable[..., HttpResponse]:
    @partnership_view(perm=perm)
    def view(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
        review = _review(request, review_id)
        form = forms.ReasonForm(_posted(request), submit_label=button, label=label)
        act = getattr(workflow, name)
        if _act(
            request,
            form,
            lambda: act(review=review, by=request.user, reason=form.cleaned_data["reason"]),
            done=done,
        ):
            return redirect(review)
        return _page(request, review, "reviews/form_page.html", form, title=title, description=description)

    view.__name__ = name
    return view


pause = _reason_view(
    "pause",
    perm="review.manage",
    title="Pause the review",
    button="Pause the review and its clocks",
    label="Why is the review paused?",
    done="Review paused",
    description="The review and every clock on the case stop from today until the review is resumed.",
)
stop = _reason_view(
    "stop",
    perm="review.manage",
    title="Stop the review",
    button="Stop the review",
    label="Why is the review stopped?",
    done="Review stopped",
    description="Stopping cannot be undone: the completion clock is cancelled and the case closes.",
)
reopen_draft = _reason_view(
    "reopen_draft",
    perm="review.conduct",
    title="Revise the draft report",
    button="Reopen the draft",
    label="What needs revising after the factual accuracy check?",
    done="Draft reopened",
    description="The draft goes back to the lead reviewer before the partners approve it.",
)


@partnership_view(perm="review.manage")
def delay_notice(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Record why the review will be late and send the notice to the procedure's recipients."""
    review = _review(request, review_id)
    form = forms.DelayNoticeForm(_posted(request), initial={"reason": review.delay_reason})
    if _act(
        request,
        form,
        lambda: services.send_delay_notice(review=review, by=request.user, **form.cleaned_data),
        done="Delay notice sent",
    ):
        return redirect(review)
    try:
        to = services.recipients(review, "delay_notice_recipients")
    except TransitionRefused as exc:
        to, problem = [], str(exc)
    else:
        problem = ""
    return _page(
        request,
        review,
        "reviews/delay_notice.html",
        form,
        title="Tell the National Panel the review will be late",
        risk=selectors.delay_risk(review),
        completion=workflow.completion_deadline(review),
        recipients=to,
        recipient_problem=problem,
        delay_notices=selectors.delay_notices(review),
    )


# --- Terms of reference --------------------------------------------------------------------------------------


@partnership_view(perm="review.view")
def terms(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    return _page(
        request,
        review,
        "reviews/terms.html",
        None,
        title="Terms of reference",
        versions=selectors.terms_versions(review),
        can_edit=has_perm(request, "review.conduct") and review.state in workflow.ACTIVE,
        can_approve=has_perm(request, "review.approve_terms"),
    )


@partnership_view(perm="review.view")
def terms_version(request: HttpRequest, partnership_slug: str, review_id: Any, tor_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    version = get_object_or_404(TermsOfReference.objects.filter(review=review), public_id=tor_id)
    return _page(
        request,
        review,
        "reviews/terms_version.html",
        None,
        title=f"Terms of reference, version {version.number}",
        version=version,
        agencies=version.agencies.order_by("name"),
        back_url=_url(review, "terms"),
    )


@partnership_view(perm="review.view")
def terms_pdf(request: HttpRequest, partnership_slug: str, review_id: Any, tor_id: Any) -> HttpResponse:
    from reviews import documents

    review = _review(request, review_id)
    version = get_object_or_404(TermsOfReference.objects.filter(review=review), public_id=tor_id)
    name, pdf = documents.terms_of_reference_pdf(version)
    return _pdf_response(name, pdf)


def _pdf_response(name: str, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@partnership_view(perm="review.conduct")
def terms_edit(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Draft or change the terms of reference; a change to an approved version makes a new version."""
    review = _review(request, review_id)
    latest = selectors.latest_terms(review)
    needs_note = latest is not None and latest.is_approved
    initial: dict[str, Any] = {}
    if latest is None:
        initial = {"agencies": list(_rapid_review_agencies(review))}
    form = forms.TermsForm(
        _posted(request),
        instance=latest,  # never saved by the form: the service decides edit or new version
        initial=initial,
        agencies=forms.agencies_of(request.partnership),
        needs_change_note=needs_note,
    )
    if _act(
        request,
        form,
        lambda: services.save_terms_of_reference(
            review=review, by=request.user, agencies=form.cleaned_data["agencies"], **form.service_fields()
        ),
        done="Terms of reference saved" + (": the new version needs approval" if needs_note else ""),
    ):
        return redirect(_url(review, "terms"))
    description = (
        f"Version {latest.number} is approved. Saving a change makes version {latest.number + 1}, which the review "
        "group must approve again; version {0} is kept.".format(latest.number)
        if needs_note
        else "The review group approves the terms of reference."
    )
    return _page(
        request, review, "reviews/form_page.html", form, title="Terms of reference", description=description
    )


def _rapid_review_agencies(review: Review) -> Any:
    """The agencies asked for scoping information: the usual starting point for the agencies in scope."""
    from rapid_review.models import ScopingRequest

    requests = ScopingRequest.objects.filter(rapid_review__case=review.case).exclude(
        state=ScopingRequest.State.WITHDRAWN
    )
    return [r.agency_id for r in requests]


@partnership_view(perm="review.approve_terms")
def terms_approve(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    latest = selectors.latest_terms(review)
    if latest is None:
        return redirect(_url(review, "terms"))
    form = forms.ApproveTermsForm(_posted(request))
    if _act(
        request,
        form,
        lambda: workflow.agree_terms_of_reference(
            review=review, version=latest, by=request.user, approval_note=form.cleaned_data["approval_note"]
        ),
        done=f"Terms of reference version {latest.number} approved",
    ):
        return redirect(review)
    return _page(
        request,
        review,
        "reviews/terms_approve.html",
        form,
        title=f"Approve terms of reference version {latest.number}",
        version=latest,
        agencies=latest.agencies.order_by("name"),
    )
