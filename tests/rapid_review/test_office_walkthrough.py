"""End to end through the real pages, for each of the five procedures: the business office keys in the local
authority's notification, accepts it, starts the rapid review and sends the scoping requests; the contacts of
two agencies answer through the portal; the chair and the partner representatives decide; the business
office submits to the National Panel. Every deadline is checked against a date worked out by hand across
Christmas and New Year (bank holidays Fri 25 Dec, Mon 28 Dec 2026 and Fri 1 Jan 2027)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cspr.models import Case, Deadline
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from rapid_review import rules, selectors
from rapid_review.models import Attendee, Position, RapidReview, ScopingRequest
from referrals.models import Referral
from tests.factories import AgencyFactory, PartnershipFactory, member
from tests.rapid_review.office_factories import AFTER_MEETING, MEETING_ON, TODAY, plain_outcome
from tests.referrals import pages

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
REFERRED = datetime(2026, 12, 18, 9, 30, tzinfo=LONDON)  # Fri 18 Dec 2026; aware since Thu 17 Dec

PARTNER_ROLES = {
    Position.Role.LOCAL_AUTHORITY: Role.PARTNER_LOCAL_AUTHORITY,
    Position.Role.POLICE: Role.PARTNER_POLICE,
    Position.Role.HEALTH: Role.PARTNER_HEALTH,
}

# Hand-computed due dates. Scoping requests go out on Mon 21 Dec 2026: 5 working days is Wed 30 Dec,
# 6 is Thu 31 Dec, 7 is Mon 4 Jan (1 Jan skipped). The rapid review is due 15 working days after Thu 17 Dec:
# Tue 12 Jan 2027. The National Panel gets it within 2 working days of the meeting (Thu 7 Jan): Mon 11 Jan;
# Northamptonshire counts 15 working days from the incident (Wed 16 Dec): also Mon 11 Jan; Leicester,
# Leicestershire & Rutland set no period.
RETURN_DUE = {
    "west-midlands": date(2026, 12, 30),
    "llr": date(2026, 12, 30),
    "cambridgeshire-peterborough": date(2026, 12, 30),
    "northamptonshire": date(2027, 1, 4),
    "lewisham": date(2026, 12, 31),
}
RAPID_REVIEW_DUE = date(2027, 1, 12)
SUBMISSION_DUE = {
    "west-midlands": date(2027, 1, 11),
    "llr": None,
    "cambridgeshire-peterborough": date(2027, 1, 11),
    "northamptonshire": date(2027, 1, 11),
    "lewisham": date(2027, 1, 11),
}


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


def due(case: Case, key: str, subject_id=None) -> date:
    with scopes_disabled():
        deadline = Deadline.unscoped.get(case=case, key=key, subject_id=subject_id, cancelled_at=None)
    return deadline.due_at.astimezone(LONDON).date()


def refer_and_accept(client, partnership, bo, hospital) -> Case:
    """The business office keys in the local authority's notification on Fri 18 Dec and accepts it."""
    client.force_login(bo)
    ok(client.post(reverse("referral_start", kwargs={"partnership_slug": partnership.slug})))
    with scopes_disabled():
        referral = Referral.unscoped.get(partnership=partnership)
    about = pages.about_answers(aware=date(2026, 12, 17), received=date(2026, 12, 18))
    about.update(pages.date_input("date_notified_to_national_panel", date(2026, 12, 18)))
    about.update(pages.date_input("date_of_incident", date(2026, 12, 16)))
    for name, answers in [
        ("referral_about", about),
        ("referral_referrer", pages.REFERRER),
        ("referral_child", pages.CHILD),
        ("referral_family_add", pages.FAMILY_MEMBER),
        ("referral_family", {"siblings_safeguarding": "No siblings."}),
        (
            "referral_agencies_add",
            {
                "agency": hospital.pk,
                "contact_details": "Safeguarding team",
                "reason_for_involvement": "Birth",
            },
        ),
        (
            "referral_agencies_add",
            {
                "agency_name": "example primary school ",
                "contact_details": "Head",
                "reason_for_involvement": "School",
            },
        ),
        ("referral_agencies", {}),
        ("referral_events_add", pages.KEY_EVENT),
        ("referral_background", pages.BACKGROUND),
        ("referral_check", {"discussed_with_safeguarding_lead": "on"}),
    ]:
        ok(client.post(pages.url(name, referral), answers))
    ok(client.post(pages.url("referral_accept", referral)))
    with scopes_disabled():
        referral.refresh_from_db()
        assert referral.state == Referral.State.ACCEPTED_FOR_RAPID_REVIEW
        return referral.case


def answer_through_the_portal(client, contact, request: ScopingRequest, *, involved: bool) -> None:
    client.force_login(contact)
    home = client.get(reverse("portal:home")).content.decode()
    assert request.rapid_review.case.reference in home
    page = reverse("rapid_review:request", args=[request.partnership.slug, request.public_id])
    if not involved:
        ok(client.post(page + "not-known/"))
        return
    form = client.get(page).context["form"]
    ok(
        client.post(
            page,
            {
                "completed_by_name": "Dana Nurse",
                "completed_by_title": "Named nurse",
                "completed_by_contact": "dana@example.org",
                "involvement_summary": "Seen in the emergency department.",
                "version": form.initial.get("version", request.version),
                "action": "submit",
            },
        )
    )


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
def test_from_referral_to_the_national_panel(client, time_machine, procedure, outcome):
    time_machine.move_to(REFERRED, tick=False)
    partnership = PartnershipFactory(slug=f"walk-{procedure}", procedure=procedure)
    bo = member(partnership, Role.BUSINESS_OFFICE, username=f"bo-{procedure}")
    chair = member(partnership, Role.CHAIR, username=f"chair-{procedure}")
    hospital = AgencyFactory(partnership=partnership, name="City Hospital NHS Trust")
    school = AgencyFactory(partnership=partnership, name="Example Primary School")
    AgencyFactory(partnership=partnership, name="Not Involved Housing")
    nurse = member(partnership, Role.AGENCY_CONTACT, agency=hospital, username=f"nurse-{procedure}")
    teacher = member(partnership, Role.AGENCY_CONTACT, agency=school, username=f"teacher-{procedure}")
    case = refer_and_accept(client, partnership, bo, hospital)
    assert due(case, "complete_rapid_review") == RAPID_REVIEW_DUE

    time_machine.move_to(TODAY, tick=False)  # Mon 21 Dec 2026
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

    with scopes_disabled():
        by_agency = {r.agency_id: r for r in ScopingRequest.unscoped.filter(rapid_review=rr)}
    assert set(by_agency) == {hospital.pk, school.pk}
    for request in by_agency.values():
        assert due(case, "scoping_return", request.public_id) == RETURN_DUE[procedure]

    # Each agency's contact answers through the portal and sees only their own agency's request.
    answer_through_the_portal(client, nurse, by_agency[hospital.pk], involved=True)
    answer_through_the_portal(client, teacher, by_agency[school.pk], involved=False)
    theirs = by_agency[hospital.pk]
    assert (
        client.get(reverse("rapid_review:request", args=[partnership.slug, theirs.public_id])).status_code
        == 404
    )
    with scopes_disabled():
        states = {r.agency_id: r.state for r in ScopingRequest.unscoped.filter(rapid_review=rr)}
    assert states == {hospital.pk: ScopingRequest.State.SUBMITTED, school.pk: ScopingRequest.State.SUBMITTED}
    client.force_login(bo)

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
    if SUBMISSION_DUE[procedure]:
        assert due(case, "submit_to_national_panel") == SUBMISSION_DUE[procedure]

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
