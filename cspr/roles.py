"""Roles a person holds in a partnership, and what each role may do there.

Role permissions are partnership-wide; per-object grants (an agency contact's requests, a reviewer's
review) are django-guardian object permissions checked by the stage selectors on top of these.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    BUSINESS_OFFICE = "business_office", "Business office"
    CHAIR = "chair", "Chair / case review group member"
    PARTNER_LOCAL_AUTHORITY = "partner_la", "Safeguarding partner representative (local authority)"
    PARTNER_POLICE = "partner_police", "Safeguarding partner representative (police)"
    PARTNER_HEALTH = "partner_health", "Safeguarding partner representative (health)"
    AGENCY_CONTACT = "agency_contact", "Agency contact"
    REVIEWER = "reviewer", "Reviewer"
    PANEL_MEMBER = "panel_member", "Panel member"
    AUDITOR = "auditor", "Read-only auditor"


PARTNER_ROLES = frozenset({Role.PARTNER_LOCAL_AUTHORITY, Role.PARTNER_POLICE, Role.PARTNER_HEALTH})
CASE_READERS = frozenset({Role.BUSINESS_OFFICE, Role.CHAIR, Role.AUDITOR} | PARTNER_ROLES)

# Permission code -> roles that hold it across the partnership. Stage apps check these codes through
# `Membership`/`request.memberships`; a code missing here is a programming error (KeyError).
PERMISSIONS: dict[str, frozenset[Role]] = {
    "case.view": CASE_READERS,
    "case.view_identity": frozenset({Role.BUSINESS_OFFICE, Role.CHAIR} | PARTNER_ROLES),
    "case.manage_clock": frozenset({Role.BUSINESS_OFFICE}),
    "case.export_audit": frozenset({Role.BUSINESS_OFFICE, Role.AUDITOR}),
    "partnership.view_retention": frozenset({Role.BUSINESS_OFFICE, Role.AUDITOR}),  # cspr.retention reports
    "partnership.manage_retention": frozenset({Role.BUSINESS_OFFICE}),  # its period and action
    "deadline.view_all": CASE_READERS,
    "partnership.manage_calendar": frozenset({Role.BUSINESS_OFFICE}),
    "partnership.view_framework": CASE_READERS | {Role.REVIEWER, Role.PANEL_MEMBER},
    "referral.create": frozenset({Role.BUSINESS_OFFICE, Role.AGENCY_CONTACT}),
    "referral.triage": frozenset({Role.BUSINESS_OFFICE}),
    "rapid_review.manage": frozenset({Role.BUSINESS_OFFICE}),
    "rapid_review.record_decision": frozenset({Role.BUSINESS_OFFICE, Role.CHAIR}),
    "rapid_review.record_position": frozenset({Role.CHAIR} | PARTNER_ROLES),
    "scoping.respond": frozenset({Role.AGENCY_CONTACT}),
    # Publication: the office plans, sends the copies and keeps the pseudonym register; the partners (or the
    # office on their behalf) decide to publish, not to publish, to override a constraint or to withdraw.
    "publication.view": CASE_READERS,
    "publication.manage": frozenset({Role.BUSINESS_OFFICE}),
    "publication.decide": frozenset({Role.BUSINESS_OFFICE, Role.CHAIR} | PARTNER_ROLES),
    # Action plans: the office and the review group see the whole plan; agency contacts update only their
    # own agency's actions (guardian grants, action_plans/permissions.py).
    "action_plan.view": CASE_READERS,
    "action_plan.manage": frozenset({Role.BUSINESS_OFFICE}),
    "action_plan.agree": frozenset({Role.BUSINESS_OFFICE, Role.CHAIR} | PARTNER_ROLES),
    "learning.manage": frozenset({Role.BUSINESS_OFFICE}),
    "annual_report.view": CASE_READERS,
    # Reviews: reviewers and panel members hold these only on the reviews they are appointed to (guardian
    # grants, checked by reviews.selectors.reviews_for).
    "review.view": CASE_READERS | {Role.REVIEWER, Role.PANEL_MEMBER},
    "review.view_family": frozenset({Role.BUSINESS_OFFICE, Role.CHAIR, Role.REVIEWER} | PARTNER_ROLES),
    "review.manage": frozenset({Role.BUSINESS_OFFICE}),
    "review.conduct": frozenset({Role.BUSINESS_OFFICE, Role.REVIEWER}),
    "review.approve_terms": frozenset({Role.CHAIR} | PARTNER_ROLES),
    # The draft report online (reviews/report_services.py): reviewers and panel members comment only on the
    # reviews they are part of; each partner approves for its own organisation.
    "report.comment": CASE_READERS - {Role.AUDITOR} | {Role.REVIEWER, Role.PANEL_MEMBER},
    "report.approve": PARTNER_ROLES,
    "report.record_endorsement": frozenset({Role.BUSINESS_OFFICE, Role.CHAIR}),
    "report.check_accuracy": frozenset({Role.AGENCY_CONTACT}),
    # Agency information (chronologies, information reports): the office sends and chases the requests;
    # the review team quality-assures what comes back (reviewers only on their own reviews).
    "chronology.manage": frozenset({Role.BUSINESS_OFFICE}),
    "chronology.quality_assure": frozenset({Role.BUSINESS_OFFICE, Role.REVIEWER, Role.PANEL_MEMBER}),
}


def roles_with(permission: str) -> frozenset[Role]:
    return PERMISSIONS[permission]
