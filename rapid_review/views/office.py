"""The business office's, the chair's and the partners' pages of a rapid review.

Confirm on GET, act on POST: every change goes through rapid_review.workflow (or services for drafts), and a
refusal lands in the GOV.UK error summary with everything typed kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cspr import page_cache
from cspr.access import has_perm, partnership_view
from cspr.forms import GDSForm, today_default
from cspr.models import Agency, Case
from cspr.roles import Role
from cspr.workflow import TransitionRefused
from rapid_review import forms, rules, selectors, services, workflow
from rapid_review.models import Position, RapidReview

STATE_COLOURS = {
    RapidReview.State.SCOPING: "grey",
    RapidReview.State.AWAITING_RETURNS: "blue",
    RapidReview.State.MEETING_SCHEDULED: "light-blue",
    RapidReview.State.MEETING_HELD: "purple",
    RapidReview.State.DECISION_RECORDED: "turquoise",
    RapidReview.State.SUBMITTED: "green",
    RapidReview.State.PANEL_RESPONDED: "green",
    RapidReview.State.PROGRESSED: "green",
    RapidReview.State.CLOSED: "grey",
}

# A partner representative records their own organisation's position by default.
OWN_POSITION = {
    Role.PARTNER_LOCAL_AUTHORITY: Position.Role.LOCAL_AUTHORITY,
    Role.PARTNER_POLICE: Position.Role.POLICE,
    Role.PARTNER_HEALTH: Position.Role.HEALTH,
}


def _posted(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty, as on a confirmation page), else None (unbound)."""
    return request.POST if request.method == "POST" else None


def _rapid_review(request: HttpRequest, rapid_review_id: Any) -> RapidReview:
    rapid_review = get_object_or_404(selectors.rapid_reviews(request.partnership), public_id=rapid_review_id)
    # The partnership read by the middleware (with its framework) serves the review and its case too,
    # so neither URLs nor the procedure's rules read it again.
    rapid_review.partnership = rapid_review.case.partnership = request.partnership
    return rapid_review


def _page(
    request: HttpRequest,
    rapid_review: RapidReview,
    template: str,
    form: GDSForm | None,
    *,
    title: str,
    **context: Any,
) -> HttpResponse:
    context = {
        "rapid_review": rapid_review,
        "case": rapid_review.case,
        "form": form,
        "title": title,
        "state_colour": STATE_COLOURS.get(rapid_review.state, "grey"),
        "back_url": rapid_review.get_absolute_url(),
        **context,
    }
    return render(request, template, context)


def _act(request: HttpRequest, form: GDSForm, act: Any, *, done: str, field: str | None = None) -> bool:
    """Run a transition for a valid form; a refusal goes to the error summary (or onto `field`)."""
    if not form.is_valid():
        return False
    try:
        act()
    except TransitionRefused as exc:
        form.add_error(field, str(exc))
        return False
    messages.success(request, done)
    return True


@partnership_view(perm="rapid_review.manage")
def start(request: HttpRequest, partnership_slug: str, case_id: Any) -> HttpResponse:
    """Open the rapid review of a case whose referral was accepted for one."""
    case = get_object_or_404(Case.objects.filter(partnership=request.partnership), public_id=case_id)
    existing = selectors.rapid_review_of(case)
    if existing is not None:
        return redirect(existing)
    form = forms.ConfirmForm(_posted(request), submit_label="Start the rapid review")
    if _act(
        request,
        form,
        lambda: workflow.open_rapid_review(
            case=case, by=request.user, referral_accepted=selectors.referral_accepted(case)
        ),
        done="Rapid review started",
    ):
        return redirect(selectors.rapid_review_of(case))
    context = {
        "case": case,
        "form": form,
        "title": "Start the rapid review",
        "back_url": case.get_absolute_url(),
        "description": (
            "This starts the clocks for sending the scoping requests and holding the meeting, counted from "
            "the date the referral was received."
        ),
    }
    return render(request, "rapid_review/start.html", context)


@partnership_view(perm="case.view")
def detail(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    """The rapid review at a glance: where each step stands, what is due, and what to do next."""
    part = page_cache.part(
        request,
        "rapid_review_detail",
        lambda now: _detail_part(request, rapid_review_id, now),
        vary=(str(rapid_review_id), page_cache.roles_of(request)),
    )
    return render(request, "rapid_review/detail.html", {**part.values, "rapid_review_detail": part.html})


def _detail_part(request: HttpRequest, rapid_review_id: Any, now: datetime) -> page_cache.Rendered:
    rr = _rapid_review(request, rapid_review_id)
    deadlines = selectors.case_deadlines(rr)
    requests = selectors.request_rows(rr, now=now, deadlines=deadlines)
    steps = selectors.overview(rr, now=now, rows=requests)
    for step in steps:
        step.actions = [a for a in step.actions if has_perm(request, a.perm)]
    late_notice_due = selectors.late_notice_due(rr)
    subgroup_composite = request.partnership.option("subgroup_composite")
    context = {
        "rapid_review": rr,
        "case": rr.case,
        "state_colour": STATE_COLOURS.get(rr.state, "grey"),
        "steps": steps,
        "deadlines": deadlines,
        "requests": requests,
        "late_notice_due": late_notice_due,
        "can_send_late_notice": late_notice_due and has_perm(request, "rapid_review.record_decision"),
        "late_notices": selectors.late_notices(rr),
        "subgroup_composite": subgroup_composite,
        "composites": selectors.composites(rr) if subgroup_composite else [],
        "can_send_composite": rr.state in services.COMPOSITE_STATES
        and has_perm(request, "rapid_review.manage"),
        "outcome": selectors.outcome_label(rr),
    }
    return page_cache.Rendered(
        html=page_cache.render_part(request, "rapid_review/_partials/detail.html", context, now=now),
        # Returns turn late, and clocks overdue, at their due times.
        changes_at=page_cache.next_change((d.due_at for d in deadlines), now),
        values={"case_reference": rr.case.reference, "back_url": rr.case.get_absolute_url()},
    )


@partnership_view(perm="rapid_review.manage")
def send_requests(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    form = forms.SendRequestsForm(
        _posted(request),
        agencies=Agency.objects.filter(partnership=request.partnership),
        initial={
            "case_summary": rr.case_summary or selectors.case_summary_default(rr.case),
            "period_under_review": rr.period_under_review,
            "agencies": [a.pk for a in selectors.default_agencies(request.partnership, rr.case)],
        },
    )
    if _act(
        request,
        form,
        lambda: workflow.send_scoping_requests(
            rapid_review=rr,
            agencies=list(form.cleaned_data["agencies"]),
            case_summary=form.cleaned_data["case_summary"],
            period_under_review=form.cleaned_data["period_under_review"],
            by=request.user,
        ),
        done="Scoping requests sent",
    ):
        return redirect(rr)
    return _page(
        request,
        rr,
        "rapid_review/send_requests.html",
        form,
        title="Send scoping requests",
        deadline=selectors.deadline(rr, "send_scoping_requests"),
        return_timescale=request.partnership.framework.timescale("scoping_return"),
    )


@partnership_view(perm="rapid_review.manage")
def add_request(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    form = forms.AddAgencyForm(_posted(request), agencies=selectors.agencies_without_request(rr))
    if _act(
        request,
        form,
        lambda: workflow.add_scoping_request(
            rapid_review=rr, agency=form.cleaned_data["agency"], by=request.user
        ),
        done="Scoping request sent",
    ):
        return redirect(rr)
    return _page(request, rr, "rapid_review/form_page.html", form, title="Add an agency")


@partnership_view(perm="rapid_review.manage")
def schedule_meeting(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    initial = {}
    if rr.meeting_at:
        at = timezone.localtime(rr.meeting_at)
        initial = {
            "meeting_on": at.date(),
            "meeting_time": f"{at:%H:%M}",
            "meeting_format": rr.meeting_format,
        }
        initial["outside_window_reason"] = rr.meeting_outside_window_reason
    form = forms.ScheduleMeetingForm(_posted(request), initial=initial)
    valid = form.is_valid()
    meeting_on = getattr(form, "cleaned_data", {}).get("meeting_on") or initial.get("meeting_on")
    # A date outside the window needs a reason: the refusal is put on the reason field.
    needs_reason = (
        valid
        and not form.cleaned_data["outside_window_reason"].strip()
        and bool(rules.meeting_window_problem(rr, meeting_on))
    )
    if _act(
        request,
        form,
        lambda: workflow.schedule_meeting(
            rapid_review=rr,
            meeting_at=form.meeting_at(),
            meeting_format=form.cleaned_data["meeting_format"],
            outside_window_reason=form.cleaned_data["outside_window_reason"],
            by=request.user,
        ),
        done="Meeting scheduled",
        field="outside_window_reason" if needs_reason else None,
    ):
        return redirect(rr)
    return _page(
        request,
        rr,
        "rapid_review/schedule_meeting.html",
        form,
        title="Schedule the rapid review meeting",
        window=selectors.deadline(rr, "rapid_review_meeting"),
        target=selectors.deadline(rr, "complete_rapid_review"),
        latest_for_target=selectors.latest_meeting_for_target(rr),
        risk=rules.fifteen_day_risk(rr, meeting_on) if meeting_on else "",
    )


@partnership_view(perm="rapid_review.manage")
def attendance(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    form = forms.AttendeeForm(_posted(request))
    if _act(
        request,
        form,
        lambda: workflow.record_attendee(rapid_review=rr, by=request.user, **form.cleaned_data),
        done="Attendee added",
    ):
        return redirect(
            "rapid_review:attendance", partnership_slug=partnership_slug, rapid_review_id=rr.public_id
        )
    return _page(
        request,
        rr,
        "rapid_review/attendance.html",
        form,
        title="Meeting attendance",
        attendees=selectors.attendees(rr),
        quorum=rules.describe_quorum(rr),
        quorum_problem=rules.quorum_problem(rr),
    )


@partnership_view(perm="rapid_review.manage")
def meeting_held(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    form = forms.MeetingHeldForm(_posted(request), initial={"omissions": rr.omissions_from_attendance})
    if _act(
        request,
        form,
        lambda: workflow.record_meeting_held(
            rapid_review=rr, by=request.user, omissions=form.cleaned_data["omissions"]
        ),
        done="Meeting recorded as held",
    ):
        return redirect(rr)
    return _page(
        request,
        rr,
        "rapid_review/meeting_held.html",
        form,
        title="Record that the meeting took place",
        attendees=selectors.attendees(rr),
        quorum=rules.describe_quorum(rr),
        quorum_problem=rules.quorum_problem(rr),
    )


@partnership_view(perm="rapid_review.record_position")
def positions(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    roles = selectors.position_roles(rr)
    own = next((OWN_POSITION[m.role] for m in request.memberships if m.role in OWN_POSITION), None)
    name = request.user.get_full_name() or request.user.get_username()
    form = forms.PositionForm(
        _posted(request), roles=roles, initial={"role": own if own in roles else None, "person": name}
    )
    today_default(form, "recorded_on")
    if _act(
        request,
        form,
        lambda: workflow.record_position(rapid_review=rr, by=request.user, **form.cleaned_data),
        done="Position recorded",
    ):
        return redirect(
            "rapid_review:positions", partnership_slug=partnership_slug, rapid_review_id=rr.public_id
        )
    return _page(
        request,
        rr,
        "rapid_review/positions.html",
        form,
        title="Record a decision-maker's position",
        positions=selectors.positions(rr),
        missing=selectors.missing_positions(rr),
    )


@partnership_view(perm="rapid_review.record_decision")
def meeting_record(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    fields = forms.MeetingRecordForm.base_fields
    form = forms.MeetingRecordForm(_posted(request), initial={name: getattr(rr, name) for name in fields})
    if _act(
        request,
        form,
        lambda: services.save_meeting_record(rapid_review=rr, by=request.user, **form.cleaned_data),
        done="Meeting record saved",
    ):
        return redirect(rr)
    return _page(
        request,
        rr,
        "rapid_review/form_page.html",
        form,
        title="Meeting record",
        description=(
            "Document 4, Section 2: completed during the meeting and agreed by participants. You can save it "
            "and come back to it until the decision is recorded."
        ),
    )


@partnership_view(perm="rapid_review.record_decision")
def decision(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    outcomes = request.partnership.framework.outcomes
    form = forms.DecisionForm(_posted(request), outcomes=outcomes)
    if _act(
        request,
        form,
        lambda: workflow.record_decision(rapid_review=rr, by=request.user, **form.cleaned_data),
        done="Decision recorded",
    ):
        return redirect(rr)
    return _page(
        request,
        rr,
        "rapid_review/decision.html",
        form,
        title="Record the decision",
        positions=selectors.positions(rr),
        missing=selectors.missing_positions(rr),
        quorum_problem=rules.quorum_problem(rr),
    )


@partnership_view(perm="rapid_review.manage")
def submit(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Submit to the National Panel")
    if _act(
        request,
        form,
        lambda: workflow.submit_to_national_panel(rapid_review=rr, by=request.user),
        done="Rapid review submitted to the National Panel",
    ):
        return redirect(rr)
    framework = request.partnership.framework
    return _page(
        request,
        rr,
        "rapid_review/submit.html",
        form,
        title="Submit the rapid review to the National Panel",
        recipient=framework.recipient("national_panel"),
        documents=[
            d for d in (framework.document("rapid_review"), framework.document("national_panel_letter")) if d
        ],
        deadlines=[
            d
            for d in (
                selectors.deadline(rr, k) for k in ("submit_to_national_panel", "complete_rapid_review")
            )
            if d
        ],
        outcome=selectors.outcome_label(rr),
    )


@partnership_view(perm="rapid_review.record_decision")
def late_notice(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    if not request.partnership.option("late_rapid_review_notice"):
        raise Http404("This procedure has no late notice")
    form = forms.LateNoticeForm(_posted(request))
    if _act(
        request,
        form,
        lambda: services.draft_late_notice(rapid_review=rr, by=request.user, **form.cleaned_data),
        done="Late notice sent to the National Panel",
    ):
        return redirect(rr)
    return _page(
        request,
        rr,
        "rapid_review/late_notice.html",
        form,
        title="Tell the National Panel the rapid review will be late",
        target=selectors.deadline(rr, "complete_rapid_review"),
        recipient=request.partnership.framework.recipient("national_panel"),
        late_notices=selectors.late_notices(rr),
    )


@partnership_view(perm="rapid_review.manage")
def panel_response(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    form = forms.PanelResponseForm(_posted(request))
    today_default(form, "received_on")
    if _act(
        request,
        form,
        lambda: workflow.record_panel_response(rapid_review=rr, by=request.user, **form.cleaned_data),
        done="National Panel response recorded",
    ):
        return redirect(rr)
    return _page(
        request, rr, "rapid_review/form_page.html", form, title="Record the National Panel's response"
    )


@partnership_view(perm="rapid_review.record_decision")
def revise(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    form = forms.ReviseForm(_posted(request))
    if _act(
        request,
        form,
        lambda: workflow.revise_decision(rapid_review=rr, by=request.user, **form.cleaned_data),
        done="Decision reopened for revision",
    ):
        return redirect(rr)
    return _page(
        request,
        rr,
        "rapid_review/form_page.html",
        form,
        title="Revise the decision",
        description="The decision is reopened so it can be revised and submitted to the National Panel again.",
    )


@partnership_view(perm="rapid_review.manage")
def conclude(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    form = forms.ConfirmForm(_posted(request), submit_label="Conclude the rapid review")
    if _act(
        request,
        form,
        lambda: workflow.conclude(rapid_review=rr, by=request.user),
        done="Rapid review concluded",
    ):
        return redirect(rr)
    return _page(
        request,
        rr,
        "rapid_review/form_page.html",
        form,
        title="Conclude the rapid review",
        description=(
            f"The decision was: {selectors.outcome_label(rr)}. "
            + (
                "The case moves on to the review stage."
                if selectors.concludes_in_review(rr)
                else "There is to be no further review, so the case closes."
            )
        ),
    )


@partnership_view(perm="rapid_review.manage")
def composite(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    """Cambridgeshire & Peterborough: send the returns so far to the case review subgroup for views."""
    rr = _rapid_review(request, rapid_review_id)
    if not request.partnership.option("subgroup_composite"):
        raise Http404("This procedure sends no composite to a subgroup")
    form = forms.CompositeForm(_posted(request))
    if _act(
        request,
        form,
        lambda: services.send_composite_to_subgroup(rapid_review=rr, by=request.user, **form.cleaned_data),
        done="Composite sent to the case review subgroup",
    ):
        return redirect(rr)
    return _page(
        request,
        rr,
        "rapid_review/composite.html",
        form,
        title="Send the composite of the returns to the case review subgroup",
        timescale=request.partnership.framework.timescale("subgroup_views"),
        composites=selectors.composites(rr),
    )


@partnership_view(perm="rapid_review.manage")
def subgroup_views(request: HttpRequest, partnership_slug: str, rapid_review_id: Any) -> HttpResponse:
    rr = _rapid_review(request, rapid_review_id)
    if not request.partnership.option("subgroup_composite"):
        raise Http404("This procedure sends no composite to a subgroup")
    form = forms.SubgroupViewsForm(_posted(request), initial={"views": rr.subgroup_views})
    if _act(
        request,
        form,
        lambda: services.record_subgroup_views(rapid_review=rr, by=request.user, **form.cleaned_data),
        done="The subgroup's views are saved",
    ):
        return redirect(rr)
    return _page(request, rr, "rapid_review/form_page.html", form, title="The case review subgroup's views")
