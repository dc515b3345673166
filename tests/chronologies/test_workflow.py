"""The request's transitions: each allowed pair has its one function; everything else is refused."""

from __future__ import annotations

import pytest

from chronologies import workflow
from chronologies.models import AgencyRequest, ChronologyEntry, Submission
from cspr.models import CaseEvent, Deadline
from cspr.tenancy import scope
from cspr.workflow import TransitionRefused
from reviews.models import Review
from tests.chronologies.factories import SIGN_OFF, AgencyRequestFactory, office, review_gathering
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
State = AgencyRequest.State


def test_every_transition_has_one_function():
    pairs = {(a, b) for a, targets in workflow.TRANSITIONS.items() for b in targets}
    assert pairs == set(workflow.FUNCTIONS)


def test_sending_starts_the_clock_and_grants_the_agency(partnership_a, agency_a, agency_contact_a):
    request = AgencyRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    with scope(partnership_a):
        assert request.state == State.SENT
        clock = Deadline.objects.get(key="chronology_return", subject_id=request.public_id)
        assert clock.met_at is None
        assert agency_contact_a.has_perm("chronologies.respond_agencyrequest", request)
        event = CaseEvent.objects.get(code="chronology.request_sent")
        assert event.processed_at is None  # the outbox emails the letter


def test_requests_go_out_only_while_the_review_gathers_information(partnership_a, agency_a):
    review = review_gathering(partnership_a, state=Review.State.TOR_AGREED)
    with scope(partnership_a), pytest.raises(TransitionRefused, match="gathering information"):
        workflow.create_requests(
            review=review,
            agencies=[agency_a],
            kinds=["chronology"],
            instructions="",
            period_under_review="",
            by=office(partnership_a),
            send=True,
        )


def test_a_second_live_request_of_the_same_kind_is_refused(partnership_a, agency_a):
    request = AgencyRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    with (
        scope(partnership_a),
        pytest.raises(TransitionRefused, match="already has a live chronology request"),
    ):
        workflow.create_requests(
            review=request.review,
            agencies=[agency_a],
            kinds=["chronology"],
            instructions="",
            period_under_review="",
            by=office(partnership_a),
            send=True,
        )


@pytest.mark.parametrize("trait", ["sent", "in_progress", "accepted", "withdrawn"])
def test_only_a_submission_can_be_accepted(partnership_a, trait):
    request = AgencyRequestFactory(partnership=partnership_a, **{trait: True})
    with scope(partnership_a), pytest.raises(TransitionRefused, match="cannot be done"):
        workflow.accept(request=request, by=office(partnership_a))


@pytest.mark.parametrize("trait", ["submitted", "accepted", "withdrawn", "draft"])
def test_the_agency_cannot_submit_unless_the_request_is_with_it(partnership_a, trait):
    request = AgencyRequestFactory(partnership=partnership_a, **{trait: True})
    with scope(partnership_a), pytest.raises(TransitionRefused):
        workflow.submit(request=request, by=office(partnership_a), **SIGN_OFF)


def test_an_empty_chronology_cannot_be_submitted(partnership_a):
    request = AgencyRequestFactory(partnership=partnership_a, sent=True)
    with scope(partnership_a), pytest.raises(TransitionRefused, match=workflow.NO_ENTRIES):
        workflow.submit(request=request, by=office(partnership_a), **SIGN_OFF)


def test_an_incomplete_information_report_cannot_be_submitted(partnership_a):
    request = AgencyRequestFactory(partnership=partnership_a, sent=True, information_report=True)
    with scope(partnership_a):
        workflow.save_report(request=request, by=office(partnership_a), answers={"analysis": "Partial"})
        with pytest.raises(TransitionRefused, match="Answer every question"):
            workflow.submit(request=request, by=office(partnership_a), **SIGN_OFF)


def test_send_back_needs_comments(partnership_a):
    request = AgencyRequestFactory(partnership=partnership_a, submitted=True)
    with scope(partnership_a), pytest.raises(TransitionRefused, match=workflow.NO_COMMENTS):
        workflow.send_back(request=request, by=office(partnership_a), comments="  ")


def test_withdrawing_stops_the_clock_and_leaves_the_integrated_chronology(partnership_a):
    request = AgencyRequestFactory(partnership=partnership_a, returned=True)
    with scope(partnership_a):
        assert ChronologyEntry.objects.filter(request=request, current=True).count() == 1
        workflow.withdraw(request=request, by=office(partnership_a), reason="Agency not involved after all")
        assert not ChronologyEntry.objects.filter(request=request, current=True).exists()
        clock = Deadline.objects.get(subject_id=request.public_id)
        assert clock.cancelled_at is not None


def test_send_back_and_resubmit_keeps_every_version(partnership_a):
    request = AgencyRequestFactory(partnership=partnership_a, returned=True, entries=2)
    by = office(partnership_a)
    with scope(partnership_a):
        from chronologies import services
        from tests.chronologies.factories import ENTRY

        services.add_entry(request=request, by=by, values={**ENTRY, "event": "GP appointment missed"})
        second = workflow.submit(request=request, by=by, **SIGN_OFF)
        versions = list(Submission.objects.filter(request=request).order_by("number"))
        assert [(v.number, v.outcome, v.entry_count) for v in versions] == [
            (1, Submission.Outcome.RETURNED, 2),
            (2, Submission.Outcome.PENDING, 3),
        ]
        assert versions[0].qa_comments == "Add the GP's contacts"
        assert ChronologyEntry.objects.filter(submission=versions[0]).count() == 2  # the old version is kept
        current = ChronologyEntry.objects.filter(request=request, current=True)
        assert set(current.values_list("submission", flat=True)) == {second.pk}
        workflow.accept(request=request, by=by)
        request.refresh_from_db()
        assert request.state == State.ACCEPTED


def test_late_submission_is_accepted_and_the_clock_shows_it(partnership_a, time_machine):
    from datetime import datetime

    from chronologies.selectors import is_late
    from tests.chronologies.conftest import LONDON

    request = AgencyRequestFactory(partnership=partnership_a, in_progress=True)
    time_machine.move_to(datetime(2027, 2, 1, 9, 0, tzinfo=LONDON), tick=False)
    with scope(partnership_a):
        workflow.submit(request=request, by=office(partnership_a), **SIGN_OFF)
        clock = Deadline.objects.get(subject_id=request.public_id)
        request.refresh_from_db()
        assert request.state == State.SUBMITTED and is_late(request, clock)


def test_sign_off_cannot_be_dated_in_the_future(partnership_a):
    from datetime import date

    request = AgencyRequestFactory(partnership=partnership_a, in_progress=True)
    with scope(partnership_a), pytest.raises(TransitionRefused, match="today or in the past"):
        workflow.submit(
            request=request, by=office(partnership_a), **{**SIGN_OFF, "signed_off_on": date(2027, 1, 5)}
        )


def test_requests_for_several_agencies_and_both_kinds(partnership_a):
    agencies = [AgencyFactory(partnership=partnership_a) for _ in range(2)]
    review = review_gathering(partnership_a)
    with scope(partnership_a):
        created = workflow.create_requests(
            review=review,
            agencies=agencies,
            kinds=["chronology", "information_report"],
            instructions="",
            period_under_review="",
            by=office(partnership_a),
            send=False,
        )
        assert len(created) == 4 and {r.state for r in created} == {State.DRAFT}
        assert not Deadline.objects.filter(case=review.case).exists()  # drafts have no clock yet
