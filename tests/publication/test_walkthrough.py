"""One walkthrough per seed procedure, through the real views as the real roles: the business office plans
and prepares, a safeguarding partner publishes; the gate fails (inside the notice period, before the
copies, before the date, with a parallel process open) and then passes, with every date from the engine."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from cspr.roles import Role
from cspr.tasks import process_outbox
from publication import rules
from publication.models import Publication
from tests.factories import PartnershipFactory, member
from tests.publication.factories import TODAY, approved_review, at, parallel_process

pytestmark = pytest.mark.django_db
State = Publication.State
NATIONAL = {
    "national_panel": "Mailbox.NationalReviewPanel@education.gov.uk",
    "ofsted": "SCR.SIN@ofsted.gov.uk",
    "dfe": "Mailbox.CPOD@education.gov.uk",
}
# Procedure -> (earliest publication date for copies sent Fri 18 Dec 2026, who gets copies, NSPCC?)
PROCEDURES = {
    "west-midlands": (date(2026, 12, 31), ["national_panel", "ofsted", "dfe"], True),
    "llr": (date(2026, 12, 31), ["national_panel", "ofsted", "dfe"], True),
    "cambridgeshire-peterborough": (date(2026, 12, 31), ["national_panel", "ofsted", "dfe"], True),
    "northamptonshire": (date(2027, 1, 1), ["national_panel"], False),  # 14 days, the National Panel only
    "lewisham": (date(2026, 12, 31), ["national_panel", "ofsted", "dfe"], True),
}


def _date(name: str, value: date) -> dict[str, str]:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_an_approved_report_goes_through_publication(client, procedure, time_machine, unscoped):
    time_machine.move_to(TODAY, tick=False)
    earliest, copy_to, nspcc = PROCEDURES[procedure]
    partnership = PartnershipFactory(slug=f"walk-{procedure}", procedure=procedure)
    office = member(partnership, Role.BUSINESS_OFFICE)
    partner = member(partnership, Role.PARTNER_LOCAL_AUTHORITY)
    review = approved_review(partnership)
    trial = parallel_process(review.case)
    assert rules.earliest_publication_date(partnership, TODAY.date()) == earliest
    kw = {"partnership_slug": partnership.slug}

    # The business office starts planning from the list of approved reports.
    client.force_login(office)
    assert (
        review.approved_version.title in client.get(reverse("publication:list", kwargs=kw)).content.decode()
    )
    response = client.post(reverse("publication:start", kwargs={**kw, "review_id": review.public_id}))
    pub = Publication.unscoped.get(review=review)
    assert response.status_code == 302 and response["Location"] == pub.get_absolute_url()
    pkw = {**kw, "publication_id": pub.public_id}

    # A date inside the notice period is refused with the engine's earliest date; what was typed stays.
    too_soon = reverse("publication:plan_date", kwargs=pkw)
    response = client.post(too_soon, _date("planned_on", date(2026, 12, 30)))
    page = response.content.decode()
    assert (
        response.status_code == 200 and f"Choose a date on or after {earliest.day} {earliest:%B %Y}" in page
    )
    assert 'value="30"' in page
    assert client.post(too_soon, _date("planned_on", earliest)).status_code == 302

    # Public wording, the register from the referral, a clean check, the family told (and the options).
    client.post(
        reverse("publication:public_details", kwargs=pkw),
        {
            "title": "Learning from Child A",
            "summary": "What agencies learnt.",
            "reviewer_names": "Alex Reviewer",
        },
    )
    client.post(reverse("publication:prefill", kwargs=pkw))
    client.post(reverse("publication:run_check", kwargs=pkw))
    register = client.get(reverse("publication:register", kwargs=pkw)).content.decode()
    assert "Passed" in register and "Child A" in register
    plan = {**_date("family_informed_on", date(2026, 12, 17)), "family_informed_by": "The lead reviewer"}
    if partnership.option("inform_elected_members"):
        plan.update(_date("elected_members_informed_on", date(2026, 12, 17)))
    if partnership.option("hold_publication_for_prosecution"):
        plan.update(prosecution_complete="on", prosecution_note="Confirmed with the officer in the case")
    assert client.post(reverse("publication:communications", kwargs=pkw), plan).status_code == 302

    # The partner cannot publish yet: the page lists exactly what is still open.
    client.force_login(partner)
    publish = reverse("publication:publish", kwargs=pkw)
    response = client.post(publish)
    page = response.content.decode()
    assert (
        response.status_code == 200 and "cannot be done while the publication is publication planned" in page
    )
    open_now = [c.key for c in rules.gate(Publication.unscoped.get(pk=pub.pk)) if not c.met]
    assert open_now == ["date", "copies", "parallel_processes"]

    # The office sends the copies; the outbox emails each national body the procedure names.
    client.force_login(office)
    mail.outbox.clear()
    assert client.post(reverse("publication:send_copies", kwargs=pkw)).status_code == 302
    process_outbox()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(NATIONAL[k] for k in copy_to)
    returns = client.get(
        reverse("publication:national_returns", kwargs={**kw, "case_id": pub.case.public_id})
    )
    assert returns.content.decode().count("Final report before publication: case") == len(copy_to)

    # On the day, the trial still holds publication until the partner overrides it with a reason.
    time_machine.move_to(at(earliest, 11), tick=False)
    client.force_login(partner)
    page = client.post(publish).content.decode()
    assert "Still open: every parallel process holding publication" in page
    override = reverse("publication:override", kwargs={**pkw, "process_id": trial.public_id})
    assert client.post(override, {"reason": ""}).status_code == 200  # a reason is required
    assert client.post(override, {"reason": "The verdict was given on 14 December."}).status_code == 302
    assert client.post(publish).status_code == 302
    pub.refresh_from_db()
    assert pub.state == State.AVAILABLE_ONLINE

    # Anyone can read it on the public page; the NSPCC gets it where the procedure says so.
    client.logout()
    public = client.get(reverse("public_reports:list", kwargs={"slug": partnership.slug})).content.decode()
    assert "Learning from Child A" in public and "Alex Reviewer" in public
    mail.outbox.clear()
    process_outbox()
    assert [m.to for m in mail.outbox] == ([["information@nspcc.org.uk"]] if nspcc else [])
