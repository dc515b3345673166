"""Agency information requests walked through the real workflow, one trait per state
(`AgencyRequestFactory(sent=True)`, `(submitted=True)`, `(returned=True)`, `(accepted=True)`, …).

The review itself belongs to the reviews stage; here it is created in "gathering information" directly from
its model (its own workflow needs terms of reference and a lead reviewer, which these tests do not test).
Grants go to the agency's contacts when a request is sent: create the contact first.
"""

from __future__ import annotations

from datetime import date

import factory

from chronologies import services, workflow
from chronologies.models import AgencyRequest
from cspr.roles import Role
from cspr.tenancy import scope, scopes_disabled
from reviews.models import Review
from tests.factories import AgencyFactory, CaseFactory, MembershipFactory, PartnershipFactory, UserFactory

State = AgencyRequest.State
ENTRY = {
    "occurred_on": date(2026, 3, 2),
    "occurred_time": None,
    "agency_or_service": "Health visiting",
    "source": "Health visiting records",
    "event": "Home visit: the child was seen with a bruise to the cheek.",
    "practitioner_role": "Health visitor",
    "action_or_outcome": "Advice given; no referral made.",
    "comment": "",
}
SIGN_OFF = {
    "signed_off_by_name": "Pat Senior",
    "signed_off_by_role": "Head of Safeguarding",
    "signed_off_on": date(2026, 11, 2),
}


def office(partnership):
    user = UserFactory(password=None)
    MembershipFactory(user=user, partnership=partnership, role=Role.BUSINESS_OFFICE)
    return user


def review_gathering(partnership, *, state: str = Review.State.INFORMATION_GATHERING, **case) -> Review:
    with scopes_disabled():
        review = Review.unscoped.create(
            partnership=partnership,
            case=CaseFactory(partnership=partnership, **case),
            kind=Review.Kind.LOCAL_CSPR,
            decided_on=date(2026, 11, 2),
        )
        Review.unscoped.filter(pk=review.pk).update(
            state=state
        )  # the reviews stage's own workflow got it here
        review.refresh_from_db()
    return review


class AgencyRequestFactory(factory.Factory):
    class Meta:
        model = AgencyRequest

    class Params:
        draft = factory.Trait(state=State.DRAFT)
        sent = factory.Trait(state=State.SENT)
        in_progress = factory.Trait(state=State.IN_PROGRESS)
        submitted = factory.Trait(state=State.SUBMITTED)
        returned = factory.Trait(state=State.RETURNED)
        accepted = factory.Trait(state=State.ACCEPTED)
        withdrawn = factory.Trait(state=State.WITHDRAWN)
        information_report = factory.Trait(kind=AgencyRequest.Kind.INFORMATION_REPORT)

    partnership = factory.SubFactory(PartnershipFactory)
    agency = factory.SubFactory(AgencyFactory, partnership=factory.SelfAttribute("..partnership"))
    review = None
    kind = AgencyRequest.Kind.CHRONOLOGY
    state = State.SENT
    entries = 1

    @classmethod
    def _create(cls, model_class, *, partnership, agency, review, kind, state, entries, **kwargs):
        with scopes_disabled():
            by = office(partnership)
        review = review or review_gathering(partnership)
        with scope(partnership):
            (request,) = workflow.create_requests(
                review=review,
                agencies=[agency],
                kinds=[kind],
                instructions="",
                period_under_review="",
                by=by,
                send=state != State.DRAFT,
            )
            if state == State.WITHDRAWN:
                return workflow.withdraw(request=request, by=by, reason="Sent in error")
            if state in {State.DRAFT, State.SENT}:
                return request
            complete(request, by=by, entries=entries)
            if state == State.IN_PROGRESS:
                return AgencyRequest.objects.get(pk=request.pk)
            workflow.submit(request=request, by=by, **SIGN_OFF)
            if state == State.RETURNED:
                return workflow.send_back(request=request, by=by, comments="Add the GP's contacts")
            if state == State.ACCEPTED:
                return workflow.accept(request=request, by=by)
            return AgencyRequest.objects.get(pk=request.pk)


def complete(request: AgencyRequest, *, by, entries: int = 1) -> None:
    """Fill in the draft: chronology entries, or every answer of the information report."""
    if request.is_chronology:
        for n in range(entries):
            services.add_entry(
                request=request, by=by, values={**ENTRY, "event": f"{ENTRY['event']} ({n + 1})"}
            )
    else:
        from chronologies import report

        answers = {
            q.key: (
                True
                if q.kind == report.CONFIRM
                else "yes"
                if q.kind == report.YES_NO
                else f"Answer to {q.key}"
            )
            for q in report.QUESTIONS.values()
        }
        workflow.save_report(request=request, by=by, answers=answers)


def entry_in(partnership):
    """A draft chronology entry of a request in progress (for URL walks)."""
    request = AgencyRequestFactory(partnership=partnership, in_progress=True)
    with scopes_disabled():
        return request.entries.filter(submission=None).first()


def submission_in(partnership):
    request = AgencyRequestFactory(partnership=partnership, submitted=True)
    with scopes_disabled():
        return request.submissions.get()
