"""Audit: one way to record what happened to a case, and one sentence for each event code.

Stage workflows call `record()` from their `move()`; the case timeline, the history tab and the audit
exports all read sentences from `SENTENCES`, so an event is described the same way everywhere.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cspr.models import AccessLog, Case, CaseEvent
from cspr.text import clip

log = logging.getLogger(__name__)

SENTENCES: dict[str, str] = {
    "case.opened": "Case opened",
    "case.clock_paused": "Clocks paused",
    "case.clock_resumed": "Clocks resumed",
    "deadline.started": "Deadline started",
    "deadline.reprojected": "Deadline recalculated",
    "deadline.met": "Deadline met",
    "deadline.missed": "Deadline missed",
    "rapid_review.opened": "Rapid review opened",
    "rapid_review.requests_sent": "Scoping requests sent to agencies",
    "rapid_review.meeting_scheduled": "Rapid review meeting scheduled",
    "rapid_review.meeting_rescheduled": "Rapid review meeting rescheduled",
    "rapid_review.attendee_recorded": "Meeting attendee recorded",
    "rapid_review.meeting_held": "Rapid review meeting held",
    "rapid_review.position_recorded": "Decision-maker's position recorded",
    "rapid_review.decision_recorded": "Rapid review decision recorded",
    "rapid_review.decision_reopened": "Decision reopened for revision",
    "rapid_review.submitted": "Rapid review sent to the National Panel",
    "rapid_review.late_notice_sent": "National Panel told the rapid review will be late",
    "rapid_review.composite_sent": "Composite of the returns sent to the case review subgroup",
    "rapid_review.subgroup_views_recorded": "Case review subgroup's views recorded",
    "rapid_review.panel_responded": "National Panel response recorded",
    "rapid_review.progressed": "Progressed to a review",
    "rapid_review.closed": "Rapid review closed",
    "scoping.request_sent": "Scoping request sent",
    "scoping.return_started": "Agency started its return",
    "scoping.return_submitted": "Agency return submitted",
    "scoping.no_involvement": "Agency confirmed no involvement",
    "scoping.return_reopened": "Agency return reopened",
    "scoping.reminder_sent": "Reminder sent to agency",
    "scoping.escalated": "Overdue return escalated",
    "scoping.attachment_added": "Agency attached a file to its return",
    "chronology.request_created": "Agency information request prepared",
    "chronology.request_sent": "Agency information request sent",
    "chronology.work_started": "Agency started its chronology or information report",
    "chronology.entry_added": "Chronology entry added",
    "chronology.entry_changed": "Chronology entry changed",
    "chronology.entry_deleted": "Chronology entry deleted",
    "chronology.imported": "Chronology entries imported from a file",
    "chronology.report_saved": "Information report draft saved",
    "chronology.submitted": "Agency submitted its chronology or information report, signed off",
    "chronology.returned": "Submission sent back to the agency for changes",
    "chronology.accepted": "Submission accepted by the review team",
    "chronology.withdrawn": "Agency information request withdrawn",
    "chronology.reminder_sent": "Reminder sent to agency",
    "chronology.escalated": "Overdue chronology or information report escalated",
    "chronology.exported": "Integrated chronology exported",
    "review.commissioned": "Review commissioned",
    "review.terms_drafted": "Terms of reference drafted",
    "review.terms_approved": "Terms of reference approved by the review group",
    "review.terms_agreed": "Terms of reference agreed",
    "review.information_gathering_started": "Information gathering started",
    "review.analysis_started": "Analysis and key themes started",
    "review.workshop_held": "Learning workshop held",
    "review.draft_report_started": "Draft report started",
    "review.factual_accuracy_started": "Draft report sent for factual accuracy checks",
    "review.draft_reopened": "Draft report reopened after the factual accuracy check",
    "review.final_report_approved": "Final report approved by the safeguarding partners",
    "review.handed_to_publication": "Review handed to publication",
    "publication.opened": "Publication planning started",
    "publication.planned": "Publication date planned",
    "publication.date_changed": "Publication date changed",
    "publication.copies_sent": "Final report sent to the national bodies before publication",
    "publication.copy_sent": "Copy of the final report emailed",
    "publication.copies_delivered": "Every copy sent: notice period running",
    "publication.published": "Report published",
    "publication.available_online": "Report available online",
    "publication.archived": "Report archived (available on request)",
    "publication.withdrawn": "Published report withdrawn",
    "publication.not_publishing": "Partners decided not to publish the report",
    "publication.improvements_published": "Information about improvements published",
    "publication.sent_to_nspcc": "Published report sent to the NSPCC national repository",
    "publication.communications_updated": "Media and communications plan updated",
    "publication.details_updated": "Public page wording updated",
    "publication.pseudonym_added": "Name added to the pseudonym register",
    "publication.pseudonym_removed": "Name removed from the pseudonym register",
    "publication.register_prefilled": "Pseudonym register filled in from the referral",
    "publication.pseudonym_check_clean": "Pseudonym check passed",
    "publication.pseudonym_check_failed": "Pseudonym check found identifying details",
    "publication.constraint_overridden": "Parallel-process constraint overridden for publication",
    "review.paused": "Review paused",
    "review.resumed": "Review resumed",
    "review.stopped": "Review stopped",
    "review.reviewer_appointed": "Reviewer appointed; name sent to the National Panel, Ofsted and DfE",
    "review.reviewer_declarations": "Reviewer's declarations recorded",
    "review.team_member_added": "Review team member added",
    "review.team_member_removed": "Review team member removed",
    "review.team_meeting_recorded": "Review team meeting recorded",
    "review.delay_notice_sent": "Delay notice sent",
    "review.parallel_process_added": "Parallel process added to the register",
    "review.parallel_process_changed": "Parallel process updated",
    "review.parallel_process_cleared": "Parallel process constraint cleared",
    "review.family_member_added": "Family member added to the review",
    "review.family_member_changed": "Family member's involvement updated",
    "review.family_contact_logged": "Contact with a family member logged",
    "review.family_letter_generated": "Letter to a family member generated",
    "action_plan.drafted": "Action plan drafted",
    "action_plan.agreed": "Action plan agreed",
    "action_plan.monitoring_started": "Action plan sent to agencies; monitoring started",
    "action_plan.closed": "Action plan closed",
    "action.added": "Action added to the action plan",
    "action.changed": "Action changed",
    "action.removed": "Action removed from the draft action plan",
    "action.progress_updated": "Progress update on an action",
    "action.started": "Action in progress",
    "action.completed": "Action completed with evidence of impact",
    "action.closed": "Action closed with a reason",
    "action.reopened": "Action reopened",
    "action.evidence_added": "Evidence of impact attached to an action",
    "action.reaudited": "Action re-audited",
    "action.reminder_sent": "Reminder sent to the action's owner",
    "action.escalated": "Action escalated to the business office",
    "learning_briefing.drafted": "Learning briefing drafted",
    "learning_briefing.finalised": "Learning briefing finalised",
    "learning_briefing.sent": "Learning briefing sent",
    "learning_briefing.published": "Learning briefing published on the public site",
    "learning_briefing.withdrawn": "Learning briefing withdrawn from the public site",
    "report.version_saved": "New version of the draft report saved",
    "report.approvals_superseded": "Approvals of an earlier version no longer count: the report changed",
    "report.comment_added": "Comment added to the draft report",
    "report.comment_resolved": "Comment on the draft report resolved",
    "report.comment_reopened": "Comment on the draft report reopened",
    "report.accuracy_check_requested": "Agency asked to check the draft report's factual accuracy",
    "report.accuracy_check_returned": "Agency returned its factual accuracy check",
    "report.approved_by_partner": "Safeguarding partner approved a version of the report",
    "report.endorsed_by_scrutineer": "Independent scrutineer endorsed a version of the report",
    "report.recommendations_changed": "Recommendations changed",
    "workshop.planned": "Learning workshop planned",
    "workshop.changed": "Learning workshop details changed",
    "workshop.invitations_sent": "Learning workshop invitations sent",
    "workshop.attendance_recorded": "Learning workshop attendance recorded",
    "workshop.held": "Learning workshop or feedback event held",
    "workshop.conversation_recorded": "Conversation with a key practitioner recorded",
    "partnership.closure_day_added": "Closure day declared",
    "partnership.closure_day_removed": "Closure day withdrawn",
    "referral.submitted": "Referral submitted",
    "referral.possible_duplicate": "Possible duplicate referral flagged for the business office",
    "referral.accepted_for_rapid_review": "Referral accepted for a rapid review",
    "referral.sent_to_case_review_group": "Agency referral sent to the case review group",
    "referral.not_accepted": "Referral not accepted",
    "referral.withdrawn": "Referral withdrawn",
    "case.personal_data_anonymised": "Personal data anonymised at the end of the retention period",
    "case.personal_data_deleted": "Personal data deleted at the end of the retention period",
}


def describe(code: str) -> str:
    """The sentence for an event code; an unknown code shows itself rather than vanish."""
    return SENTENCES.get(code, code)


def record(
    *,
    case: Case,
    code: str,
    by: AbstractBaseUser | None,
    stage: str = "",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    subject: str = "",
    subject_id: uuid.UUID | None = None,
    data: dict[str, Any] | None = None,
    needs_processing: bool = False,
) -> CaseEvent:
    """Write one audit row; `needs_processing` leaves it in the outbox for its side effects."""
    from django.utils import timezone

    if needs_processing:
        transaction.on_commit(_kick_outbox)
    return CaseEvent.unscoped.create(
        partnership_id=case.partnership_id,
        case=case,
        stage=stage or case.stage,
        code=code,
        by=by if by is not None and by.is_authenticated else None,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        subject=clip(subject, CaseEvent._meta.get_field("subject").max_length),
        subject_id=subject_id,
        data=data or {},
        processed_at=None if needs_processing else timezone.now(),
    )


def record_system_events(*, code: str, rows: list[tuple[int, int, str, str]]) -> int:
    """Write one audit row by the system for each (partnership id, case id, stage, subject), in one insert.

    For set-based tasks (the daily deadline scan marks every passed clock at once); the rows read as
    `record(case=..., code=code, by=None, stage=..., subject=...)` would write them.
    """
    from django.utils import timezone

    now = timezone.now()
    length = CaseEvent._meta.get_field("subject").max_length
    events = [
        CaseEvent(
            partnership_id=partnership_id,
            case_id=case_id,
            stage=stage,
            code=code,
            by=None,
            subject=subject if len(subject) <= length else subject[: length - 1] + "…",
            data={},
            processed_at=now,
        )
        for partnership_id, case_id, stage, subject in rows
    ]
    CaseEvent.unscoped.bulk_create(events, batch_size=1000)
    return len(events)


def _kick_outbox() -> None:
    """Ask a worker to send this event's emails now; if Redis is down, the beat sweep sends them later."""
    from cspr.tasks import process_outbox

    try:
        process_outbox.delay()
    except Exception:  # the event is committed and stays in the outbox: delayed, never lost
        log.warning(
            "Could not queue the outbox sweep; the periodic sweep will pick the event up", exc_info=True
        )


def log_access(*, case: Case, user: AbstractBaseUser, path: str) -> None:
    """Note that a person looked at a case."""
    log_case_view(case_id=case.pk, partnership_id=case.partnership_id, user=user, path=path)


def log_case_view(*, case_id: int, partnership_id: int, user: AbstractBaseUser, path: str) -> None:
    """log_access for a page that kept the case's part (cspr.page_cache) and so never loaded the case."""
    AccessLog.unscoped.create(partnership_id=partnership_id, case_id=case_id, user=user, path=path[:300])
