"""Demo data for the draft report and the workshops, laid over the demo reviews (reviews.demo builds them
first): a workshop with invitees per agency, report versions written under the procedure's headings,
comments and a reply, factual accuracy checks (one answered) and a partner's approval. Everything goes
through the real services, run by seed_demo after reviews.demo.build (CSPR_DEMO_BUILDERS)."""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from cspr.models import Agency, Membership, Partnership
from cspr.roles import Role
from reviews import report_services, workshops
from reviews.models import ReportApproval, ReportVersion, Review, ReviewerAppointment, Workshop

State = Review.State
TEXT = {
    "what_happened": "{child} lived with Mother and two older siblings.\n\n"
    "The health visitor saw {child} twice in the year before the incident.",
    "working_together": "Information was not shared between health and children's social care.",
    "recommendations": "The partnership should review its information-sharing protocol.\n\n"
    "Health should audit how missed appointments are followed up.",
}


def _member(partnership: Partnership, role: str) -> AbstractBaseUser | None:
    found = (
        Membership.unscoped.filter(partnership=partnership, role=role, is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def _sections(partnership: Partnership, child: str, extra: str = "") -> list[report_services.SectionText]:
    sections = []
    for n, s in enumerate(report_services.outline(partnership)):
        body = TEXT.get(s.key, "").format(child=child) or (
            f"Draft text for this section. {extra}" if n else ""
        )
        sections.append(report_services.SectionText(key=s.key, heading=s.heading, body=body))
    return sections


def build(*, partnership: Partnership, by: AbstractBaseUser) -> int:
    """Report versions, comments, checks and approvals on the demo reviews past the analysis."""
    panel = _member(partnership, Role.PANEL_MEMBER)
    agencies = list(Agency.unscoped.filter(partnership=partnership).order_by("name")[:2])
    built = 0
    for review in Review.unscoped.filter(partnership=partnership).select_related("case"):
        lead = (
            ReviewerAppointment.unscoped.filter(review=review, ended_at=None).select_related("user").first()
        )
        if lead is None:
            continue
        if review.state in {State.ANALYSIS, State.WORKSHOP_HELD, State.DRAFT_REPORT}:
            _workshop(review, by=by, agencies=agencies, lead=lead.user)
        if review.state == State.DRAFT_REPORT:
            _drafts(review, lead=lead.user, panel=panel)
            built += 1
        elif review.state == State.FACTUAL_ACCURACY:
            _checks(review, by=by, lead=lead.user, agencies=agencies)
            built += 1
        elif review.state in {State.APPROVED, State.HANDED_TO_PUBLICATION} and review.approved_version_id:
            _approvals(review, by=by)
            built += 1
    return built


def _workshop(
    review: Review, *, by: AbstractBaseUser, agencies: list[Agency], lead: AbstractBaseUser
) -> None:
    starts = timezone.now().replace(hour=9, minute=45, second=0, microsecond=0) + timedelta(days=14)
    workshop = workshops.plan_workshop(
        review=review,
        by=by,
        kind=Workshop.Kind.LEARNING_WORKSHOP,
        starts_at=starts,
        ends_at=time(13, 0),
        venue="Council House, Committee Room 2",
        feedback_session="A date to be confirmed towards the end of the review",
        contact=f"{review.partnership.name}, {review.partnership.mailbox}",
        signed_by="Chair of the Child Safeguarding Practice Review Group",
    )
    for n, agency in enumerate(agencies):
        workshops.add_invitee(
            workshop=workshop,
            by=by,
            agency=agency,
            name=f"Practitioner {n + 1}",
            job_title="Frontline practitioner",
            email=f"practitioner{n + 1}.{review.case.reference.lower()}@example.org",
        )


def _drafts(review: Review, *, lead: AbstractBaseUser, panel: AbstractBaseUser | None) -> ReportVersion:
    child = review.case.child_pseudonym
    current = report_services.latest_version(review)
    v = report_services.save_version(
        review=review,
        by=lead,
        title=f"Child safeguarding practice review: {child}",
        sections=_sections(review.partnership, child),
        note="First full draft under the procedure's headings",
        based_on=current.number if current else 0,
    )
    if panel is not None:
        # "what_happened" is in every seeded procedure's outline.
        comment = report_services.add_comment(
            review=review,
            version=v,
            by=panel,
            section_key="what_happened",
            paragraph_index=1,
            body="Which dates were the visits?",
        )
        report_services.reply(thread=comment, by=lead, body="March and May; I will add them.")
    return report_services.save_version(
        review=review,
        by=lead,
        title=f"Child safeguarding practice review: {child}",
        sections=_sections(review.partnership, child, extra="Revised after the review team's comments."),
        note="Revised after the review team's comments",
        based_on=v.number,
    )


def _checks(review: Review, *, by: AbstractBaseUser, lead: AbstractBaseUser, agencies: list[Agency]) -> None:
    version = _drafts(review, lead=lead, panel=None)
    if not agencies:
        return
    checks = report_services.request_accuracy_checks(review=review, version=version, agencies=agencies, by=by)
    first = checks[0]
    contact = report_services.agency_contacts(first.agency)
    answered_by = contact[0] if contact else by
    # The first section with text (an outline may start with a heading the demo leaves empty).
    key = next(s.key for s in version.sections.order_by("order") if s.paragraphs())
    report_services.save_accuracy_answers(
        check=first,
        by=answered_by,
        corrections={(key, 0): "Our records show the first contact was a month earlier."},
        general_comment="",
        no_corrections=False,
    )
    report_services.return_accuracy_check(check=first, by=answered_by)
    partner = _member(review.partnership, Role.PARTNER_LOCAL_AUTHORITY)
    if partner is not None:
        report_services.approve(
            review=review,
            version=version,
            by=partner,
            signatory=ReportApproval.Signatory.LOCAL_AUTHORITY,
            person="Director of Children's Services",
        )


def _approvals(review: Review, *, by: AbstractBaseUser) -> None:
    """The demo workflow approved these directly: record the partners' approvals it stands for."""
    for signatory in report_services.required_signatories(review.partnership):
        ReportApproval.unscoped.get_or_create(
            version_id=review.approved_version_id,
            signatory=signatory,
            defaults={
                "partnership": review.partnership,
                "review": review,
                "person": f"{ReportApproval.Signatory(signatory).label} representative",
                "recorded_by": by,
            },
        )
