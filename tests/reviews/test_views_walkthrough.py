"""End to end through the real pages, for each of the five procedures: the business office commissions the
review from the case page, drafts the terms of reference, the chair approves them, the office appoints the
lead reviewer (whose name goes to the National Panel, Ofsted and DfE) and the review team; the lead reviewer
records a team meeting, then moves the review from information gathering to the draft report.

The rapid review decided on Thu 7 Jan 2027, so a local review is due six months later on Wed 7 Jul 2027 and
Cambridgeshire & Peterborough's other learning review three months later on Wed 7 Apr 2027."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from cspr.models import Deadline
from cspr.roles import Role
from cspr.tasks import process_outbox
from cspr.tenancy import scopes_disabled
from reviews.models import Review, ReviewDispatch
from tests.factories import AgencyFactory, PartnershipFactory, member
from tests.reviews.factories import progressed
from tests.reviews.helpers import date_fields, ok, terms_data, url

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
WORKING_DAY = datetime(2027, 1, 11, 10, 0, tzinfo=LONDON)  # Mon 11 Jan 2027
State = Review.State

WALKS = [
    ("west-midlands", "local_review", "complete_local_review", date(2027, 7, 7)),
    ("llr", "local_review", "complete_local_review", date(2027, 7, 7)),
    ("cambridgeshire-peterborough", "local_review", "complete_local_review", date(2027, 7, 7)),
    (
        "cambridgeshire-peterborough",
        "other_learning_review",
        "complete_other_learning_review",
        date(2027, 4, 7),
    ),
    ("northamptonshire", "local_review", "complete_local_review", date(2027, 7, 7)),
    ("lewisham", "local_review", "complete_local_review", date(2027, 7, 7)),
]


def due(review: Review, key: str) -> date:
    with scopes_disabled():
        deadline = Deadline.unscoped.get(case=review.case, key=key, cancelled_at=None)
    return deadline.due_at.astimezone(LONDON).date()


@pytest.mark.parametrize(("procedure", "leads_to", "clock", "completion"), WALKS)
def test_from_commissioning_to_the_draft_report(client, time_machine, procedure, leads_to, clock, completion):
    partnership = PartnershipFactory(slug=f"rev-{procedure}", procedure=procedure)
    bo = member(partnership, Role.BUSINESS_OFFICE, username=f"bo-{procedure}")
    chair = member(partnership, Role.CHAIR, username=f"chair-{procedure}")
    lead = member(partnership, Role.REVIEWER, username=f"lead-{procedure}")
    police = member(partnership, Role.PARTNER_POLICE, username=f"police-{procedure}")
    hospital = AgencyFactory(partnership=partnership, name="City Hospital NHS Trust")
    rr = progressed(partnership, bo, leads_to=leads_to, time_machine=time_machine)
    time_machine.move_to(WORKING_DAY, tick=False)

    # The business office commissions the review from the case page.
    client.force_login(bo)
    assert "Commission the review" in client.get(rr.case.get_absolute_url()).content.decode()
    from django.urls import reverse

    commission = reverse("reviews:commission", args=[partnership.slug, rr.public_id])
    assert "Commission the review" in client.get(commission).content.decode()
    ok(client.post(commission))
    with scopes_disabled():
        review = Review.unscoped.get(case=rr.case)
    assert review.decided_on == date(2027, 1, 7)
    assert due(review, clock) == completion
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Commissioned" in page and completion.strftime("%-d %b %Y") in page

    # Terms of reference: drafted by the office, approved by the review group's chair.
    ok(
        client.post(
            url("terms_edit", review), terms_data(agencies=[hospital], planned_completion=date(2027, 6, 1))
        )
    )
    client.force_login(chair)
    ok(client.post(url("terms_approve", review), {"approval_note": "Review group, 11 January 2027"}))
    with scopes_disabled():
        review.refresh_from_db()
    assert review.state == State.TOR_AGREED

    # The lead reviewer is appointed; their name goes to the National Panel, Ofsted and DfE.
    client.force_login(bo)
    ok(
        client.post(
            url("appoint_reviewer", review),
            {"user": lead.pk, "role": "lead", "organisation": "Independent", "no_conflict_declared": "on"},
        )
    )
    mail.outbox.clear()
    process_outbox()
    (notice,) = [m for m in mail.outbox if "reviewer appointed" in m.subject]
    assert set(notice.to) == {
        "Mailbox.NationalReviewPanel@education.gov.uk",
        "SCR.SIN@ofsted.gov.uk",
        "Mailbox.CPOD@education.gov.uk",
    }
    assert lead.get_full_name() or lead.username in notice.body
    # Information gathering waits for the reviewer's declarations.
    response = client.post(url("start_information_gathering", review))
    assert response.status_code == 200 and "not yet declared" in response.content.decode()

    # The reviewer makes the declarations and sees the review; the office builds the team.
    client.force_login(lead)
    with scopes_disabled():
        appointment = review.reviewers.get()
    ok(
        client.post(
            url("declarations", review, appointment.public_id),
            {"no_conflict_declared": "on", "confidentiality_accepted": "on"},
        )
    )
    client.force_login(bo)
    for name, organisation, represents in [
        ("Lee Social Care", partnership.local_authority, "local_authority"),
        ("Pat Police", partnership.police, "police"),
        ("Hal Health", partnership.health, "health"),
    ]:
        account = police.pk if represents == "police" else ""
        ok(
            client.post(
                url("team", review),
                {"name": name, "organisation": organisation, "represents": represents, "account": account},
            )
        )
    ok(client.post(url("start_information_gathering", review)))

    # The lead reviewer records a team meeting and takes the review on to the draft report.
    client.force_login(lead)
    ok(
        client.post(
            url("meeting_new", review),
            {
                **date_fields("held_on", date(2027, 1, 11)),
                "agenda": "1. Terms of reference\n2. Family engagement",
                "family_engagement": "Letters sent to both parents.",
                "actions": "Chase the GP records",
            },
        )
    )
    for step in ["start_analysis"]:
        ok(client.post(url(step, review)))
    ok(client.post(url("record_workshop_held", review), date_fields("held_on", date(2027, 1, 11))))
    ok(client.post(url("start_draft_report", review)))
    with scopes_disabled():
        review.refresh_from_db()
        assert review.state == State.DRAFT_REPORT
        assert review.dispatches.filter(kind=ReviewDispatch.Kind.REVIEWER_NOTICE).get().sent_at is not None

    # The police representative on the team can read the review; the clock is unchanged.
    client.force_login(police)
    assert client.get(review.get_absolute_url()).status_code == 200
    assert due(review, clock) == completion
