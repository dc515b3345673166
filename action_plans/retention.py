"""What the action plan holds about people: the named leads, the evidence of impact and the files that show
it, erased at the end of retention (cspr.retention).

The agreed actions themselves stay (what, which agency, by when, how measured): they answer the published
recommendations and the annual report counts them. Their named leads, progress notes, evidence text and the
plan's closure note are anonymised, and the evidence files deleted with their rows in either mode (a file
cannot be anonymised). Deleting also removes the progress notes. A published learning briefing is a public
learning product, kept with its PDF (an earlier PDF, withdrawn before it was published again, goes); a
briefing never published (or withdrawn) loses its text and PDF.
"""

from __future__ import annotations

from typing import Any

from action_plans.models import Action, ActionEvidence, ActionPlan, LearningBriefing, ProgressUpdate
from cspr.models import Case
from cspr.retention import (
    ANONYMISED,
    delete_files_on_commit,
    delete_paths_on_commit,
    erase_each,
    erase_rows,
)
from cspr.retention import Action as RetentionAction

PLAN = {"closure_note": ANONYMISED}
ACTION = {
    "lead_name": ANONYMISED,
    "lead_email": "",
    "impact_evidence": ANONYMISED,
    "closed_reason": ANONYMISED,
}
PROGRESS = {"text": ANONYMISED}
BRIEFING = {"withdrawn_reason": ANONYMISED, "published_pdf": ""}


def erase(*, case: Case, action: str, dry_run: bool) -> dict[str, int]:
    """Delete the case's action evidence files and anonymise its action plan's people and notes."""
    plans = ActionPlan.unscoped.filter(case=case)
    actions = Action.unscoped.filter(plan__case=case)
    updates = ProgressUpdate.unscoped.filter(action__plan__case=case)
    evidence = ActionEvidence.unscoped.filter(action__plan__case=case)
    briefings = LearningBriefing.unscoped.filter(case=case).exclude(state=LearningBriefing.State.PUBLISHED)
    published = LearningBriefing.unscoped.filter(case=case, state=LearningBriefing.State.PUBLISHED)
    superseded = _superseded_pdfs(published)
    files = [e.file for e in evidence]
    counts = {
        "action plans": plans.count(),
        "actions": actions.count(),
        "progress updates": updates.count(),
        "action evidence files": len(files),
        "learning briefings": briefings.count(),
        "superseded briefing PDFs": len(superseded),
    }
    if dry_run:
        return counts
    delete_files_on_commit(files)
    delete_paths_on_commit(_briefing_pdfs(briefings))
    delete_paths_on_commit(superseded)
    history = LearningBriefing.history.model.objects.filter(id__in=published.values("pk"))
    history.filter(published_pdf__in=superseded).update(published_pdf="")
    evidence.delete()
    erase_rows(updates, PROGRESS, delete=action == RetentionAction.DELETE)
    erase_rows(actions, ACTION)
    erase_rows(plans, PLAN)
    erase_rows(briefings, BRIEFING)
    erase_each(briefings, _without_step_text, fields=["steps"])
    return counts


def _briefing_pdfs(briefings: Any) -> list[str]:
    # The current PDF and any earlier one the history still names (a briefing withdrawn and republished).
    history = LearningBriefing.history.model.objects.filter(id__in=briefings.values("pk"))
    return list(
        {*briefings.values_list("published_pdf", flat=True), *history.values_list("published_pdf", flat=True)}
    )


def _superseded_pdfs(published: Any) -> list[str]:
    # A briefing withdrawn and published again has a new PDF; the one taken down is named only by the
    # history. The public one stays; the one withdrawn (perhaps for what it said) goes.
    current = set(published.values_list("published_pdf", flat=True))
    history = LearningBriefing.history.model.objects.filter(id__in=published.values("pk"))
    return sorted(set(history.exclude(published_pdf="").values_list("published_pdf", flat=True)) - current)


def _without_step_text(briefing: Any) -> None:
    briefing.steps = [
        {**step, "body": ANONYMISED if step.get("body") else ""} for step in briefing.steps or []
    ]
