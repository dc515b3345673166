"""End to end through the real pages: from an accepted referral to "submitted to the National Panel", as the
business office, the chair and the partner representatives, for each of the five procedures."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from rapid_review import rules, selectors
from rapid_review.models import Attendee, Position, RapidReview
from referrals.models import InvolvedAgency
from tests.factories import AgencyFactory, PartnershipFactory, member
from tests.rapid_review.office_factories import AFTER_MEETING, MEETING_ON, TODAY, accepted_case, plain_outcome

pytestmark = pytest.mark.django_db

PARTNER_ROLES = {
    Position.Role.LOCAL_AUTHORITY: Role.PARTNER_LOCAL_AUTHORITY,
    Position.Role.POLICE: Role.PARTNER_POLICE,
    Position.Role.HEALTH: Role.PARTNER_HEALTH,
}


@pytest.fixture(autouse=True)
def _monday_21_december_2026(time_machine):
    time_machine.move_to(TODAY, tick=False)


def date_fields(name: str, value: date) -> dict[str, str]:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def url(name: str, rr: RapidReview) -> str:
    return reverse(f"rapid_review:{name}", args=[rr.partnership.slug, rr.public_id])


def ok(response) -> None:
    """A POST that worked redirects; one that did not shows its error summary (print it to debug)."""
    body = response.content.decode()
    start = body.find("govuk-error-summary")
    assert response.status_code == 302, body[start : start + 2000] if start >= 0 else body[-3000:]
    assert not response["Location"].startswith(reverse("login")), "signed out"


@pytest.mark.parametrize(
    ("procedure", "outcome"),
    [
        ("west-midlands", "b"),
        ("llr", "local_review"),
        ("cambridgeshire-peterborough", "other_learning_review"),
        ("northamptonshire", "cspr"),
        ("lewisham", "h"),
    ],
)
def test_from_accepted_referral_to_the_national_panel(client, time_machine, procedure, outcome):
    partnership = PartnershipFactory(slug=f"walk-{procedure}", procedure=procedure)
    bo = member(partnership, Role.BUSINESS_OFFICE, username=f"bo-{procedure}")
    chair = member(partnership, Role.CHAIR, username=f"chair-{procedure}")
    hospital = AgencyFactory(partnership=partnership, name="City Hospital NHS Trust")
    school = AgencyFactory(partnership=partnership, name="Example Primary School")
    AgencyFactory(partnership=partnership, name="Not Involved Housing")
    case = accepted_case(partnership)
    with scopes_disabled():
        InvolvedAgency.unscoped.create(
            referral=case.referral, agency=hospital, reason_for_involvement="Birth"
        )
        InvolvedAgency.unscoped.create(
            referral=case.referral, agency_name="example primary school ", reason_for_involvement="School"
        )

    # The business office starts the rapid review from the case page.
    client.force_login(bo)
    page = client.get(case.get_absolute_url())
    assert "Start the rapid review" in page.content.decode()
    ok(client.post(reverse("rapid_review:start", args=[partnership.slug, case.public_id])))
    with scopes_disabled():
        rr = RapidReview.unscoped.get(case=case)
    assert client.get(url("detail", rr)).status_code == 200

    # Scoping requests: the summary comes from the referral, the involved agencies are ticked.
    page = client.get(url("send_requests", rr))
    form = page.context["form"]
    assert form.initial["case_summary"] == "Admitted to hospital with unexplained injuries."
    assert sorted(form.initial["agencies"]) == sorted([hospital.pk, school.pk])
    ok(
        client.post(
            url("send_requests", rr),
            {
                "case_summary": "Admitted with injuries",
                "period_under_review": "Since birth",
                "agencies": form.initial["agencies"],
            },
        )
    )

    # The meeting, inside every procedure's window.
    ok(
        client.post(
            url("schedule_meeting", rr),
            {
                **date_fields("meeting_on", MEETING_ON),
                "meeting_time": "10:00",
                "meeting_format": "video",
                "outside_window_reason": "",
            },
        )
    )

    # On the day: attendance, then the meeting is recorded as held.
    time_machine.move_to(AFTER_MEETING, tick=False)
    client.force_login(bo)  # a fortnight on: the session has expired
    for n, represents in enumerate(
        [Attendee.Represents.LOCAL_AUTHORITY, Attendee.Represents.POLICE, Attendee.Represents.HEALTH]
    ):
        ok(
            client.post(
                url("attendance", rr),
                {
                    "name": f"Rep {n}",
                    "job_title": "Head of service",
                    "organisation": "Partner",
                    "represents": represents,
                },
            )
        )
    ok(client.post(url("meeting_held", rr), {"omissions": ""}))

    # Decision-makers record their positions: partners their own, the chair the others.
    with scopes_disabled():
        roles, _ = rules.required_positions(selectors.rapid_reviews(partnership).get(pk=rr.pk))
    for role in roles:
        if role in PARTNER_ROLES:
            client.force_login(member(partnership, PARTNER_ROLES[role], username=f"{role}-{procedure}"))
        else:
            client.force_login(chair)
        page = client.get(url("positions", rr))
        assert page.status_code == 200
        ok(
            client.post(
                url("positions", rr),
                {
                    "role": role,
                    "person": "A Person",
                    "stance": "agrees",
                    "comment": "",
                    **date_fields("recorded_on", MEETING_ON),
                },
            )
        )

    # The chair saves the meeting record, then records the decision from the procedure's own outcomes.
    client.force_login(chair)
    ok(
        client.post(
            url("meeting_record", rr),
            {
                "immediate_action_taken": "yes",
                "immediate_action_details": "Siblings safe",
                "criteria": ["recurrent_themes"],
                "nature_of_harm": "Fractures",
                "analysis_against_criteria": "",
                "immediate_learning": "",
                "legal_advice": "",
            },
        )
    )
    decision_page = client.get(url("decision", rr)).content.decode()
    for o in partnership.framework.outcomes:
        assert o.label in decision_page
    ok(
        client.post(
            url("decision", rr),
            {"outcome": outcome, "outcome_text": "", "rationale": "Learning", "endorsed_by": ""},
        )
    )

    # The business office submits to the National Panel.
    client.force_login(bo)
    confirm = client.get(url("submit", rr)).content.decode()
    assert partnership.framework.recipient("national_panel") in confirm
    ok(client.post(url("submit", rr)))
    rr.refresh_from_db()
    assert rr.state == RapidReview.State.SUBMITTED
    assert rr.outcome == outcome
    assert rr.criteria == ["recurrent_themes"]
    detail = client.get(url("detail", rr)).content.decode()
    assert "Submitted to the National Panel" in detail
    assert plain_outcome(partnership, leads_to=None)  # every procedure has one outcome needing no text
