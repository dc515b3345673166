"""The people and constraints of a review: reviewers and their declarations, the review team and its
meetings, the parallel processes register and the family. Same pattern as reviews.views.office."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect

from cspr.access import has_perm, partnership_view
from cspr.forms import today_default
from cspr.models import Membership
from cspr.roles import Role
from cspr.workflow import TransitionRefused
from reviews import forms, selectors, services
from reviews.models import ParallelProcess, ReviewerAppointment, ReviewFamilyMember, TeamMember
from reviews.views.office import _act, _page, _pdf_response, _posted, _review, _url

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
