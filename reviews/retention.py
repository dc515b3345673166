"""What the review holds about the child, the family and the practitioners whose work it examined: erased at
the end of retention (cspr.retention).

- The family: the review's family members and every contact with them are anonymised (names, addresses,
  contact details, support needs, plans and outcomes), or deleted.
- The practitioners: workshop invitees and conversations with practitioners are anonymised (their names,
  emails and what they said), or deleted; the invitations' emails and letters go.
- The report being written: every version's section text, the comments on it and the agencies' factual
  accuracy answers are anonymised, or the sections, comments and answers deleted. The published report is
  not kept here: the publication stage keeps its PDF (publication/retention.py, which runs first).
- The record of the review stays, with its free text anonymised: terms of reference, team meetings,
  parallel processes, checks, approvals, dispatches (their stored letters and PDFs are deleted).

Kept as they are: the recommendations (published in the report, answered by the action plan and counted
by the annual report), and the names of the people who took part in an official capacity (reviewers, the
review team, the partners who approved the report), like the rapid review's attendees.
"""

from __future__ import annotations

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from cspr.models import Case
from cspr.retention import ANONYMISED, Action, delete_paths_on_commit, erase_rows, stored_documents
from reviews.models import (
    AccuracyAnswer,
    AccuracyCheck,
    FamilyContact,
    ParallelProcess,
    PractitionerConversation,
    ReportApproval,
    ReportComment,
    ReportSection,
    ReportVersion,
    Review,
    ReviewDispatch,
    ReviewerAppointment,
    ReviewFamilyMember,
    TeamMeeting,
    TermsOfReference,
    Workshop,
    WorkshopDispatch,
    WorkshopInvitee,
)

FAMILY_MEMBER = {
    "name": ANONYMISED,
    "address": "",
    "contact_details": "",
    "interpreter_language": "",
    "other_support": ANONYMISED,
    "contact_plan": ANONYMISED,
    "non_involvement_reason": ANONYMISED,
}
FAMILY_CONTACT = {"made_by": ANONYMISED, "outcome": ANONYMISED}
INVITEE = {
    "name": ANONYMISED,
    # Unique per workshop, so each gets its own address that cannot reach anyone (.invalid, RFC 2606).
    "email": Concat(Value("invitee-"), Cast("pk", CharField()), Value("@anonymised.invalid")),
}
CONVERSATION = {"practitioner": ANONYMISED, "summary": ANONYMISED}
SECTION = {"body": ANONYMISED}
COMMENT = {"quoted_text": ANONYMISED, "body": ANONYMISED}
ANSWER = {"quoted_text": ANONYMISED, "correction": ANONYMISED}
# The record of the review: rows that stay in either mode.
REVIEW = {"delay_reason": ANONYMISED}
TERMS = {
    "period_reason": ANONYMISED,
    "key_lines_of_enquiry": ANONYMISED,
    "methodology_detail": ANONYMISED,
    "family_involvement": ANONYMISED,
    "parallel_processes": ANONYMISED,
    "legal_advice": ANONYMISED,
    "change_note": ANONYMISED,
}
APPOINTMENT = {"conflict_notes": ANONYMISED}
MEETING = {
    "agenda": ANONYMISED,
    "other_attendees": ANONYMISED,
    "family_engagement": ANONYMISED,
    "actions": ANONYMISED,
}
VERSION = {"note": ANONYMISED}
CHECK = {"general_comment": ANONYMISED}
APPROVAL = {"comment": ANONYMISED}
PARALLEL_PROCESS = {
    "description": ANONYMISED,
    "contact": "",
    "key_dates": ANONYMISED,
    "constraint": ANONYMISED,
    "cleared_reason": ANONYMISED,
}
WORKSHOP = {"contact": ANONYMISED, "learning_notes": ANONYMISED}
DISPATCH = {"body": ANONYMISED, "documents": []}
WORKSHOP_DISPATCH = {"to": [], "body": ANONYMISED, "documents": []}


def erase(*, case: Case, action: str, dry_run: bool) -> dict[str, int]:
    """Anonymise (or delete) what the case's review holds about people; returns what it touched."""
    delete = action == Action.DELETE
    review = Review.unscoped.filter(case=case)
    family = ReviewFamilyMember.unscoped.filter(review__case=case)
    contacts = FamilyContact.unscoped.filter(family_member__review__case=case)
    invitees = WorkshopInvitee.unscoped.filter(workshop__review__case=case)
    conversations = PractitionerConversation.unscoped.filter(review__case=case)
    answers = AccuracyAnswer.unscoped.filter(check_request__review__case=case)
    appointments = ReviewerAppointment.unscoped.filter(review__case=case)
    workshops = Workshop.unscoped.filter(review__case=case)
    dispatches = ReviewDispatch.unscoped.filter(review__case=case)
    workshop_dispatches = WorkshopDispatch.unscoped.filter(workshop__review__case=case)
    files = stored_documents(dispatches) + stored_documents(workshop_dispatches)
    rows = [
        # (count label, rows, anonymised values, deleted when the action is delete); contacts before
        # their family member, answers and comments before what they point at (PROTECT).
        ("family contacts", contacts, FAMILY_CONTACT, True),
        ("review family members", family, FAMILY_MEMBER, True),
        ("workshop invitees", invitees, INVITEE, True),
        ("practitioner conversations", conversations, CONVERSATION, True),
        ("report sections", ReportSection.unscoped.filter(version__review__case=case), SECTION, True),
        ("report comments", ReportComment.unscoped.filter(review__case=case), COMMENT, True),
        ("accuracy answers", answers, ANSWER, True),
        ("reviews", review, REVIEW, False),
        ("terms of reference", TermsOfReference.unscoped.filter(review__case=case), TERMS, False),
        ("reviewer appointments", appointments, APPOINTMENT, False),
        ("team meetings", TeamMeeting.unscoped.filter(review__case=case), MEETING, False),
        ("report versions", ReportVersion.unscoped.filter(review__case=case), VERSION, False),
        ("accuracy checks", AccuracyCheck.unscoped.filter(review__case=case), CHECK, False),
        ("report approvals", ReportApproval.unscoped.filter(review__case=case), APPROVAL, False),
        ("parallel processes", ParallelProcess.unscoped.filter(case=case), PARALLEL_PROCESS, False),
        ("workshops", workshops, WORKSHOP, False),
        ("review dispatches", dispatches, DISPATCH, False),
        ("workshop dispatches", workshop_dispatches, WORKSHOP_DISPATCH, False),
    ]
    counts = {label: queryset.count() for label, queryset, _, _ in rows}
    counts["review letters and PDFs"] = len(files)
    if dry_run:
        return counts
    # Letters to the family, invitations: generated PDFs that name people cannot be anonymised.
    delete_paths_on_commit(files)
    for _, queryset, values, deletable in rows:
        erase_rows(queryset, values, delete=delete and deletable)
    return counts
