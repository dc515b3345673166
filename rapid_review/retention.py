"""What the rapid review holds about the child: the agencies' returns and the files attached to them,
erased at the end of retention (cspr.retention). Files cannot be anonymised, so they and their rows go
in either mode; the returns' free text is replaced (anonymise) or emptied (delete), history included.
"""

from __future__ import annotations

from cspr.models import Case
from cspr.retention import ANONYMISED, Action, delete_files_on_commit
from rapid_review.models import ScopingAttachment, ScopingRequest

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


def erase(*, case: Case, action: str, dry_run: bool) -> dict[str, int]:
    """Delete the files attached to the case's scoping returns and anonymise the returns' text."""
    requests = ScopingRequest.unscoped.filter(rapid_review__case=case)
    attachments = ScopingAttachment.unscoped.filter(request__in=requests)
    files = [a.file for a in attachments]
    counts = {"uploaded files": len(files), "scoping returns": requests.count()}
    if dry_run:
        return counts
    delete_files_on_commit(files)
    attachments.delete()
    values = {name: _blank(name, action) for name in RETURN_TEXT}
    ScopingRequest.history.model.objects.filter(id__in=requests.values("pk")).update(**values)
    requests.update(**values)
    return counts


def _blank(name: str, action: str) -> str:
    # Free text reads "(anonymised)" so a reader sees why it is empty; names and contacts just go.
    is_text = ScopingRequest._meta.get_field(name).get_internal_type() == "TextField"
    return ANONYMISED if action == Action.ANONYMISE and is_text else ""
