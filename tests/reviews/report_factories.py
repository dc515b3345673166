"""Builders for the draft report and workshop tests: a review walked by the real workflow to the point where
the lead reviewer drafts, its cast (lead reviewer, review team member, partners, agency contacts), and report
versions saved through the real service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from cspr.models import Agency, Partnership
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from reviews import report_services, services
from reviews.models import (
    AccuracyCheck,
    Recommendation,
    ReportComment,
    ReportVersion,
    Review,
    ReviewerAppointment,
    TeamMember,
    Workshop,
)
from tests.factories import AgencyFactory, member
from tests.reviews.factories import ReviewFactory, review_in

State = Review.State
FIRST_DRAFT = {
    "what_happened": "Child C lived with Mother and two siblings.\n\nThe health visitor saw Child C twice.",
    "working_together": "Information was not shared between health and children's social care.",
    "recommendations": "The partnership should review its information-sharing protocol.\n\n"
    "Health should audit missed appointments.",
}


@dataclass
class Cast:
    partnership: Partnership
    review: Review
    bo: AbstractBaseUser
    lead: AbstractBaseUser
    panel: AbstractBaseUser
    la: AbstractBaseUser
    police: AbstractBaseUser
    health: AbstractBaseUser
    hospital: Agency
    school: Agency
    hospital_contact: AbstractBaseUser
    school_contact: AbstractBaseUser


def quick_review(
    partnership: Partnership, *, state: str, lead: AbstractBaseUser, by: AbstractBaseUser
) -> Review:
    """A review row put straight into `state` with its lead reviewer appointed (one trait per state); the
    walkthrough tests reach the same point through the real workflow instead."""
    with scopes_disabled():
        review = ReviewFactory(partnership=partnership)
        Review.unscoped.filter(pk=review.pk).update(state=state)
        review.refresh_from_db()
        appoint(review, lead, role=ReviewerAppointment.Role.LEAD, by=by)
    return review


def appoint(review: Review, user: AbstractBaseUser, *, role: str, by: AbstractBaseUser) -> None:
    """`user` in post on `review` (no conflict, confidentiality accepted) and granted it, as appointed."""
    with scopes_disabled():
        ReviewerAppointment.unscoped.create(
            partnership=review.partnership,
            review=review,
            user=user,
            role=role,
            no_conflict_declared=True,
            confidentiality_accepted=True,
            appointed_by=by,
        )
        services.grant_review(user, review)


def _member_once(
    partnership: Partnership, role: Role, username: str, agency: Agency | None = None
) -> AbstractBaseUser:
    """The partnership's person of that name, made on first use: a second cast reuses the first's people."""
    found = get_user_model().objects.filter(username=username).first()
    return found or member(partnership, role, username=username, agency=agency)


def _agency_once(partnership: Partnership, name: str) -> Agency:
    with scopes_disabled():
        found = Agency.unscoped.filter(partnership=partnership, name=name).first()
    return found or AgencyFactory(partnership=partnership, name=name)


def cast(
    partnership: Partnership, *, state: str = State.ANALYSIS, real: bool = False, time_machine: Any = None
) -> Cast:
    """A review at `state` with everyone the draft report needs, named after the partnership's slug."""
    slug = partnership.slug
    bo = _member_once(partnership, Role.BUSINESS_OFFICE, f"{slug}-bo")
    lead = _member_once(partnership, Role.REVIEWER, f"{slug}-lead")
    panel = _member_once(partnership, Role.PANEL_MEMBER, f"{slug}-panel")
    hospital = _agency_once(partnership, f"{slug} Hospital NHS Trust")
    school = _agency_once(partnership, f"{slug} Primary School")
    if real:
        review = review_in(partnership, bo, state, reviewer_user=lead, time_machine=time_machine)
    else:
        review = quick_review(partnership, state=state, lead=lead, by=bo)
    with scopes_disabled():
        services.add_team_member(
            review=review,
            by=bo,
            user=panel,
            name="Pat Panel",
            organisation="Education",
            represents=TeamMember.Represents.OTHER,
        )
    return Cast(
        partnership=partnership,
        review=review,
        bo=bo,
        lead=lead,
        panel=panel,
        la=_member_once(partnership, Role.PARTNER_LOCAL_AUTHORITY, f"{slug}-la"),
        police=_member_once(partnership, Role.PARTNER_POLICE, f"{slug}-police"),
        health=_member_once(partnership, Role.PARTNER_HEALTH, f"{slug}-health"),
        hospital=hospital,
        school=school,
        hospital_contact=_member_once(partnership, Role.AGENCY_CONTACT, f"{slug}-hospital", hospital),
        school_contact=_member_once(partnership, Role.AGENCY_CONTACT, f"{slug}-school", school),
    )


def draft(
    c: Cast, bodies: dict[str, str] | None = None, *, title: str = "Review of Child C"
) -> ReportVersion:
    """Save a version through the service, based on the latest one."""
    bodies = bodies if bodies is not None else FIRST_DRAFT
    with scopes_disabled():
        latest = report_services.latest_version(c.review)
        sections = [
            report_services.SectionText(key=s.key, heading=s.heading, body=bodies.get(s.key, ""))
            for s in report_services.outline(c.partnership)
        ]
        version = report_services.save_version(
            review=c.review,
            by=c.lead,
            title=title,
            sections=sections,
            based_on=latest.number if latest else 0,
        )
        c.review.refresh_from_db()
    return version


def draft_fields(
    c: Cast, bodies: dict[str, str], *, based_on: int, title: str = "Review of Child C"
) -> dict[str, str]:
    """The draft page's POST data."""
    data = {"title": title, "note": "", "based_on": str(based_on), "extra_heading": "", "extra_body": ""}
    for s in report_services.outline(c.partnership):
        data[f"section__{s.key}"] = bodies.get(s.key, "")
    return data


# --- Plain rows (no workflow) for the isolation test ------------------------------------------------------


def version_in(partnership: Partnership) -> ReportVersion:
    with scopes_disabled():
        review = ReviewFactory(partnership=partnership)
        by = member(partnership, Role.REVIEWER)
        return ReportVersion.unscoped.create(
            partnership=partnership, review=review, number=1, title="R", created_by=by
        )


def comment_in(partnership: Partnership) -> ReportComment:
    version = version_in(partnership)
    with scopes_disabled():
        return ReportComment.unscoped.create(
            partnership=partnership,
            review=version.review,
            version=version,
            section_key="what_happened",
            paragraph_index=0,
            quoted_text="x",
            body="y",
            author=version.created_by,
        )


def check_in(partnership: Partnership) -> AccuracyCheck:
    version = version_in(partnership)
    with scopes_disabled():
        agency = AgencyFactory(partnership=partnership)
        return AccuracyCheck.unscoped.create(
            partnership=partnership,
            review=version.review,
            version=version,
            agency=agency,
            requested_by=version.created_by,
        )


def recommendation_in(partnership: Partnership) -> Recommendation:
    with scopes_disabled():
        review = ReviewFactory(partnership=partnership)
        return Recommendation.unscoped.create(
            partnership=partnership, review=review, number=1, text="Do better"
        )


def workshop_in(partnership: Partnership) -> Workshop:
    from datetime import time

    from django.utils import timezone

    with scopes_disabled():
        review = ReviewFactory(partnership=partnership)
        return Workshop.unscoped.create(
            partnership=partnership,
            review=review,
            starts_at=timezone.now(),
            ends_at=time(13, 0),
            venue="Room",
            contact="Jo",
            signed_by="Chair",
            created_by=member(partnership, Role.BUSINESS_OFFICE),
        )
