"""Learning workshops: planning, the invitation list per agency, the invitation (Document 15) with the
briefing note (16) and agenda (17) as PDFs from the case data, attendance, conversations with key
practitioners, the feedback event, and the workshop held moving the review on."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cspr.documents import pdf_text
from cspr.tasks import process_outbox
from cspr.tenancy import scopes_disabled
from cspr.workflow import TransitionRefused
from reviews import workshops
from reviews.models import PractitionerConversation, Review, Workshop, WorkshopDispatch, WorkshopInvitee
from tests.reviews.report_factories import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(partnership_a):
    return cast(partnership_a)


def url(name, c, **kw):
    return reverse(
        f"reviews:{name}",
        kwargs={"partnership_slug": c.partnership.slug, "review_id": c.review.public_id, **kw},
    )


def date_fields(name, value):
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def plan(client, c, on: date) -> Workshop:
    response = client.post(
        url("workshop_new", c),
        {
            "kind": Workshop.Kind.LEARNING_WORKSHOP,
            **date_fields("on", on),
            "starts": "09:45",
            "ends": "13:00",
            "venue": "Council House, Committee Room 2",
            "feedback_session": "Tuesday 4 May 2027, 2pm",
            "contact": "Jo Office, 0121 000 0000",
            "signed_by": "Chair of the CSPR Group",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        return Workshop.unscoped.get(review=c.review)


def test_the_lead_reviewer_runs_the_workshop_from_invitations_to_held(client, c, time_machine):
    time_machine.move_to(datetime(2027, 3, 1, 9, 0, tzinfo=timezone.get_current_timezone()), tick=False)
    client.force_login(c.lead)
    workshop = plan(client, c, date(2027, 3, 10))
    for agency, name, email in [
        (c.hospital, "Sam Nurse", "sam@hospital.example"),
        (c.school, "Kim Teacher", "kim@school.example"),
    ]:
        response = client.post(
            url("workshop_invitee_add", c, workshop_id=workshop.public_id),
            {"agency": agency.pk, "name": name, "job_title": "Practitioner", "email": email},
        )
        assert response.status_code == 302
    # The same person twice is refused with a message.
    response = client.post(
        url("workshop_invitee_add", c, workshop_id=workshop.public_id),
        {"agency": c.school.pk, "name": "Kim", "job_title": "Teacher", "email": "kim@school.example"},
    )
    assert "already on the invitation list" in response.content.decode()

    page = client.get(url("workshop", c, workshop_id=workshop.public_id)).content.decode()
    assert c.hospital.name in page and "Sam Nurse" in page

    with scopes_disabled():
        assert client.post(url("workshop_send", c, workshop_id=workshop.public_id), {}).status_code == 302
        dispatch = WorkshopDispatch.unscoped.get(workshop=workshop)
    assert sorted(dispatch.to) == ["kim@school.example", "sam@hospital.example"]
    assert [d["key"] for d in dispatch.documents] == workshops.DOCUMENT_KEYS
    process_outbox()
    sent = [m for m in mail.outbox if "sam@hospital.example" in m.to]
    assert sent and len(sent[0].attachments) == 3

    # Before the day: cannot be recorded as held.
    response = client.post(url("workshop_held", c, workshop_id=workshop.public_id), {"learning_notes": ""})
    assert "cannot be recorded as held before it starts" in response.content.decode()

    time_machine.move_to(datetime(2027, 3, 10, 14, 0, tzinfo=timezone.get_current_timezone()), tick=False)
    client.force_login(c.lead)
    with scopes_disabled():
        sam = WorkshopInvitee.unscoped.get(email="sam@hospital.example")
        kim = WorkshopInvitee.unscoped.get(email="kim@school.example")
    response = client.post(
        url("workshop_attendance", c, workshop_id=workshop.public_id),
        {f"attendance__{sam.public_id.hex}": "attended", f"attendance__{kim.public_id.hex}": "apologies"},
    )
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.attendance == WorkshopInvitee.Attendance.ATTENDED
    response = client.post(
        url("workshop_held", c, workshop_id=workshop.public_id),
        {"learning_notes": "Professionals did not know who held the lead role."},
    )
    assert response.status_code == 302
    with scopes_disabled():
        c.review.refresh_from_db()
    assert c.review.state == Review.State.WORKSHOP_HELD

    # Kim could not come: the lead reviewer talks to her instead (§8.11).
    response = client.post(
        url("conversation_new", c),
        {
            "agency": c.school.pk,
            "practitioner": "Kim Teacher",
            "job_title": "Class teacher",
            **date_fields("held_on", date(2027, 3, 10)),
            "reason": PractitionerConversation.Reason.INSTEAD_OF_WORKSHOP,
            "summary": "The school raised the bruise with the family.",
        },
    )
    assert response.status_code == 302
    assert "The school raised the bruise" in client.get(url("workshops", c)).content.decode()


def test_the_documents_are_rendered_from_the_case(client, c):
    with scopes_disabled():
        workshop = workshops.plan_workshop(
            review=c.review,
            by=c.bo,
            kind=Workshop.Kind.LEARNING_WORKSHOP,
            starts_at=timezone.make_aware(datetime(2027, 3, 10, 9, 45)),
            ends_at=time(13, 0),
            venue="Council House, Committee Room 2",
            feedback_session="Tuesday 4 May 2027, 2pm",
            contact="Jo Office, 0121 000 0000",
            signed_by="Chair of the CSPR Group",
        )
    client.force_login(c.panel)
    invitation = pdf_text(
        client.get(url("workshop_invitation_pdf", c, workshop_id=workshop.public_id)).content
    )
    assert "Document 15" in invitation
    assert "Council House, Committee Room 2" in invitation
    assert c.review.case.reference in invitation
    assert "Tuesday 4 May 2027, 2pm" in invitation
    briefing = pdf_text(client.get(url("workshop_briefing_pdf", c, workshop_id=workshop.public_id)).content)
    assert "Document 16" in briefing and "will not be attributable to individuals" in briefing
    agenda = pdf_text(client.get(url("workshop_agenda_pdf", c, workshop_id=workshop.public_id)).content)
    assert "Document 17" in agenda and "Who knew what when?" in agenda and "13:00" in agenda


def test_sending_with_nobody_invited_is_refused(c):
    with scopes_disabled():
        workshop = workshops.plan_workshop(
            review=c.review,
            by=c.bo,
            kind=Workshop.Kind.FEEDBACK_EVENT,
            starts_at=timezone.now(),
            ends_at=time(16, 0),
            venue="Online",
            contact="Jo",
            signed_by="Lead reviewer",
        )
        with pytest.raises(TransitionRefused, match="Add the practitioners"):
            workshops.send_invitations(workshop=workshop, by=c.bo)


def test_the_feedback_event_does_not_move_the_review(c):
    with scopes_disabled():
        Review.unscoped.filter(pk=c.review.pk).update(state=Review.State.DRAFT_REPORT)
        event = workshops.plan_workshop(
            review=c.review,
            by=c.bo,
            kind=Workshop.Kind.FEEDBACK_EVENT,
            starts_at=timezone.now(),
            ends_at=time(23, 59),
            venue="Online",
            contact="Jo",
            signed_by="Lead reviewer",
        )
        workshops.record_held(workshop=event, by=c.lead, learning_notes="Practitioners agreed the analysis.")
        c.review.refresh_from_db()
    assert c.review.state == Review.State.DRAFT_REPORT
