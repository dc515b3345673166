"""What the rapid review holds about the child: the agencies' returns and the files attached to them, the
rapid review's own account of the case and its decision, and the documents it sent, erased at the end of
retention (cspr.retention). Files cannot be anonymised, so they and their rows go in either mode (the
sent PDFs: the composite of the returns, the submission to the National Panel, the outcome letters); the
free text is replaced (anonymise) or emptied (delete), history included. The outcome, the criteria
ticked, the dates and who attended and decided stay: the record of the statutory decision.
"""

from __future__ import annotations

from django.db.models import Model

from cspr.models import Case
from cspr.retention import (
    ANONYMISED,
    Action,
    delete_files_on_commit,
    delete_paths_on_commit,
    erase_rows,
    stored_documents,
)
from rapid_review.models import Dispatch, Position, RapidReview, ScopingAttachment, ScopingRequest

RETURN_TEXT = [
    "completed_by_name",
    "completed_by_contact",
    "family_anomalies",
    "involvement_summary",
    "practice_analysis",
    "working_together_concerns",
    "other_agencies_involved",
    "further_information",
    "reopened_reason",
]
RAPID_REVIEW_TEXT = [
    "case_summary",
    "meeting_outside_window_reason",
    "omissions_from_attendance",
    "immediate_action_details",
    "nature_of_harm",
    "analysis_against_criteria",
    "immediate_learning",
    "legal_advice",
    "rationale",
    "subgroup_views",
    "panel_response_notes",
]


def erase(*, case: Case, action: str, dry_run: bool) -> dict[str, int]:
    """Delete the case's uploaded and sent files; anonymise the returns' and the rapid review's text."""
    requests = ScopingRequest.unscoped.filter(rapid_review__case=case)
    attachments = ScopingAttachment.unscoped.filter(request__in=requests)
    rapid_review = RapidReview.unscoped.filter(case=case)
    positions = Position.unscoped.filter(rapid_review__case=case)
    dispatches = Dispatch.unscoped.filter(rapid_review__case=case)
    files = [a.file for a in attachments]
    sent = stored_documents(dispatches)
    counts = {
        "uploaded files": len(files),
        "scoping returns": requests.count(),
        "rapid reviews": rapid_review.count(),
        "decision-makers' positions": positions.count(),
        "rapid review dispatches": dispatches.count(),
        "rapid review PDFs": len(sent),
    }
    if dry_run:
        return counts
    delete_files_on_commit(files)
    delete_paths_on_commit(sent)
    attachments.delete()
    values = {name: _blank(ScopingRequest, name, action) for name in RETURN_TEXT}
    ScopingRequest.history.model.objects.filter(id__in=requests.values("pk")).update(**values)
    requests.update(**values)
    erase_rows(rapid_review, {name: _blank(RapidReview, name, action) for name in RAPID_REVIEW_TEXT})
    erase_rows(positions, {"comment": _blank(Position, "comment", action)})
    erase_rows(dispatches, {"body": _blank(Dispatch, "body", action), "documents": []})
    return counts


def _blank(model: type[Model], name: str, action: str) -> str:
    # Free text reads "(anonymised)" so a reader sees why it is empty; names and contacts just go.
    is_text = model._meta.get_field(name).get_internal_type() == "TextField"
    return ANONYMISED if action == Action.ANONYMISE and is_text else ""
