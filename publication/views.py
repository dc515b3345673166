"""The business office's and the partners' publication pages, and the national returns log of a case.

Confirm on GET, act on POST: every change goes through publication.workflow or publication.services, and a
refusal lands in the GOV.UK error summary with everything typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cspr.access import has_perm, partnership_view
from cspr.forms import GDSForm
from cspr.models import Case
from cspr.workflow import TransitionRefused
from publication import documents, forms, pseudonyms, rules, selectors, services, workflow
from publication.models import PseudonymEntry, Publication
from reviews.models import ParallelProcess, Review

State = Publication.State
STATE_COLOURS = {
    State.APPROVED: "grey",
    State.PLANNED: "blue",
    State.COPIES_SENT: "light-blue",
    State.NOTICE_PERIOD: "purple",
    State.PUBLISHED: "green",
    State.AVAILABLE_ONLINE: "green",
    State.ARCHIVED: "grey",
    State.NOT_PUBLISHING: "orange",
    State.IMPROVEMENTS_PUBLISHED: "turquoise",
    State.WITHDRAWN: "red",
}


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _publication(request: HttpRequest, publication_id: Any) -> Publication:
    return get_object_or_404(selectors.publications(request.partnership), public_id=publication_id)


def _act(request: HttpRequest, form: GDSForm, act: Callable[[], Any], *, done: str) -> bool:
    """Run a change for a valid form; a refusal goes to the error summary."""
    if not form.is_valid():
        return False
    try:
        act()
    except TransitionRefused as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, done)
    return True


def _page(request: HttpRequest, publication: Publication, form: GDSForm | None, *, title: str, template: str = "publication/form_page.html", **context: Any) -> HttpResponse:  # fmt: skip
    return render(
        request,
        template,
        {
            "publication": publication,
            "case": publication.case,
            "form": form,
            "title": title,
            "state_colour": STATE_COLOURS.get(publication.state, "grey"),
            "back_url": publication.get_absolute_url(),
            **context,
        },
    )


@partnership_view(perm="publication.view")
def publication_list(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """Every publication of the partnership, and approved reports waiting for one."""
    return render(
        request,
        "publication/list.html",
        {
            "publications": selectors.publications(request.partnership).order_by("-created_at"),
            "ready": selectors.reviews_ready(request.partnership),
            "can_manage": has_perm(request, "publication.manage"),
            "state_colours": STATE_COLOURS,
        },
    )


@partnership_view(perm="publication.manage")
def start(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Start publication planning for an approved final report."""
    review = get_object_or_404(Review.objects.filter(partnership=request.partnership), public_id=review_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Start publication planning")
    if _act(
        request,
        form,
        lambda: workflow.open_publication(review=review, by=request.user),
        done="Publication planning started",
    ):
        return redirect(Publication.objects.get(review=review))
    return render(
        request,
        "publication/start.html",
        {"review": review, "case": review.case, "form": form, "title": "Start publication planning"},
    )


@partnership_view(perm="publication.view")
def detail(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    """The publication at a glance: its state, the gate's conditions, the plan, the register and the log."""
    publication = _publication(request, publication_id)
    partnership = request.partnership
    planned = publication.planned_on
    return _page(
        request,
        publication,
        None,
        title="Publication",
        template="publication/detail.html",
        conditions=rules.gate(publication),
        recipients=rules.pre_publication_recipients(partnership),
        notice=rules.notice_text(partnership),
        latest_copy=rules.latest_copy_date(partnership, planned) if planned else None,
        press=rules.press_notice_date(partnership, planned) if planned else None,
        online_period=partnership.framework.timescale("online_period"),
        publication_time=partnership.option("publication_time"),
        nspcc=rules.nspcc_address(partnership),
        blocking=rules.blocking_processes(publication),
        overrides=publication.overrides.select_related("parallel_process", "by"),
        check=pseudonyms.latest_check(publication),
        register_size=publication.pseudonyms.count(),
        dispatches=publication.dispatches.all(),
        can_manage=has_perm(request, "publication.manage"),
        can_decide=has_perm(request, "publication.decide"),
        transitions=workflow.TRANSITIONS.get(publication.state, set()),
        date_changeable=publication.state == State.APPROVED or publication.state in workflow.DATE_CHANGEABLE,
    )


@partnership_view(perm="publication.manage")
def plan_date(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    publication = _publication(request, publication_id)
    form = forms.PlanDateForm(_posted(request), initial={"planned_on": publication.planned_on})
    if _act(
        request,
        form,
        lambda: workflow.plan_publication(
            publication=publication, planned_on=form.cleaned_data["planned_on"], by=request.user
        ),
        done="Publication date saved",
    ):
        return redirect(publication)
    partnership = request.partnership
    earliest = rules.earliest_publication_date(partnership, workflow.copies_on(publication))
    return _page(
        request,
        publication,
        form,
        title="Plan the publication date",
        description=(
            f"Copies of the final report must reach {rules.recipient_names(partnership)} "
            f"{rules.notice_text(partnership)} before publication, so the earliest date you can choose is "
            f"{earliest.day} {earliest:%B %Y}."
        ),
        source=partnership.framework.timescale("copies_before_publication").source,
    )


@partnership_view(perm="publication.manage")
def send_copies(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    publication = _publication(request, publication_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Send the final report")
    if _act(
        request,
        form,
        lambda: workflow.send_copies(publication=publication, by=request.user),
        done="Final report sent",
    ):
        return redirect(publication)
    recipients = rules.pre_publication_recipients(request.partnership)
    return _page(
        request,
        publication,
        form,
        title=f"Send the final report to {rules.recipient_names(request.partnership)}",
        template="publication/send_copies.html",
        recipients=recipients,
        latest_copy=rules.latest_copy_date(request.partnership, publication.planned_on)
        if publication.planned_on
        else None,
    )


@partnership_view(perm="publication.manage")
def communications(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    """The media and communications plan."""
    publication = _publication(request, publication_id)
    partnership = request.partnership
    initial = {name: getattr(publication, name) for name in services.COMMUNICATIONS_FIELDS}
    form = forms.CommunicationsForm(
        _posted(request),
        initial=initial,
        elected_members=bool(partnership.option("inform_elected_members")),
        prosecution=bool(partnership.option("hold_publication_for_prosecution")),
    )
    if _act(
        request,
        form,
        lambda: services.update_communications_plan(
            publication=publication, by=request.user, **form.cleaned_data
        ),
        done="Media and communications plan saved",
    ):
        return redirect(publication)
    press = rules.press_notice_date(partnership, publication.planned_on) if publication.planned_on else None
    return _page(
        request,
        publication,
        form,
        title="Media and communications plan",
        description=f"The procedure sends the press statement out: {press.explanation}." if press else "",
    )


@partnership_view(perm="publication.manage")
def public_details(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    publication = _publication(request, publication_id)
    initial = {name: getattr(publication, name) for name in services.PUBLIC_FIELDS}
    form = forms.PublicDetailsForm(_posted(request), initial=initial)
    if _act(
        request,
        form,
        lambda: services.update_public_details(publication=publication, by=request.user, **form.cleaned_data),
        done="Public page wording saved",
    ):
        return redirect(publication)
    return _page(request, publication, form, title="What the public page shows")


@partnership_view(perm="publication.manage")
def register(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    """The pseudonym register (real name → alias), the form to add one, and the last check's hits."""
    publication = _publication(request, publication_id)
    form = forms.PseudonymForm(_posted(request))
    if _act(
        request,
        form,
        lambda: services.add_pseudonym(publication=publication, by=request.user, **form.cleaned_data),
        done="Added to the register",
    ):
        return redirect("publication:register", partnership_slug, publication.public_id)
    check = pseudonyms.latest_check(publication)
    return _page(
        request,
        publication,
        form,
        title="Pseudonym register",
        template="publication/register.html",
        entries=publication.pseudonyms.all(),
        check=check,
        check_passes=pseudonyms.check_passes(publication),
        suggestions=len(pseudonyms.suggested_entries(publication)),
    )


@partnership_view(perm="publication.manage")
@require_POST
def prefill(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    publication = _publication(request, publication_id)
    added = services.prefill_register(publication=publication, by=request.user)
    messages.success(
        request, f"{added} name(s) added from the referral" if added else "No new names in the referral"
    )
    return redirect("publication:register", partnership_slug, publication.public_id)


@partnership_view(perm="publication.manage")
@require_POST
def remove_pseudonym(request: HttpRequest, partnership_slug: str, publication_id: Any, pseudonym_id: Any) -> HttpResponse:  # fmt: skip
    publication = _publication(request, publication_id)
    entry = get_object_or_404(PseudonymEntry.objects.filter(publication=publication), public_id=pseudonym_id)
    try:
        services.remove_pseudonym(entry=entry, by=request.user)
    except TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{entry.alias} removed from the register")
    return redirect("publication:register", partnership_slug, publication.public_id)


@partnership_view(perm="publication.manage")
@require_POST
def run_check(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    publication = _publication(request, publication_id)
    check = services.run_pseudonym_check(publication=publication, by=request.user)
    messages.success(
        request,
        "The check passed: no identifying details found"
        if check.is_clean
        else f"The check found {len(check.hits)} identifying detail(s)",
    )
    return redirect("publication:register", partnership_slug, publication.public_id)


@partnership_view(perm="publication.decide")
def override(request: HttpRequest, partnership_slug: str, publication_id: Any, process_id: Any) -> HttpResponse:  # fmt: skip
    """Publish despite an open constraint of a parallel process: the reason is recorded."""
    publication = _publication(request, publication_id)
    process = get_object_or_404(ParallelProcess.objects.filter(case=publication.case), public_id=process_id)
    form = forms.ReasonForm(
        _posted(request),
        submit_label="Record the override",
        label="Why publication can go ahead despite this constraint",
    )
    if _act(
        request,
        form,
        lambda: services.override_constraint(
            publication=publication,
            parallel_process=process,
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        done="Override recorded",
    ):
        return redirect(publication)
    return _page(
        request,
        publication,
        form,
        title=f"Override the constraint: {process.get_kind_display()}",
        description=process.constraint or process.description,
    )


@partnership_view(perm="publication.decide")
def publish(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    """Confirm publication; the page lists exactly which conditions are still open."""
    publication = _publication(request, publication_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Publish the report")
    if _act(
        request,
        form,
        lambda: workflow.publish(publication=publication, by=request.user),
        done="Report published",
    ):
        return redirect(publication)
    return _page(
        request,
        publication,
        form,
        title="Publish the report",
        template="publication/publish.html",
        conditions=rules.gate(publication),
        publication_time=request.partnership.option("publication_time"),
    )


@partnership_view(perm="publication.decide")
def not_publishing(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    publication = _publication(request, publication_id)
    form = forms.NotPublishingForm(_posted(request))
    if _act(
        request,
        form,
        lambda: workflow.decide_not_to_publish(publication=publication, by=request.user, **form.cleaned_data),
        done="Decision not to publish recorded",
    ):
        return redirect(publication)
    return _page(
        request,
        publication,
        form,
        title="Decide not to publish",
        description=(
            "Publication is expected. If the partners consider it inappropriate, record why; the information "
            "about the improvements made is still published."
        ),
    )


@partnership_view(perm="publication.decide")
def publish_improvements(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    publication = _publication(request, publication_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Publish the information about improvements")
    if _act(
        request,
        form,
        lambda: workflow.publish_improvements(publication=publication, by=request.user),
        done="Information about improvements published",
    ):
        return redirect(publication)
    return _page(
        request, publication, form, title="Publish the information about improvements",
        description=publication.improvements_information,
    )  # fmt: skip


@partnership_view(perm="publication.decide")
def withdraw(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    publication = _publication(request, publication_id)
    form = forms.ReasonForm(
        _posted(request), submit_label="Withdraw the report", label="Why is the report withdrawn?"
    )
    if _act(
        request,
        form,
        lambda: workflow.withdraw(
            publication=publication, reason=form.cleaned_data["reason"], by=request.user
        ),
        done="Report withdrawn from the public page",
    ):
        return redirect(publication)
    return _page(request, publication, form, title="Withdraw the published report")


@partnership_view(perm="publication.manage")
def archive(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    publication = _publication(request, publication_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Archive the report")
    if _act(
        request,
        form,
        lambda: workflow.archive(publication=publication, by=request.user),
        done="Report archived",
    ):
        return redirect(publication)
    return _page(
        request,
        publication,
        form,
        title="Archive the report",
        description="The report leaves the public page and stays available on request.",
    )


@partnership_view(perm="publication.view")
def report_pdf(request: HttpRequest, partnership_slug: str, publication_id: Any) -> HttpResponse:
    """The report as it will be published (a preview for the office and the partners)."""
    publication = _publication(request, publication_id)
    name, pdf = documents.public_report_pdf(publication)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@partnership_view(perm="publication.view")
def national_returns(request: HttpRequest, partnership_slug: str, case_id: Any) -> HttpResponse:
    """Every message the National Panel, Ofsted and the DfE (and the NSPCC) were sent about one case."""
    case = get_object_or_404(Case.objects.filter(partnership=request.partnership), public_id=case_id)
    return render(
        request,
        "publication/national_returns.html",
        {"case": case, "returns": selectors.national_returns(case), "back_url": case.get_absolute_url()},
    )
