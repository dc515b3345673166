"""What the agencies told the review about the child and family: chronology entries, information reports
and the quality assurance around them, erased at the end of retention (cspr.retention).

Anonymising keeps each entry's date, agency, service and practitioner's role (the integrated chronology's
shape) and replaces what happened, the source and the comments; an information report keeps its yes/no
answers and loses every written one. Deleting removes the entries. The requests and submissions stay in
either mode, anonymised, as the record of what was asked of which agency and when it answered; so does the
senior officer's sign-off, like the other records of who decided or approved.
"""

from __future__ import annotations

from typing import Any

from chronologies import report
from chronologies.models import AgencyRequest, ChronologyEntry, Submission
from cspr.models import Case
from cspr.retention import ANONYMISED, Action, erase_each, erase_rows

ENTRY = {"event": ANONYMISED, "source": ANONYMISED, "action_or_outcome": ANONYMISED, "comment": ANONYMISED}
REQUEST = {"instructions": ANONYMISED, "withdrawn_reason": ANONYMISED}
SUBMISSION = {"qa_comments": ANONYMISED}
WRITTEN = {report.TEXT, report.TEXTAREA}


def erase(*, case: Case, action: str, dry_run: bool) -> dict[str, int]:
    """Anonymise (or delete) the case's chronology entries and anonymise its information reports."""
    requests = AgencyRequest.unscoped.filter(review__case=case)
    entries = ChronologyEntry.unscoped.filter(review__case=case)
    submissions = Submission.unscoped.filter(request__review__case=case)
    counts = {
        "chronology entries": entries.count(),
        "agency requests": requests.count(),
        "agency submissions": submissions.count(),
    }
    if dry_run:
        return counts
    erase_rows(entries, ENTRY, delete=action == Action.DELETE)
    erase_rows(submissions, SUBMISSION)
    erase_each(submissions, _without_written_answers, fields=["report"])
    erase_rows(requests, REQUEST)
    erase_each(requests, _without_written_answers, fields=["report"])
    return counts


def _without_written_answers(row: Any) -> None:
    # The information report's written answers name people (who completed it, what the agency knew);
    # the yes/no and confirmation answers are kept for the record of what was answered.
    row.report = {
        key: ANONYMISED if _is_written(key) and value not in ("", None) else value
        for key, value in (row.report or {}).items()
    }


def _is_written(key: str) -> bool:
    question = report.QUESTIONS.get(key)
    return question is None or question.kind in WRITTEN  # an unknown key may hold anything: treat as text
