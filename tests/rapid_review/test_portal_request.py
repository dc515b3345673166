"""The agency's request page: the return as a draft, a stale save, submission, lateness, "not known to us",
and the business office reopening it. Request sent Mon 21 Dec 2026; due Wed 30 Dec (Christmas and the
Boxing Day substitute skipped)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

from cspr.models import CaseEvent
from cspr.roles import Role
from rapid_review import workflow
from rapid_review.models import ScopingRequest
from rapid_review.views import portal as views
from tests.factories import member
from tests.rapid_review.factories import ScopingRequestFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SENT_AT = datetime(2026, 12, 21, 10, 0, tzinfo=LONDON)
AFTER_DUE = datetime(2027, 1, 4, 11, 0, tzinfo=LONDON)
State = ScopingRequest.State


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(SENT_AT, tick=False)


@pytest.fixture
def sent(partnership_a, agency_a, agency_contact_a):
    return ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)


def url(request: ScopingRequest, name: str = "request") -> str:
    return reverse(
        f"rapid_review:{name}",
        kwargs={"partnership_slug": request.partnership.slug, "request_id": request.public_id},
    )


def answers(request: ScopingRequest, **changes) -> dict:
    data = {
        "completed_by_name": "Dana Nurse",
        "completed_by_title": "Named nurse, Alpha Hospital NHS Trust",
        "completed_by_contact": "0121 000 0000, dana@example.org",
        "family_anomalies": "",
        "involvement_summary": "Seen in the emergency department on 3 March 2025.",
        "practice_analysis": "",
        "working_together_concerns": "",
        "other_agencies_involved": "",
        "further_information": "",
        "version": request.version,
        "action": "save",
    }
    data.update(changes)
    return data


def reload(request: ScopingRequest) -> ScopingRequest:
    return ScopingRequest.unscoped.get(pk=request.pk)


def test_it_shows_the_background_family_and_due_date(client, sent, agency_contact_a):
    client.force_login(agency_contact_a)
    response = client.get(url(sent))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jamie, aged 6, was admitted to hospital" in page  # Document 2 background
    assert "Jamie Example" in page and "Alex Example" in page  # Section 1, for checking against records
    assert "Wednesday 30 December 2026" in page
    assert "Overdue" not in page
    for field in (
        "completed_by_name",
        "involvement_summary",
        "practice_analysis",
        "records_secured",
        "version",
    ):
        assert f'name="{field}"' in page


def test_it_saves_a_draft_and_keeps_the_text(client, sent, agency_contact_a):
    client.force_login(agency_contact_a)
    response = client.post(url(sent), answers(sent), follow=True)
    assert escape(views.DRAFT_SAVED) in response.content.decode()
    saved = reload(sent)
    assert saved.involvement_summary == "Seen in the emergency department on 3 March 2025."
    assert saved.state == State.IN_PROGRESS
    assert saved.version == sent.version + 1
    assert "Seen in the emergency department on 3 March 2025." in client.get(url(sent)).content.decode()


def test_autosave_answers_with_the_new_version(client, sent, agency_contact_a):
    client.force_login(agency_contact_a)
    response = client.post(url(sent), answers(sent, autosave="1"))
    assert response.status_code == 200
    assert response.json()["version"] == sent.version + 1
    assert response.json()["saved_at"] == "10:00"


def test_a_stale_save_shows_both_texts_and_loses_nothing(client, sent, agency_contact_a):
    colleague = member(sent.partnership, Role.AGENCY_CONTACT, agency=sent.agency)
    workflow.save_return_draft(
        request=sent,
        by=colleague,
        fields={"involvement_summary": "Colleague's account of the A&E visit."},
        version=sent.version,
    )
    client.force_login(agency_contact_a)
    response = client.post(url(sent), answers(sent, involvement_summary="My account of the A&E visit."))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Colleague&#x27;s account of the A&amp;E visit." in page
    assert "My account of the A&amp;E visit." in page
    assert reload(sent).involvement_summary == "Colleague's account of the A&E visit."  # theirs kept
    # The page carries the current version, so saving from it now succeeds with the user's text.
    assert f'value="{reload(sent).version}"' in page
    client.post(url(sent), answers(reload(sent), involvement_summary="Merged account."))
    assert reload(sent).involvement_summary == "Merged account."


def test_a_stale_autosave_is_refused(client, sent, agency_contact_a):
    workflow.save_return_draft(
        request=sent, by=agency_contact_a, fields={"further_information": "x"}, version=sent.version
    )
    client.force_login(agency_contact_a)
    response = client.post(url(sent), answers(sent, autosave="1"))
    assert response.status_code == 409
    assert response.json()["error"] == views.AUTOSAVE_STALE


def test_submit_makes_it_read_only(client, sent, agency_contact_a):
    client.force_login(agency_contact_a)
    response = client.post(url(sent), answers(sent, action="submit"), follow=True)
    page = response.content.decode()
    assert escape(views.RETURN_SUBMITTED) in page
    assert reload(sent).state == State.SUBMITTED
    assert 'name="involvement_summary"' not in page  # a summary, not a form
    assert "Seen in the emergency department on 3 March 2025." in page
    assert client.post(url(sent), answers(reload(sent), involvement_summary="Changed")).status_code == 405
    assert reload(sent).involvement_summary == "Seen in the emergency department on 3 March 2025."


def test_submit_refusal_is_in_the_error_summary_and_the_text_is_kept(client, sent, agency_contact_a):
    client.force_login(agency_contact_a)
    response = client.post(
        url(sent), answers(sent, action="submit", involvement_summary="", completed_by_name="Dana")
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and escape(workflow.RETURN_INCOMPLETE) in page
    assert 'value="Dana"' in page
    assert reload(sent).completed_by_name == "Dana"  # the draft was saved before the refusal
    assert escape(views.DRAFT_KEPT) in page  # and the page says so
    assert reload(sent).state == State.IN_PROGRESS


def test_a_late_return_is_marked_late_and_still_accepted(client, sent, agency_contact_a, time_machine):
    time_machine.move_to(AFTER_DUE, tick=False)
    client.force_login(agency_contact_a)
    assert "Overdue — still accepted" in client.get(url(sent)).content.decode()
    response = client.post(url(sent), answers(sent, action="submit"), follow=True)
    assert reload(sent).state == State.SUBMITTED
    assert "Returned late" in response.content.decode()


def test_not_known_to_us_is_one_step(client, sent, agency_contact_a):
    client.force_login(agency_contact_a)
    confirm = client.get(url(sent, "no_involvement"))
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode() and "csrfmiddlewaretoken" in confirm.content.decode()
    assert reload(sent).state == State.SENT  # GET only asks
    response = client.post(url(sent, "no_involvement"), follow=True)
    assert escape(views.NO_INVOLVEMENT_CONFIRMED) in response.content.decode()
    done = reload(sent)
    assert done.state == State.SUBMITTED and done.no_involvement
    assert CaseEvent.unscoped.filter(code="scoping.no_involvement", subject_id=sent.public_id).exists()


def test_the_business_office_reopens_it_with_a_reason(
    client, partnership_a, agency_a, agency_contact_a, bo_a
):
    returned = ScopingRequestFactory(partnership=partnership_a, agency=agency_a, submitted=True)
    client.force_login(bo_a)
    page = client.get(url(returned)).content.decode()
    assert "Reopen the return" in page
    refused = client.post(url(returned, "reopen_return"), {"reason": ""})
    assert "Say why the return is being reopened" in refused.content.decode()
    client.post(url(returned, "reopen_return"), {"reason": "Please add the GP records"})
    assert reload(returned).state == State.REOPENED
    client.force_login(agency_contact_a)
    page = client.get(url(returned)).content.decode()
    assert 'name="involvement_summary"' in page and "Please add the GP records" in page


def test_reopening_requires_the_business_office(client, partnership_a, agency_a, agency_contact_a, reader_a):
    returned = ScopingRequestFactory(partnership=partnership_a, agency=agency_a, submitted=True)
    client.force_login(reader_a)
    assert client.get(url(returned)).status_code == 200  # case readers may read the return
    assert client.post(url(returned, "reopen_return"), {"reason": "No"}).status_code == 403
    client.force_login(agency_contact_a)
    assert client.post(url(returned, "reopen_return"), {"reason": "No"}).status_code == 403
    assert reload(returned).state == State.SUBMITTED


def test_it_hides_another_agencys_request(client, partnership_a, other_agency_a, agency_contact_a):
    theirs = ScopingRequestFactory(partnership=partnership_a, agency=other_agency_a, sent=True)
    client.force_login(agency_contact_a)
    assert client.get(url(theirs)).status_code == 404
    assert client.post(url(theirs), answers(theirs)).status_code == 404
    assert client.post(url(theirs, "no_involvement")).status_code == 404
    assert reload(theirs).state == State.SENT


def test_the_grant_alone_is_not_enough(client, sent, agency_contact_a):
    from cspr.models import Membership

    Membership.unscoped.filter(user=agency_contact_a).update(is_active=False)
    client.force_login(agency_contact_a)
    assert client.get(url(sent)).status_code == 404


def test_the_membership_alone_is_not_enough(client, partnership_a, agency_a):
    request = ScopingRequestFactory(partnership=partnership_a, agency=agency_a, sent=True)
    late_joiner = member(partnership_a, Role.AGENCY_CONTACT, agency=agency_a)  # joined after it was sent
    client.force_login(late_joiner)
    assert client.get(url(request)).status_code == 404


def test_it_hides_other_partnership(client, partnership_b, bo_a, agency_contact_a):
    theirs = ScopingRequestFactory(partnership=partnership_b, sent=True)
    for user in (bo_a, agency_contact_a):
        client.force_login(user)
        wrong_slug = url(theirs).replace(f"/p/{partnership_b.slug}/", "/p/alpha/")
        assert client.get(wrong_slug).status_code == 404
        assert client.get(url(theirs)).status_code == 404


def test_a_save_without_the_version_is_refused(client, sent, agency_contact_a):
    client.force_login(agency_contact_a)
    data = answers(sent)
    del data["version"]
    page = client.post(url(sent), data).content.decode()
    assert "govuk-error-summary" in page and views.RELOAD in page
    assert "Seen in the emergency department on 3 March 2025." in page
    assert reload(sent).involvement_summary == ""


def test_the_business_office_does_not_see_a_draft(client, partnership_a, agency_a, agency_contact_a, bo_a):
    drafting = ScopingRequestFactory(partnership=partnership_a, agency=agency_a, in_progress=True)
    client.force_login(bo_a)
    page = client.get(url(drafting)).content.decode()
    assert "has not submitted its return yet" in page
    assert drafting.involvement_summary not in page
    assert "Reopen the return" not in page
