"""The review's office pages: the overview, terms of reference, reviewers, team, parallel processes, family
and the state changes. Confirm on GET, act on POST: every change goes through reviews.workflow or
reviews.services, and a refusal lands in the GOV.UK error summary with everything typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from cspr.access import has_perm, partnership_view
from cspr.forms import today_default
from cspr.models import Membership
from cspr.roles import Role
from cspr.workflow import TransitionRefused
from rapid_review.models import RapidReview
from reviews import forms, selectors, services, workflow
from reviews.models import (
    ParallelProcess,
    Review,
    ReviewerAppointment,
    ReviewFamilyMember,
    TeamMember,
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


# --- Reviewers, team, meetings ------------------------------------------------------------------------------


@partnership_view(perm="review.manage")
def appoint_reviewer(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    candidates = services.reviewer_candidates(request.partnership.pk)
    form = forms.AppointReviewerForm(
        _posted(request), candidates=candidates, initial={"role": ReviewerAppointment.Role.LEAD}
    )
    if _act(
        request,
        form,
        lambda: services.appoint_reviewer(review=review, by=request.user, **form.service_fields()),
        done="Reviewer appointed; their name is being sent to the National Panel, Ofsted and DfE",
    ):
        return redirect(review)
    try:
        to = services.recipients(review, "reviewer_notice_recipients")
    except TransitionRefused as exc:
        to, problem = [], str(exc)
    else:
        problem = ""
    return _page(
        request,
        review,
        "reviews/appoint_reviewer.html",
        form,
        title="Appoint a reviewer",
        recipients=to,
        recipient_problem=problem,
        no_candidates=not candidates,
    )


@partnership_view(perm="review.conduct")
def declarations(
    request: HttpRequest, partnership_slug: str, review_id: Any, appointment_id: Any
) -> HttpResponse:
    """The reviewer (or the office on their behalf) records the conflict of interest and confidentiality."""
    review = _review(request, review_id)
    appointment = get_object_or_404(
        ReviewerAppointment.objects.filter(review=review), public_id=appointment_id
    )
    form = forms.DeclarationsForm(
        _posted(request),
        initial={
            "no_conflict_declared": appointment.no_conflict_declared,
            "confidentiality_accepted": appointment.confidentiality_accepted,
            "conflict_notes": appointment.conflict_notes,
        },
    )
    if _act(
        request,
        form,
        lambda: services.record_declarations(appointment=appointment, by=request.user, **form.cleaned_data),
        done="Declarations recorded",
    ):
        return redirect(review)
    return _page(
        request,
        review,
        "reviews/form_page.html",
        form,
        title=f"Declarations: {appointment.name}",
        description=(
            "The lead reviewer declares that they have no conflict of interest in this case and accepts the "
            "partnership's confidentiality terms before they see the agencies' information."
        ),
    )


def _accounts(request: HttpRequest) -> list[Any]:
    roles = [
        Role.PANEL_MEMBER,
        Role.PARTNER_LOCAL_AUTHORITY,
        Role.PARTNER_POLICE,
        Role.PARTNER_HEALTH,
        Role.CHAIR,
    ]
    memberships = Membership.objects.filter(partnership=request.partnership, role__in=roles, is_active=True)
    return list({m.user_id: m.user for m in memberships.select_related("user")}.values())


@partnership_view(perm="review.view")
def team(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    can_manage = has_perm(request, "review.manage")
    form = forms.TeamMemberForm(_posted(request) if can_manage else None, accounts=_accounts(request))
    if request.method == "POST" and not can_manage:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if can_manage and _act(
        request,
        form,
        lambda: services.add_team_member(review=review, by=request.user, **form.service_fields()),
        done="Team member added",
    ):
        return redirect(_url(review, "team"))
    return _page(
        request,
        review,
        "reviews/team.html",
        form if can_manage else None,
        title="Review team",
        members=selectors.team(review),
        missing_partners=selectors.missing_partners(review),
        meetings=selectors.meetings(review),
        can_manage=can_manage,
        can_record_meeting=has_perm(request, "review.conduct"),
    )


@partnership_view(perm="review.manage")
def team_remove(request: HttpRequest, partnership_slug: str, review_id: Any, member_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    member = get_object_or_404(TeamMember.objects.filter(review=review), public_id=member_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Remove from the team")
    if _act(
        request,
        form,
        lambda: services.remove_team_member(member=member, by=request.user),
        done="Team member removed",
    ):
        return redirect(_url(review, "team"))
    return _page(
        request,
        review,
        "reviews/form_page.html",
        form,
        title=f"Remove {member.name} from the review team",
        back_url=_url(review, "team"),
    )


@partnership_view(perm="review.conduct")
def meeting_new(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    form = forms.TeamMeetingForm(
        _posted(request),
        members=TeamMember.objects.filter(review=review),
        initial={
            "agenda": "1. Introductions and apologies\n2. Progress against the terms of reference\n3. Family engagement\n4. Actions"
        },
    )
    today_default(form, "held_on")
    if _act(
        request,
        form,
        lambda: services.record_team_meeting(
            review=review,
            by=request.user,
            attendees=form.cleaned_data["attendees"],
            **{k: v for k, v in form.cleaned_data.items() if k != "attendees"},
        ),
        done="Meeting recorded",
    ):
        return redirect(_url(review, "team"))
    return _page(
        request,
        review,
        "reviews/form_page.html",
        form,
        title="Record a review team meeting",
        back_url=_url(review, "team"),
    )


# --- Parallel processes -------------------------------------------------------------------------------------


@partnership_view(perm="review.view")
def parallel_processes(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    return _page(
        request,
        review,
        "reviews/parallel_processes.html",
        None,
        title="Parallel processes",
        processes=selectors.parallel_processes(review.case),
        can_manage=has_perm(request, "review.manage"),
    )


@partnership_view(perm="review.manage")
def parallel_process_edit(
    request: HttpRequest, partnership_slug: str, review_id: Any, process_id: Any = None
) -> HttpResponse:
    review = _review(request, review_id)
    process = None
    if process_id is not None:
        process = get_object_or_404(ParallelProcess.objects.filter(case=review.case), public_id=process_id)
    form = forms.ParallelProcessForm(_posted(request), instance=process)

    def act() -> ParallelProcess:
        if process is None:
            return services.add_parallel_process(review=review, by=request.user, **form.cleaned_data)
        return services.change_parallel_process(
            process=process, review=review, by=request.user, **form.cleaned_data
        )

    if _act(request, form, act, done="Parallel process saved"):
        return redirect(_url(review, "parallel_processes"))
    return _page(
        request,
        review,
        "reviews/form_page.html",
        form,
        title="Change a parallel process" if process else "Add a parallel process",
        back_url=_url(review, "parallel_processes"),
    )


@partnership_view(perm="review.manage")
def parallel_process_clear(
    request: HttpRequest, partnership_slug: str, review_id: Any, process_id: Any
) -> HttpResponse:
    review = _review(request, review_id)
    process = get_object_or_404(ParallelProcess.objects.filter(case=review.case), public_id=process_id)
    form = forms.ReasonForm(
        _posted(request),
        submit_label="Clear the constraint",
        label="Why does the constraint no longer apply?",
    )
    if _act(
        request,
        form,
        lambda: services.clear_parallel_process(
            process=process, review=review, by=request.user, reason=form.cleaned_data["reason"]
        ),
        done="Constraint cleared",
    ):
        return redirect(_url(review, "parallel_processes"))
    return _page(
        request,
        review,
        "reviews/form_page.html",
        form,
        title=f"Clear: {process}",
        description=process.constraint,
        back_url=_url(review, "parallel_processes"),
    )


# --- Family -----------------------------------------------------------------------------------------------------


@partnership_view(perm="review.view")
def family(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """The family and their relationship to the child (never published), involvement and contacts."""
    review = _review(request, review_id)
    return _page(
        request,
        review,
        "reviews/family.html",
        None,
        title="Family",
        people=selectors.family(review),
        show_identity=has_perm(request, "review.view_family"),
        can_conduct=has_perm(request, "review.conduct"),
        not_involved=selectors.non_involvement_reasons(review),
    )


@partnership_view(perm="review.conduct")
def family_edit(
    request: HttpRequest, partnership_slug: str, review_id: Any, person_id: Any = None
) -> HttpResponse:
    review = _review(request, review_id)
    person = None
    if person_id is not None:
        person = get_object_or_404(ReviewFamilyMember.objects.filter(review=review), public_id=person_id)
    form = forms.FamilyMemberForm(_posted(request), instance=person)

    def act() -> ReviewFamilyMember:
        if person is None:
            return services.add_family_member(review=review, by=request.user, **form.cleaned_data)
        return services.change_family_member(person=person, by=request.user, **form.cleaned_data)

    if _act(request, form, act, done="Family member saved"):
        return redirect(_url(review, "family"))
    return _page(
        request,
        review,
        "reviews/form_page.html",
        form,
        title="Change a family member's details" if person else "Add a family member",
        back_url=_url(review, "family"),
    )


@partnership_view(perm="review.conduct")
def family_contact(
    request: HttpRequest, partnership_slug: str, review_id: Any, person_id: Any
) -> HttpResponse:
    review = _review(request, review_id)
    person = get_object_or_404(ReviewFamilyMember.objects.filter(review=review), public_id=person_id)
    form = forms.FamilyContactForm(_posted(request))
    today_default(form, "contacted_on")
    if _act(
        request,
        form,
        lambda: services.log_family_contact(person=person, by=request.user, **form.cleaned_data),
        done="Contact logged",
    ):
        return redirect(_url(review, "family"))
    return _page(
        request,
        review,
        "reviews/form_page.html",
        form,
        title=f"Log contact with the child's {person.relationship.lower()}",
        back_url=_url(review, "family"),
    )


@partnership_view(perm="review.conduct")
def family_letter(
    request: HttpRequest, partnership_slug: str, review_id: Any, person_id: Any
) -> HttpResponse:
    """Document 7 for one family member; the generated letter is kept with the case."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from reviews import documents

    review = _review(request, review_id)
    person = get_object_or_404(ReviewFamilyMember.objects.filter(review=review), public_id=person_id)
    if (
        request.method != "POST"
    ):  # generating the letter records it with the case: a POST from the family page
        return HttpResponseNotAllowed(["POST"])
    name, pdf = documents.family_letter_pdf(person)
    path = default_storage.save(
        f"private/reviews/{review.partnership_id}/{person.public_id.hex}-{name}", ContentFile(pdf)
    )
    services.record_family_letter(person=person, by=request.user, name=name, path=path)
    return _pdf_response(name, pdf)


@partnership_view(perm="review.view")
def family_leaflet(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    from reviews import documents

    review = _review(request, review_id)
    name, pdf = documents.family_leaflet_pdf(review)
    return _pdf_response(name, pdf)
