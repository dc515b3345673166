"""End to end through the real pages, for each of the five procedures: from the analysis stage to the final
report approved by the safeguarding partners, as the lead reviewer, a review team member, an agency contact,
the three partners (and the independent scrutineer's endorsement where the procedure asks for it)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cspr.models import Deadline
from cspr.tenancy import scopes_disabled
from reviews import report_selectors, report_services
from reviews.models import AccuracyCheck, ReportComment, Review
from tests.factories import PartnershipFactory
from tests.rapid_review.office_factories import LONDON, TODAY
from tests.reviews.report_factories import cast, draft_fields

pytestmark = pytest.mark.django_db
Signatory = report_services.Signatory


def ok(response) -> None:
    body = response.content.decode()
    start = body.find("govuk-error-summary")
    assert response.status_code == 302, body[start : start + 1500] if start >= 0 else body[-2000:]


@pytest.mark.parametrize(
    "procedure", ["west-midlands", "llr", "cambridgeshire-peterborough", "northamptonshire", "lewisham"]
)
def test_from_analysis_to_the_approved_final_report(client, time_machine, procedure):
    time_machine.move_to(TODAY, tick=False)
    partnership = PartnershipFactory(slug=f"report-{procedure}", procedure=procedure)
    c = cast(partnership, real=True, time_machine=time_machine)
    review = c.review
    assert review.state == Review.State.ANALYSIS
    time_machine.move_to(datetime(2027, 2, 1, 10, 0, tzinfo=LONDON), tick=False)
    slug, rid = partnership.slug, review.public_id

    def url(name, **kw):
        return reverse(f"reviews:{name}", kwargs={"partnership_slug": slug, "review_id": rid, **kw})

    # The lead reviewer drafts under the procedure's own headings.
    client.force_login(c.lead)
    form = client.get(url("report_edit")).context["form"]
    outline = report_services.outline(partnership)
    assert [f.label for f in form.visible_fields()][1 : len(outline) + 1] == [s.heading for s in outline]
    first, last = outline[1].key, outline[-1].key
    bodies = {
        first: "Child C lived with Mother.\n\nThe health visitor saw Child C twice.",
        last: "Review the protocol.",
    }
    ok(client.post(url("report_edit"), draft_fields(c, bodies, based_on=0)))
    with scopes_disabled():
        v1 = report_services.latest_version(review)

    # A review team member comments on a paragraph; the lead reviewer replies and resolves it.
    client.force_login(c.panel)
    assert "The health visitor saw Child C twice." in client.get(url("report")).content.decode()
    ok(
        client.post(
            url("report_comment", version_id=v1.public_id) + f"?section={first}&paragraph=2",
            {"body": "Dates?"},
        )
    )
    with scopes_disabled():
        thread = ReportComment.unscoped.get(review=review)
    client.force_login(c.lead)
    ok(client.post(url("comment_reply", comment_id=thread.public_id), {"body": "Added."}))
    bodies[first] = "Child C lived with Mother.\n\nThe health visitor saw Child C in March and May."
    ok(client.post(url("report_edit"), draft_fields(c, bodies, based_on=1)))
    ok(client.post(url("comment_resolve", comment_id=thread.public_id), {}))

    # The business office asks the hospital to check version 2, due by the procedure's deadline.
    client.force_login(c.bo)
    ok(client.post(url("accuracy_request"), {"agencies": [c.hospital.pk]}))
    with scopes_disabled():
        check = AccuracyCheck.unscoped.get(review=review)
        clock = Deadline.unscoped.get(key="factual_accuracy_check", subject_id=check.public_id)
    timescale = partnership.framework.timescale("factual_accuracy_check")
    expected = partnership.working_calendar().add_working_days(timezone.localdate(), timescale.amount)
    assert timezone.localtime(clock.due_at).date() == expected

    # The hospital answers paragraph by paragraph through its pages.
    client.force_login(c.hospital_contact)
    check_url = reverse("reviews:accuracy_check", args=[slug, check.public_id])
    ok(
        client.post(
            check_url, {"action": "return", "general_comment": "", f"p__{first}__1": "Seen in March only."}
        )
    )

    # The lead reviewer corrects the report: version 3.
    client.force_login(c.lead)
    bodies[first] = "Child C lived with Mother.\n\nThe health visitor saw Child C in March."
    ok(client.post(url("report_edit"), draft_fields(c, bodies, based_on=2)))
    with scopes_disabled():
        v3 = report_services.latest_version(review)
    assert v3.number == 3

    # The three partners approve version 3 (and the scrutineer endorses it where the procedure says so).
    for user, signatory in [
        (c.la, Signatory.LOCAL_AUTHORITY),
        (c.police, Signatory.POLICE),
        (c.health, Signatory.HEALTH),
    ]:
        client.force_login(user)
        ok(
            client.post(
                url("report_approve"),
                {"version": str(v3.public_id), "signatory": signatory, "person": "Lead"},
            )
        )
    if partnership.option("report_scrutineer_endorsement"):
        with scopes_disabled():
            review.refresh_from_db()
        assert review.state == Review.State.FACTUAL_ACCURACY
        client.force_login(c.bo)
        ok(client.post(url("report_endorse"), {"version": str(v3.public_id), "person": "Sam Scrutineer"}))

    with scopes_disabled():
        review.refresh_from_db()
        assert review.state == Review.State.APPROVED
        assert review.approved_version == v3
        assert all(r.approval for r in report_selectors.sign_off(review))
        completion = Deadline.unscoped.get(case=review.case, key="complete_local_review")
    assert completion.met_at is not None
