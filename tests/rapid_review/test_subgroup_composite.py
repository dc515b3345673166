"""Cambridgeshire & Peterborough: the composite of the returns goes to the case review subgroup, whose views
are due within 72 hours; the drafted message leaves through the outbox, once, with the composite attached."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from cspr.documents import pdf_text
from cspr.models import CaseEvent, Deadline
from cspr.tasks import process_outbox
from cspr.tenancy import scopes_disabled
from rapid_review import services, workflow
from rapid_review.models import Dispatch, RapidReview, ScopingRequest
from tests.factories import AgencyFactory, PartnershipFactory
from tests.rapid_review.office_factories import TODAY, rapid_review

pytestmark = pytest.mark.django_db
State = RapidReview.State


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def cambs(bo_a):
    partnership = PartnershipFactory(slug="cambs", procedure="cambridgeshire-peterborough")
    from cspr.roles import Role
    from tests.factories import member

    return partnership, member(partnership, Role.BUSINESS_OFFICE, username="cambs-bo")


def _with_one_return(partnership, bo):
    hospital = AgencyFactory(partnership=partnership, name="City Hospital NHS Trust")
    school = AgencyFactory(partnership=partnership, name="Example Primary School")
    rr = rapid_review(partnership, bo, to=State.AWAITING_RETURNS, agencies=[hospital, school])
    with scopes_disabled():
        returned = ScopingRequest.unscoped.get(rapid_review=rr, agency=hospital)
        returned.involvement_summary = "Seen in the emergency department with a spiral fracture."
        returned.save()
        workflow.submit_return(request=returned, by=bo)
    return rr


def _url(name, rr):
    return reverse(f"rapid_review:{name}", args=[rr.partnership.slug, rr.public_id])


def test_the_composite_goes_out_once_with_the_returns_and_starts_the_72_hour_clock(
    client, cambs, django_capture_on_commit_callbacks
):
    partnership, bo = cambs
    rr = _with_one_return(partnership, bo)
    client.force_login(bo)
    assert "Send the composite to the subgroup" in client.get(_url("detail", rr)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("composite", rr), {"to": "crsg@example.org, chair@example.org", "message": "Views please."}
        )
    assert response.status_code == 302
    with scopes_disabled():
        dispatch = Dispatch.unscoped.get(rapid_review=rr, kind=Dispatch.Kind.SUBGROUP_COMPOSITE)
        clock = Deadline.unscoped.get(case=rr.case, key="subgroup_views")
    assert clock.due_at == TODAY + timedelta(hours=72)
    assert dispatch.sent_at is not None
    [email] = [m for m in mail.outbox if "composite" in m.subject]
    assert email.to == ["crsg@example.org", "chair@example.org"]
    [(name, pdf, _)] = email.attachments
    text = pdf_text(pdf)
    assert "spiral fracture" in text and "Example Primary School" in text  # returned, and still outstanding

    process_outbox()  # a second sweep sends nothing again
    assert len([m for m in mail.outbox if "composite" in m.subject]) == 1

    client.post(_url("subgroup_views", rr), {"views": "Meets the criteria."})
    with scopes_disabled():
        clock.refresh_from_db()
        rr.refresh_from_db()
    assert clock.met_at is not None and rr.subgroup_views == "Meets the criteria."
    assert "Meets the criteria." in client.get(_url("detail", rr)).content.decode()


def test_bad_addresses_are_named_and_the_message_is_kept(client, cambs):
    partnership, bo = cambs
    rr = _with_one_return(partnership, bo)
    client.force_login(bo)
    page = client.post(
        _url("composite", rr), {"to": "crsg@example.org not-an-address", "message": "Views please."}
    )
    body = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in body
    assert "not-an-address" in body and "Views please." in body
    with scopes_disabled():
        assert not Dispatch.unscoped.filter(rapid_review=rr).exists()


def test_refused_before_any_return(client, cambs):
    partnership, bo = cambs
    rr = rapid_review(partnership, bo, to=State.AWAITING_RETURNS)
    client.force_login(bo)
    body = client.post(_url("composite", rr), {"to": "crsg@example.org", "message": "Views"}).content.decode()
    assert services.COMPOSITE_TOO_EARLY.replace("'", "&#x27;") in body


def test_only_where_the_procedure_has_a_subgroup_composite(client, partnership_a, bo_a):
    rr = rapid_review(partnership_a, bo_a, to=State.AWAITING_RETURNS)
    client.force_login(bo_a)
    assert client.get(_url("composite", rr)).status_code == 404
    assert "Case review subgroup" not in client.get(_url("detail", rr)).content.decode()


def test_the_late_notice_is_emailed_by_the_outbox(cambs, django_capture_on_commit_callbacks):
    from datetime import date

    partnership, bo = cambs
    rr = rapid_review(partnership, bo, to=State.AWAITING_RETURNS)
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        services.draft_late_notice(
            rapid_review=rr, by=bo, reasons="Waiting for police", expected_on=date(2027, 1, 20)
        )
    [email] = [m for m in mail.outbox if "late notice" in m.subject]
    assert "Waiting for police" in email.body
    assert email.to == [partnership.framework.recipient("national_panel")]
    with scopes_disabled():
        assert CaseEvent.unscoped.get(code="rapid_review.late_notice_sent").processed_at is not None
