"""Business office triage of a submitted referral, and withdrawal: confirm on GET, act on POST."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cspr.access import partnership_view
from cspr.workflow import TransitionRefused
from referrals import forms, workflow
from referrals.models import Referral

from .lookups import posted, visible_referral


def _decide(
    request: HttpRequest,
    referral: Referral,
    form: forms.GDSForm,
    act: Callable[..., Referral],
    *,
    title: str,
    description: str,
    done: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            act(referral=referral, by=request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect(referral)
    context = {
        "referral": referral,
        "form": form,
        "title": title,
        "description": description,
        "back_url": referral.get_absolute_url(),
    }
    return render(request, "referrals/confirm.html", context)


@partnership_view(perm="referral.triage")
def accept(request: HttpRequest, partnership_slug: str, referral_id: str) -> HttpResponse:
    referral = visible_referral(request, referral_id)
    return _decide(
        request,
        referral,
        forms.ConfirmForm(posted(request), submit_label="Accept for a rapid review"),
        workflow.accept_for_rapid_review,
        title="Accept the referral for a rapid review",
        description="The case moves on to its rapid review. The 15-working-day clock keeps running.",
        done="Referral accepted for a rapid review",
    )


@partnership_view(perm="referral.triage")
def send_to_case_review_group(request: HttpRequest, partnership_slug: str, referral_id: str) -> HttpResponse:
    referral = visible_referral(request, referral_id)
    return _decide(
        request,
        referral,
        forms.ConfirmForm(posted(request), submit_label="Send to the case review group"),
        workflow.send_to_case_review_group,
        title="Send the agency referral to the case review group",
        description=(
            "There is no rapid review on this path. The case review group discusses the referral within one "
            "month of receiving it and decides within two months."
        ),
        done="Referral sent to the case review group",
    )


@partnership_view(perm="referral.triage")
def decline(request: HttpRequest, partnership_slug: str, referral_id: str) -> HttpResponse:
    referral = visible_referral(request, referral_id)
    return _decide(
        request,
        referral,
        forms.DeclineForm(posted(request)),
        workflow.decline_referral,
        title="Do not accept the referral",
        description="The referrer is told by email, with your reason.",
        done="Referral not accepted; the referrer has been told",
    )


@partnership_view(perm="referral.create")
def withdraw(request: HttpRequest, partnership_slug: str, referral_id: str) -> HttpResponse:
    referral = visible_referral(request, referral_id)
    return _decide(
        request,
        referral,
        forms.WithdrawForm(posted(request)),
        workflow.withdraw_referral,
        title="Withdraw the referral",
        description="A withdrawn referral cannot be submitted or triaged again.",
        done="Referral withdrawn",
    )
