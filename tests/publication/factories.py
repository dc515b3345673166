"""Builders for the publication tests: an approved review of a case whose referral names a child, a family
and professionals, straight from the models (the review's state is set here by queryset update, as the
reviews' own workflow would leave it), and publications walked through the real workflow to any state.

The calendar (England): Christmas Day Fri 25 Dec 2026 and Boxing Day (substitute) Mon 28 Dec 2026.
Copies sent on Fri 18 Dec 2026 meet West Midlands' "seven working days before" for Thu 31 Dec 2026 at
the earliest: Mon 21, Tue 22, Wed 23, Thu 24, (25 and 28 skipped), Tue 29, Wed 30, Thu 31.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from cspr.models import Case, Partnership
from cspr.tenancy import scopes_disabled
from publication import rules, services, workflow
from publication.models import Publication
from referrals.models import Child, FamilyMember, Referral
from reviews.models import ParallelProcess, ReportSection, ReportVersion, Review
from tests.factories import CaseFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 12, 18, 9, 0, tzinfo=LONDON)  # Fri 18 Dec 2026
EARLIEST_WM = date(2026, 12, 31)  # 7 working days after Fri 18 Dec 2026, across Christmas

CHILD_NAME = "Jayden Okafor-Smith"
CHILD_DOB = date(2023, 3, 4)
MOTHER_NAME = "Marcia Okafor"
HOME_ADDRESS = "12 Acacia Avenue\nKings Heath\nBirmingham B14 7QT"
NHS_NUMBER = "9434765919"
CLEAN_SECTIONS = [
    ("introduction", "Introduction", "This review looks at how agencies worked with Child A and Mother."),
    ("findings", "Findings", "Child A was seen at the nursery (Nursery 1) twice.\n\nMother asked for help."),
    ("recommendations", "Recommendations", "Health visitors should check with children's social care."),
]


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def case_with_referral(partnership: Partnership, **case: object) -> Case:
    """A case whose referral names the child, the mother and professionals (the register's prefill)."""
    with scopes_disabled():
        case_row = CaseFactory(partnership=partnership, **case)
        referral = Referral.unscoped.create(
            partnership=partnership,
            case=case_row,
            state=Referral.State.ACCEPTED_FOR_RAPID_REVIEW,
            source=Referral.Source.LA_NOTIFICATION,
            national_notification_reference="NP-2026-4711",
            referrer_name="Sam Referrer",
            lead_name="Lee Safeguarding",
            created_by=UserFactory(),
        )
        Child.unscoped.create(
            referral=referral,
            name=CHILD_NAME,
            nhs_number=NHS_NUMBER,
            date_of_birth=CHILD_DOB,
            gender="Male",
            home_address=HOME_ADDRESS,
            looked_after="no",
            open_to_social_care="yes",
            criminal_investigation="no",
            coroners_inquiry="no",
            adult_safeguarding_concerns="no",
            lead_practitioner="Priya Raman",
        )
        FamilyMember.unscoped.create(
            referral=referral, name=MOTHER_NAME, relationship="mother", address=HOME_ADDRESS
        )
    return case_row


def approved_review(
    partnership: Partnership, *, sections=CLEAN_SECTIONS, title: str = "Child A: a review"
) -> Review:
    """A review whose final report (one version, `sections`) the partners approved."""
    with scopes_disabled():
        case = case_with_referral(partnership)
        author = UserFactory()
        review = Review.unscoped.create(
            partnership=partnership, case=case, kind=Review.Kind.LOCAL_CSPR, decided_on=date(2026, 6, 1)
        )
        version = ReportVersion.unscoped.create(
            partnership=partnership, review=review, number=1, title=title, created_by=author
        )
        for order, (key, heading, body) in enumerate(sections, start=1):
            ReportSection.unscoped.create(
                partnership=partnership, version=version, order=order, key=key, heading=heading, body=body
            )
        Review.unscoped.filter(pk=review.pk).update(
            state=Review.State.APPROVED, approved_version=version, approved_at=at(date(2026, 12, 1))
        )
        review.refresh_from_db()
    return review


def parallel_process(case: Case, *, blocks: bool = True) -> ParallelProcess:
    with scopes_disabled():
        return ParallelProcess.unscoped.create(
            partnership=case.partnership,
            case=case,
            kind=ParallelProcess.Kind.CRIMINAL,
            description="Trial of the father",
            constraint="Do not publish before the verdict",
            blocks_publication=blocks,
        )


def ready_to_publish(publication: Publication, by) -> Publication:
    """Everything but the date and the copies: family told, members informed, prosecution checked, clean check."""
    partnership = publication.partnership
    services.update_public_details(
        publication=publication, by=by, summary="What agencies learnt.", reviewer_names="Alex Reviewer"
    )
    services.update_communications_plan(
        publication=publication,
        by=by,
        family_informed_on=date(2026, 12, 17),
        family_informed_by="The lead reviewer",
        elected_members_informed_on=date(2026, 12, 17)
        if partnership.option("inform_elected_members")
        else None,
        prosecution_complete=True,
    )
    services.prefill_register(publication=publication, by=by)
    check = services.run_pseudonym_check(publication=publication, by=by)
    assert check.is_clean, check.hits
    publication.refresh_from_db()
    return publication


def publication(partnership: Partnership, by, *, to: str = Publication.State.APPROVED, time_machine=None, review=None) -> Publication:  # fmt: skip
    """A publication walked through the real workflow to `to` (the clock starts on Fri 18 Dec 2026)."""
    State = Publication.State
    if time_machine is not None:
        time_machine.move_to(TODAY, tick=False)
    pub = workflow.open_publication(review=review or approved_review(partnership), by=by)
    if to == State.APPROVED:
        return pub
    if to in {State.NOT_PUBLISHING, State.IMPROVEMENTS_PUBLISHED}:
        pub = workflow.decide_not_to_publish(
            publication=pub,
            by=by,
            reasons="The family would be identified.",
            improvements_information="New checks.",
        )
        if to == State.IMPROVEMENTS_PUBLISHED:
            pub = workflow.publish_improvements(publication=pub, by=by)
        return pub
    ready_to_publish(pub, by)
    earliest = rules.earliest_publication_date(partnership, TODAY.date())
    pub = workflow.plan_publication(publication=pub, planned_on=earliest, by=by)
    if to == State.PLANNED:
        return pub
    pub = workflow.send_copies(publication=pub, by=by)
    if to == State.COPIES_SENT:
        return pub
    pub = workflow.copies_delivered(publication=pub, by=by)
    if to == State.NOTICE_PERIOD:
        return pub
    assert time_machine is not None, "publishing needs the time machine to reach the date"
    time_machine.move_to(at(earliest, 11), tick=False)
    pub = workflow.publish(publication=pub, by=by)
    if to in {State.PUBLISHED, State.AVAILABLE_ONLINE}:
        return pub
    if to == State.WITHDRAWN:
        return workflow.withdraw(publication=pub, reason="A family member could be identified.", by=by)
    if to == State.ARCHIVED:
        if pub.online_until:
            time_machine.move_to(at(pub.online_until, 11), tick=False)
        return workflow.archive(publication=pub, by=by)
    raise ValueError(to)


def publication_in(partnership: Partnership) -> Publication:
    """A publication just opened (no PDFs rendered), for the isolation test."""
    with scopes_disabled():
        return workflow.open_publication(review=approved_review(partnership), by=UserFactory())


def pseudonym_in(partnership: Partnership):  # -> PseudonymEntry
    with scopes_disabled():
        pub = publication_in(partnership)
        return services.add_pseudonym(
            publication=pub, kind="school", real_name="Hillside Primary", alias="School 1", by=UserFactory()
        )
