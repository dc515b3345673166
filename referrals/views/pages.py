"""The referral list, starting a referral, its task list and check your answers."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cspr.access import has_perm, partnership_view
from cspr.services import ServiceError
from cspr.workflow import TransitionRefused
from referrals import forms, selectors, services, workflow
from referrals.models import Referral
from referrals.sections import incomplete_sections, task_list

from .lookups import posted, referring_agency_of, visible_referral
from .summary import summary


@partnership_view(perm="referral.create")
def referral_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    referrals = selectors.referrals_for(request.partnership, request.memberships)
    rows = [(r, selectors.identity_visible(r, request.memberships)) for r in referrals]
    return render(request, "referrals/referral_list.html", {"rows": rows})


@partnership_view(perm="referral.create")
def referral_start(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """Confirm on GET; on POST open a draft and go to its task list."""
    agency = referring_agency_of(request)
    form = forms.ConfirmForm(posted(request), submit_label="Start referral")
    if form.is_valid():
        referral = services.start_referral(
            partnership=request.partnership, by=request.user, referring_agency=agency
        )
        return redirect(referral)
    return render(request, "referrals/referral_start.html", {"form": form, "agency": agency})


@partnership_view(perm="referral.create")
def referral_detail(request: HttpRequest, partnership_slug: str, referral_id: str) -> HttpResponse:
    """A draft's task list; once submitted, the referral's answers and what happens next."""
    referral = visible_referral(request, referral_id)
    identity = selectors.identity_visible(referral, request.memberships)
    if referral.is_draft:
        context = {
            "referral": referral,
            "tasks": task_list(referral),
            "ready": not incomplete_sections(referral),
            "identity": identity,
        }
        return render(request, "referrals/task_list.html", context)
    state = Referral.State
    can_triage = has_perm(request, "referral.triage") and referral.state == state.SUBMITTED
    context = {
        "referral": referral,
        "summary": summary(referral, editable=False, identity=identity),
        "can_triage": can_triage,
        "can_send_to_group": can_triage
        and referral.is_agency_referral
        and bool(request.partnership.option("agency_referral_path")),
        "can_withdraw": referral.state == state.SUBMITTED,
        "can_view_case": has_perm(request, "case.view") and referral.case_id is not None,
    }
    return render(request, "referrals/referral_detail.html", context)


@partnership_view(perm="referral.create")
def check_answers(request: HttpRequest, partnership_slug: str, referral_id: str) -> HttpResponse:
    """Every answer with a "Change" link; POST records the declaration and submits the referral."""
    referral = visible_referral(request, referral_id)
    if not referral.is_draft:
        return redirect(referral)
    form = forms.SubmitForm(
        posted(request),
        initial={"discussed_with_safeguarding_lead": referral.discussed_with_safeguarding_lead},
    )
    if form.is_valid():
        try:
            # The declaration is part of submitting: a refused submission keeps neither (the page shows
            # the answer again for the person to change).
            with transaction.atomic():
                services.save_section(
                    referral=referral, by=request.user, section="declaration", answers=form.cleaned_data
                )
                referral = workflow.submit_referral(referral=referral, by=request.user)
        except (TransitionRefused, ServiceError) as exc:
            form.add_error(None, str(exc))
            referral.refresh_from_db()
        else:
            messages.success(request, f"Referral submitted. Your reference is {referral.case.reference}")
            return redirect(referral)
    context = {
        "referral": referral,
        "form": form,
        "summary": summary(
            referral, editable=True, identity=selectors.identity_visible(referral, request.memberships)
        ),
    }
    return render(request, "referrals/check_answers.html", context)
