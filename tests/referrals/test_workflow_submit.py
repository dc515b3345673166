"""submit_referral: guards, the case it opens, the audit row and the duplicate flag."""

from __future__ import annotations

from datetime import date

import pytest

from cspr.models import CaseEvent, Deadline
from cspr.tenancy import scope
from cspr.workflow import TransitionRefused
from referrals import workflow
from referrals.models import Referral
from tests.referrals.factories import ChildFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_it_opens_the_case_with_a_reference_and_the_15_working_day_clock(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a)
    with scope(partnership_a):
        referral = workflow.submit_referral(referral=referral, by=bo_a)
        clock = Deadline.objects.get(case=referral.case, key="complete_rapid_review")
        event = CaseEvent.objects.get(code="referral.submitted")
    assert referral.state == Referral.State.SUBMITTED
    assert referral.case.reference == f"{partnership_a.reference_prefix}-2026-001"
    assert referral.case.child_pseudonym == "Child A"
    assert referral.case.aware_of_incident == date(2026, 3, 2)
    assert clock.origin.date() == date(2026, 3, 2)
    assert (event.from_state, event.to_state, event.stage, event.by) == (
        "draft",
        "submitted",
        "referral",
        bo_a,
    )
    assert event.subject_id == referral.public_id
    assert referral.submitted_at is not None


def test_an_agency_referral_is_received_on_the_day_it_is_submitted(partnership_a, agency_contact_a, agency_a):
    referral = ReferralFactory(partnership=partnership_a, from_agency=True, referring_agency=agency_a)
    with scope(partnership_a):
        referral = workflow.submit_referral(referral=referral, by=agency_contact_a)
    assert referral.referral_received == date(2026, 3, 4)
    assert referral.aware_of_incident == date(2026, 3, 4)
    assert referral.case.referral_received == date(2026, 3, 4)


def test_it_refuses_incomplete_sections(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a, blank=True)
    with scope(partnership_a), pytest.raises(TransitionRefused) as refused:
        workflow.submit_referral(referral=referral, by=bo_a)
    assert str(refused.value) == workflow.SECTIONS_INCOMPLETE.format(
        sections="About the referral, Referrer and safeguarding lead, The child, "
        "Family and significant others, Other agencies involved, Case background and key events"
    )


def test_a_section_saved_but_missing_an_answer_is_incomplete(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a, reason_for_referral="")
    with scope(partnership_a), pytest.raises(TransitionRefused) as refused:
        workflow.submit_referral(referral=referral, by=bo_a)
    assert str(refused.value) == workflow.SECTIONS_INCOMPLETE.format(
        sections="Case background and key events"
    )


def test_it_refuses_without_the_discussion_with_a_safeguarding_lead(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a, discussed_with_safeguarding_lead=False)
    with scope(partnership_a), pytest.raises(TransitionRefused, match=workflow.NOT_DISCUSSED):
        workflow.submit_referral(referral=referral, by=bo_a)


def test_it_refuses_dates_in_the_future(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a, date_of_incident=date(2026, 3, 5))
    with scope(partnership_a), pytest.raises(TransitionRefused) as refused:
        workflow.submit_referral(referral=referral, by=bo_a)
    assert str(refused.value) == workflow.DATE_IN_FUTURE.format(label="date of death or serious incident")


def test_it_refuses_awareness_after_receipt(partnership_a, bo_a):
    referral = ReferralFactory(
        partnership=partnership_a, aware_of_incident=date(2026, 3, 4), referral_received=date(2026, 3, 3)
    )
    with scope(partnership_a), pytest.raises(TransitionRefused, match=workflow.AWARE_AFTER_RECEIVED):
        workflow.submit_referral(referral=referral, by=bo_a)
    referral.refresh_from_db()
    assert referral.state == Referral.State.DRAFT and referral.case_id is None


def test_it_refuses_a_referral_already_submitted(partnership_a, bo_a):
    referral = ReferralFactory(partnership=partnership_a, submitted=True)
    with scope(partnership_a), pytest.raises(TransitionRefused) as refused:
        workflow.submit_referral(referral=referral, by=bo_a)
    assert str(refused.value) == workflow.NOT_ALLOWED.format(from_state="submitted", to_state="submitted")


def test_it_flags_a_possible_duplicate_without_merging(partnership_a, bo_a):
    first = ReferralFactory(partnership=partnership_a, submitted=True, child=None)
    ChildFactory(referral=first, name="Jamie  EXAMPLE")
    second = ReferralFactory(partnership=partnership_a)
    with scope(partnership_a):
        second = workflow.submit_referral(referral=second, by=bo_a)
        flag = CaseEvent.objects.get(code="referral.possible_duplicate")
    assert second.possible_duplicate_of == first
    assert second.case != first.case
    assert flag.case == second.case
    assert flag.data["possible_duplicate_of"] == str(first.public_id)


def test_closed_or_other_childrens_referrals_are_not_duplicates(partnership_a, partnership_b, bo_a):
    ReferralFactory(partnership=partnership_a, not_accepted=True)  # same child, but not open
    ReferralFactory(partnership=partnership_b, submitted=True)  # same child, other partnership
    other_child = ReferralFactory(partnership=partnership_a, submitted=True, child=None)
    ChildFactory(referral=other_child, name="Jamie Example", date_of_birth=date(2019, 1, 1))
    referral = ReferralFactory(partnership=partnership_a)
    with scope(partnership_a):
        referral = workflow.submit_referral(referral=referral, by=bo_a)
    assert referral.possible_duplicate_of is None
