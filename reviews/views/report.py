"""The draft report online: reading and comparing versions, drafting (typed or uploaded), paragraph comments,
factual accuracy checks (the agencies' side too), recommendations and the partners' sign-off.

Confirm on GET, act on POST; every change goes through reviews.report_services, and a refusal lands in the
GOV.UK error summary with everything typed kept. Reviewers and panel members reach only the reviews they
are granted; an agency contact reaches only its own agency's factual accuracy checks (404 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cspr.access import has_perm, partnership_view
from cspr.models import Agency
from cspr.workflow import TransitionRefused
from reviews import report_forms as forms
from reviews import report_selectors as selectors
from reviews import report_services as services
from reviews.models import AccuracyCheck, Recommendation, ReportApproval, ReportComment, ReportVersion, Review
from reviews.selectors import reviews_for

VERSION_SAVED = "Version {number} saved"
COMMENT_ADDED = "Comment added"
REPLY_ADDED = "Reply added"
THREAD_RESOLVED = "Comment resolved"
THREAD_REOPENED = "Comment reopened"
CHECKS_SENT = "Factual accuracy check sent to {count} agencies"
ANSWERS_SAVED = "Your answers have been saved"
CHECK_RETURNED = "Factual accuracy check returned. Thank you."
APPROVED = "Approval of version {number} recorded"
FINAL_APPROVED = "Approval recorded: the final report is now approved by the safeguarding partners"
ENDORSED = "Endorsement of version {number} recorded"
RECOMMENDATION_SAVED = "Recommendation {number} saved"
RECOMMENDATION_REMOVED = "Recommendation removed"
RECOMMENDATIONS_ADDED = "{count} recommendations added from the report"


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _review(request: HttpRequest, review_id: Any) -> Review:
    visible = reviews_for(partnership=request.partnership, user=request.user, memberships=request.memberships)
    return get_object_or_404(visible, public_id=review_id)


def _version(review: Review, version_id: Any) -> ReportVersion:
    return get_object_or_404(ReportVersion.objects.filter(review=review), public_id=version_id)


def _url(name: str, review: Review, **kwargs: Any) -> str:
    return reverse(
        f"reviews:{name}",
        kwargs={"partnership_slug": review.partnership.slug, "review_id": review.public_id, **kwargs},
    )


def _page(request: HttpRequest, template: str, review: Review, **context: Any) -> HttpResponse:
    context.setdefault("back_url", _url("report", review))
    return render(request, template, {"review": review, "case": review.case, **context})


def _can_draft(request: HttpRequest, review: Review) -> bool:
    return has_perm(request, "review.conduct") and services.is_reviewer(request.user, review)


# --- Reading ---------------------------------------------------------------------------------------------


@partnership_view(perm="review.view")
def report(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """The latest draft with its comments, the versions, the checks, the recommendations and the sign-off."""
    review = _review(request, review_id)
    latest = services.latest_version(review)
    return _read(request, review, latest)


@partnership_view(perm="review.view")
def version(request: HttpRequest, partnership_slug: str, review_id: Any, version_id: Any) -> HttpResponse:
    """An earlier (or the latest) version as it was saved, with the comments that point into it."""
    review = _review(request, review_id)
    return _read(request, review, _version(review, version_id))


def _read(request: HttpRequest, review: Review, shown: ReportVersion | None) -> HttpResponse:
    view = (
        selectors.version_view(shown, guidance=selectors.section_guidance(review.partnership))
        if shown
        else None
    )
    versions = list(
        ReportVersion.objects.filter(review=review).select_related("created_by").order_by("-number")
    )
    signatories = services.signatories_for(request.memberships) if has_perm(request, "report.approve") else []
    return _page(
        request,
        "reviews/report/report.html",
        review,
        view=view,
        versions=versions,
        can_draft=_can_draft(request, review) and review.state not in _CLOSED,
        can_comment=has_perm(request, "report.comment"),
        can_request_checks=has_perm(request, "review.conduct") and shown is not None,
        can_approve=bool(signatories) and review.state == Review.State.FACTUAL_ACCURACY,
        can_endorse=has_perm(request, "report.record_endorsement")
        and review.partnership.option("report_scrutineer_endorsement")
        and review.state == Review.State.FACTUAL_ACCURACY,
        can_manage_recommendations=has_perm(request, "review.conduct"),
        checks=selectors.accuracy_rows(review),
        sign_off=selectors.sign_off(review),
        recommendations=list(Recommendation.objects.filter(review=review)),
        back_url=review.get_absolute_url(),
    )


_CLOSED = {Review.State.APPROVED, Review.State.HANDED_TO_PUBLICATION, Review.State.STOPPED}


@partnership_view(perm="review.view")
def compare(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """What changed between two versions (`?from=1&to=2`; by default the last two)."""
    review = _review(request, review_id)
    versions = list(ReportVersion.objects.filter(review=review).order_by("number"))
    if len(versions) < 2:
        raise Http404("There is only one version")
    by_number = {v.number: v for v in versions}
    try:
        new = by_number[int(request.GET.get("to", versions[-1].number))]
        old = by_number[int(request.GET.get("from", new.number - 1))]
    except (KeyError, ValueError) as exc:
        raise Http404("No such version") from exc
    return _page(
        request,
        "reviews/report/compare.html",
        review,
        old=old,
        new=new,
        versions=versions,
        changes=selectors.compare(old, new),
    )


# --- Drafting --------------------------------------------------------------------------------------------


def _drafter(request: HttpRequest, review_id: Any) -> Review:
    review = _review(request, review_id)
    if not _can_draft(request, review):
        raise Http404("Only the appointed reviewer drafts the report")
    return review


def _initial_draft(review: Review, latest: ReportVersion | None) -> dict[str, Any]:
    initial: dict[str, Any] = {"based_on": latest.number if latest else 0}
    if latest is None:
        initial["title"] = f"{review.get_kind_display()}: {review.case.child_pseudonym}"
        return initial
    initial["title"] = latest.title
    for section in latest.sections.all():
        initial[forms.DraftForm.field_name(section.key)] = section.body
    return initial


def _outline_for(review: Review, latest: ReportVersion | None) -> list[services.OutlineSection]:
    """The procedure's sections, then any the author added to the latest version (kept in their order)."""
    outline = services.outline(review.partnership)
    known = {s.key for s in outline}
    extra = [
        services.OutlineSection(key=s.key, heading=s.heading, guidance="")
        for s in (latest.sections.all() if latest else [])
        if s.key not in known
    ]
    return outline + extra


@partnership_view(perm="review.conduct")
def edit(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """The lead reviewer writes the report section by section; each save is a new version."""
    review = _drafter(request, review_id)
    latest = services.latest_version(review)
    form = forms.DraftForm(
        _posted(request), sections=_outline_for(review, latest), initial=_initial_draft(review, latest)
    )
    if form.is_valid():
        try:
            saved = services.save_version(
                review=review,
                by=request.user,
                title=form.cleaned_data["title"],
                sections=form.sections(),
                note=form.cleaned_data["note"],
                based_on=form.cleaned_data["based_on"],
            )
        except services.StaleReport as stale:
            return _conflict(request, review, stale.current, form)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, VERSION_SAVED.format(number=saved.number))
            return redirect(_url("report", review))
    return _page(
        request, "reviews/report/edit.html", review, form=form, latest=latest, title="Draft the report"
    )


def _conflict(
    request: HttpRequest, review: Review, current: ReportVersion, form: forms.DraftForm
) -> HttpResponse:
    """Someone saved a newer version first: show theirs beside what this author typed; nothing is saved."""
    theirs = {s.key: s for s in current.sections.all()}
    mine = form.sections()
    differences = [
        {
            "heading": s.heading,
            "theirs": theirs[s.key].body if s.key in theirs else "",
            "mine": services.normalise(s.body),
        }
        for s in mine
        if services.normalise(s.body) != (theirs[s.key].body if s.key in theirs else "")
    ]
    resolved = forms.DraftForm(
        sections=form.outline,
        initial={**{k: v for k, v in form.cleaned_data.items()}, "based_on": current.number},
    )
    return render(
        request,
        "reviews/report/conflict.html",
        {
            "review": review,
            "case": review.case,
            "current": current,
            "differences": differences,
            "form": resolved,
            "back_url": _url("report", review),
        },
        status=409,
    )


@partnership_view(perm="review.conduct")
def upload(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """The lead reviewer uploads a Word document; its headings become the report's sections."""
    review = _drafter(request, review_id)
    latest = services.latest_version(review)
    initial = {"based_on": latest.number if latest else 0, "title": latest.title if latest else ""}
    form = forms.UploadForm(_posted(request), request.FILES or None, initial=initial)
    if form.is_valid():
        try:
            sections = services.sections_from_docx(
                form.cleaned_data["document"], partnership=review.partnership
            )
            saved = services.save_version(
                review=review,
                by=request.user,
                title=form.cleaned_data["title"],
                sections=sections,
                note=form.cleaned_data["note"] or f"Uploaded from {form.cleaned_data['document'].name}",
                based_on=form.cleaned_data["based_on"],
            )
        except ValidationError as exc:
            form.add_error("document", exc)
        except services.StaleReport as stale:
            form.add_error(
                None,
                f"Version {stale.current.number} was saved while you were uploading. Read it first, then upload "
                "your document again: nothing has been overwritten.",
            )
            form.data = form.data.copy()
            form.data["based_on"] = str(stale.current.number)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, VERSION_SAVED.format(number=saved.number))
            return redirect(_url("report", review))
    return _page(
        request, "reviews/report/form_page.html", review, form=form, title="Upload the report", upload=True
    )


# --- Comments -------------------------------------------------------------------------------------------


def _commenter(request: HttpRequest, review_id: Any) -> Review:
    review = _review(request, review_id)
    if not has_perm(request, "report.comment"):
        raise Http404("No such review")
    return review


@partnership_view(perm="report.comment")
def comment(request: HttpRequest, partnership_slug: str, review_id: Any, version_id: Any) -> HttpResponse:
    """Comment on one paragraph (`?section=<key>&paragraph=<n>`, counting from 1)."""
    review = _commenter(request, review_id)
    shown = _version(review, version_id)
    key = request.GET.get("section", "")
    try:
        index = int(request.GET.get("paragraph", "0")) - 1
    except ValueError:
        index = -1
    section, quoted = selectors.paragraph_of(shown, key, index)
    form = forms.CommentForm(_posted(request))
    if section is None or not quoted:
        if not form.is_bound:  # a link to a paragraph that is not there: nothing to comment on
            raise Http404(services.NO_SUCH_PARAGRAPH.format(number=shown.number))
        form.is_valid()  # add_error needs the cleaned data
        form.add_error(None, services.NO_SUCH_PARAGRAPH.format(number=shown.number))
    elif form.is_valid():
        try:
            services.add_comment(
                review=review,
                version=shown,
                by=request.user,
                section_key=key,
                paragraph_index=index,
                body=form.cleaned_data["body"],
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, COMMENT_ADDED)
            return redirect(f"{_url('report', review)}#{key}-{index + 1}")
    return _page(
        request,
        "reviews/report/comment.html",
        review,
        form=form,
        version=shown,
        section=section,
        quoted=quoted,
        paragraph_number=index + 1,
        title="Comment on a paragraph",
    )


def _thread(review: Review, comment_id: Any) -> ReportComment:
    return get_object_or_404(ReportComment.objects.filter(review=review, thread=None), public_id=comment_id)


@partnership_view(perm="report.comment")
def reply(request: HttpRequest, partnership_slug: str, review_id: Any, comment_id: Any) -> HttpResponse:
    review = _commenter(request, review_id)
    thread = _thread(review, comment_id)
    form = forms.CommentForm(_posted(request), submit_label="Reply")
    if form.is_valid():
        try:
            services.reply(thread=thread, by=request.user, body=form.cleaned_data["body"])
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, REPLY_ADDED)
            return redirect(f"{_url('report', review)}#comment-{thread.public_id}")
    replies = list(ReportComment.objects.filter(thread=thread).select_related("author"))
    return _page(
        request, "reviews/report/reply.html", review, form=form, thread=thread, replies=replies, title="Reply"
    )


def _toggle(request: HttpRequest, review_id: Any, comment_id: Any, *, resolve: bool) -> HttpResponse:
    review = _commenter(request, review_id)
    thread = _thread(review, comment_id)
    label = "Resolve the comment" if resolve else "Reopen the comment"
    form = forms.ConfirmForm(_posted(request), submit_label=label)
    if request.method == "POST" and form.is_valid():
        try:
            (services.resolve if resolve else services.reopen)(thread=thread, by=request.user)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, THREAD_RESOLVED if resolve else THREAD_REOPENED)
            return redirect(f"{_url('report', review)}#comment-{thread.public_id}")
    replies = list(ReportComment.objects.filter(thread=thread).select_related("author"))
    return _page(
        request, "reviews/report/reply.html", review, form=form, thread=thread, replies=replies, title=label
    )


@partnership_view(perm="report.comment")
def resolve(request: HttpRequest, partnership_slug: str, review_id: Any, comment_id: Any) -> HttpResponse:
    return _toggle(request, review_id, comment_id, resolve=True)


@partnership_view(perm="report.comment")
def reopen(request: HttpRequest, partnership_slug: str, review_id: Any, comment_id: Any) -> HttpResponse:
    return _toggle(request, review_id, comment_id, resolve=False)


# --- Factual accuracy checks ----------------------------------------------------------------------------


@partnership_view(perm="review.conduct")
def request_checks(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Ask agencies to check the latest version by the procedure's deadline."""
    review = _review(request, review_id)
    latest = services.latest_version(review)
    if latest is None:
        raise Http404("There is no draft yet")
    asked = AccuracyCheck.objects.filter(version=latest).exclude(state=AccuracyCheck.State.WITHDRAWN)
    agencies = Agency.objects.filter(partnership=request.partnership).exclude(pk__in=asked.values("agency"))
    form = forms.AccuracyRequestForm(_posted(request), agencies=agencies)
    if form.is_valid():
        try:
            checks = services.request_accuracy_checks(
                review=review, version=latest, agencies=form.cleaned_data["agencies"], by=request.user
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, CHECKS_SENT.format(count=len(checks)))
            return redirect(_url("report", review))
    return _page(
        request,
        "reviews/report/form_page.html",
        review,
        form=form,
        title=f"Ask agencies to check version {latest.number} for factual accuracy",
        timescale=review.partnership.framework.timescale("factual_accuracy_check"),
    )


def _check(request: HttpRequest, check_id: Any) -> tuple[AccuracyCheck, bool]:
    """The check and whether the user answers it (its agency's contact); 404 for anyone without access."""
    mine = selectors.checks_for_agency_contact(request.partnership, request.memberships, request.user)
    found = mine.filter(public_id=check_id).first()
    if found is not None:
        return found, True
    check = get_object_or_404(
        AccuracyCheck.objects.filter(partnership=request.partnership).select_related(
            "review__case", "agency", "version"
        ),
        public_id=check_id,
    )
    visible = reviews_for(partnership=request.partnership, user=request.user, memberships=request.memberships)
    if has_perm(request, "review.view") and visible.filter(pk=check.review_id).exists():
        return check, False
    raise Http404("No such check")


@partnership_view()
def accuracy_checks(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    """An agency contact's factual accuracy checks in this partnership (only their own agency's)."""
    if not has_perm(request, "report.check_accuracy"):
        raise Http404("No checks")
    rows = []
    for check in selectors.checks_for_agency_contact(request.partnership, request.memberships, request.user):
        rows.append({"check": check, "deadline": selectors.check_deadline(check)})
    return render(request, "reviews/report/accuracy_list.html", {"rows": rows})


@partnership_view()
def accuracy_check(request: HttpRequest, partnership_slug: str, check_id: Any) -> HttpResponse:
    """The agency answers paragraph by paragraph; the review team reads the answers."""
    check, answering = _check(request, check_id)
    review = check.review
    sections = list(check.version.sections.all())
    paragraphs = [(s.key, i, p) for s in sections for i, p in enumerate(s.paragraphs())]
    answers = {(a.section_key, a.paragraph_index): a for a in check.answers.all()}
    editable = answering and check.state == AccuracyCheck.State.REQUESTED
    if editable:
        initial = {"general_comment": check.general_comment, "no_corrections": check.no_corrections}
        initial.update(
            {forms.AccuracyAnswerForm.field_name(k, i): a.correction for (k, i), a in answers.items()}
        )
        form = forms.AccuracyAnswerForm(_posted(request), paragraphs=paragraphs, initial=initial)
        if form.is_valid():
            try:
                saved = services.save_accuracy_answers(
                    check=check,
                    by=request.user,
                    corrections=form.corrections(),
                    general_comment=form.cleaned_data["general_comment"],
                    no_corrections=form.cleaned_data["no_corrections"],
                )
                if request.POST.get("action") == "return":
                    services.return_accuracy_check(check=saved, by=request.user)
            except TransitionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, CHECK_RETURNED if request.POST.get("action") == "return" else ANSWERS_SAVED
                )
                return redirect(request.path)
    else:
        if request.method == "POST":
            raise Http404("This check cannot be changed")
        form = None
    blocks = [
        {
            "section": s,
            "paragraphs": [
                {
                    "index": i,
                    "text": p,
                    "field": form[forms.AccuracyAnswerForm.field_name(s.key, i)] if form else None,
                    "answer": answers.get((s.key, i)),
                }
                for i, p in enumerate(s.paragraphs())
            ],
        }
        for s in sections
    ]
    return render(
        request,
        "reviews/report/accuracy_check.html",
        {
            "check": check,
            "review": review,
            "case": review.case,
            "form": form,
            "blocks": blocks,
            "answering": answering,
            "deadline": selectors.check_deadline(check),
            "back_url": reverse("reviews:accuracy_checks", args=[partnership_slug])
            if answering
            else _url("report", review),
        },
    )


# --- Sign-off -------------------------------------------------------------------------------------------


def _approve_version(request: HttpRequest, review: Review, form: Any) -> ReportVersion:
    found = ReportVersion.objects.filter(review=review, public_id=form.cleaned_data["version"]).first()
    if found is None:
        raise TransitionRefused(services.NO_VERSION)
    return found


@partnership_view(perm="report.approve")
def approve(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """A safeguarding partner approves the version they read (its id travels with the form)."""
    review = _review(request, review_id)
    latest = services.latest_version(review)
    if latest is None:
        raise Http404("There is no draft yet")
    signatories = services.signatories_for(request.memberships)
    form = forms.ApprovalForm(
        _posted(request), signatories=signatories, initial={"version": latest.public_id}
    )
    if form.is_valid():
        try:
            approval = services.approve(
                review=review,
                version=_approve_version(request, review, form),
                by=request.user,
                signatory=form.cleaned_data["signatory"],
                person=form.cleaned_data["person"],
                comment=form.cleaned_data["comment"],
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            review.refresh_from_db()
            done = FINAL_APPROVED if review.state == Review.State.APPROVED else APPROVED
            messages.success(request, done.format(number=approval.version.number))
            return redirect(_url("report", review))
    return _page(
        request,
        "reviews/report/approve.html",
        review,
        form=form,
        latest=latest,
        sign_off=selectors.sign_off(review),
        checks=selectors.accuracy_rows(review),
        title=f"Approve version {latest.number} of the report",
    )


@partnership_view(perm="report.record_endorsement")
def endorse(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Record the independent scrutineer's endorsement, where the procedure asks for it."""
    review = _review(request, review_id)
    latest = services.latest_version(review)
    if latest is None:
        raise Http404("There is no draft yet")
    form = forms.EndorsementForm(_posted(request), initial={"version": latest.public_id})
    if form.is_valid():
        try:
            approval = services.approve(
                review=review,
                version=_approve_version(request, review, form),
                by=request.user,
                signatory=ReportApproval.Signatory.SCRUTINEER,
                person=form.cleaned_data["person"],
                comment=form.cleaned_data["comment"],
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, ENDORSED.format(number=approval.version.number))
            return redirect(_url("report", review))
    return _page(
        request,
        "reviews/report/approve.html",
        review,
        form=form,
        latest=latest,
        sign_off=selectors.sign_off(review),
        checks=selectors.accuracy_rows(review),
        title=f"Record the independent scrutineer's endorsement of version {latest.number}",
    )


# --- Recommendations ------------------------------------------------------------------------------------


@partnership_view(perm="review.conduct")
def recommendation_add(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    review = _review(request, review_id)
    form = forms.RecommendationForm(_posted(request))
    if form.is_valid():
        try:
            saved = services.add_recommendation(review=review, by=request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, RECOMMENDATION_SAVED.format(number=saved.number))
            return redirect(f"{_url('report', review)}#recommendations")
    return _page(request, "reviews/report/form_page.html", review, form=form, title="Add a recommendation")


def _recommendation(review: Review, recommendation_id: Any) -> Recommendation:
    return get_object_or_404(Recommendation.objects.filter(review=review), public_id=recommendation_id)


@partnership_view(perm="review.conduct")
def recommendation_edit(
    request: HttpRequest, partnership_slug: str, review_id: Any, recommendation_id: Any
) -> HttpResponse:
    review = _review(request, review_id)
    recommendation = _recommendation(review, recommendation_id)
    initial = {f: getattr(recommendation, f) for f in ("text", "addressed_to", "measures")}
    form = forms.RecommendationForm(_posted(request), initial=initial)
    if form.is_valid():
        try:
            services.change_recommendation(
                recommendation=recommendation, by=request.user, **form.cleaned_data
            )
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, RECOMMENDATION_SAVED.format(number=recommendation.number))
            return redirect(f"{_url('report', review)}#recommendations")
    return _page(
        request,
        "reviews/report/form_page.html",
        review,
        form=form,
        title=f"Change recommendation {recommendation.number}",
    )


@partnership_view(perm="review.conduct")
def recommendation_remove(
    request: HttpRequest, partnership_slug: str, review_id: Any, recommendation_id: Any
) -> HttpResponse:
    review = _review(request, review_id)
    recommendation = _recommendation(review, recommendation_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Remove the recommendation")
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_recommendation(recommendation=recommendation, by=request.user)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, RECOMMENDATION_REMOVED)
            return redirect(f"{_url('report', review)}#recommendations")
    return _page(
        request,
        "reviews/report/form_page.html",
        review,
        form=form,
        title=f"Remove recommendation {recommendation.number}?",
        description=recommendation.text,
    )


@partnership_view(perm="review.conduct")
def recommendations_from_report(request: HttpRequest, partnership_slug: str, review_id: Any) -> HttpResponse:
    """Record each paragraph of the report's recommendations section as a numbered recommendation."""
    review = _review(request, review_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Add the recommendations")
    if request.method == "POST" and form.is_valid():
        try:
            added = services.recommendations_from_report(review=review, by=request.user)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, RECOMMENDATIONS_ADDED.format(count=len(added)))
            return redirect(f"{_url('report', review)}#recommendations")
    return _page(
        request,
        "reviews/report/form_page.html",
        review,
        form=form,
        title="Take the recommendations from the report",
        description="Each paragraph of the latest version's recommendations section becomes a numbered "
        "recommendation, unless it is already recorded.",
    )
