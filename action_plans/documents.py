"""PDFs of this stage: the action plan (West Midlands Document 19's columns), learning briefings and the
annual report section. Filenames carry the case reference or the year, never a child's name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.text import slugify

from action_plans.models import Action, ActionPlan, LearningBriefing, ProgressUpdate
from cspr.documents import OFFICIAL_SENSITIVE, render_pdf
from cspr.frameworks import DocumentTemplate
from reviews.models import Recommendation

if TYPE_CHECKING:
    from action_plans.annual_report import AnnualReport

ACTION_PLAN_TEMPLATE = "documents/action_plan_table.html"
ANNUAL_REPORT_TEMPLATE = "documents/annual_report_section.html"
BRIEFING_TEMPLATE = "action_plans/documents/learning_briefing.html"
# Document 19's column headings, in its order.
DOCUMENT_19_COLUMNS = [
    "Recommendation",
    "Agreed Actions",
    "Responsible Person",
    "Timescale",
    "Actions Taken",
    "Progress Update (and RAG rating)",
    "Evidence of impact / outcome",
]

Rendered = tuple[str, bytes]


@dataclass
class PlanRow:
    """One recommendation and the actions answering it, as Document 19 lays them out."""

    recommendation: Recommendation
    actions: list[Action] = field(default_factory=list)


def action_plan_document(plan: ActionPlan) -> DocumentTemplate:
    """The procedure's own action plan template (West Midlands Document 19), or a plain stand-in."""
    return plan.partnership.framework.document("action_plan") or DocumentTemplate(
        "action_plan", "Action plan"
    )


def plan_rows(plan: ActionPlan) -> list[PlanRow]:
    """Each recommendation with its actions, their updates and evidence (four queries in all)."""
    rows = {
        r.pk: PlanRow(r) for r in Recommendation.unscoped.filter(review_id=plan.review_id).order_by("number")
    }
    actions = (
        Action.unscoped.filter(plan=plan)
        .select_related("owner_agency")
        .prefetch_related("evidence", "updates")
        .order_by("recommendation__number", "created_at", "pk")
    )
    for action in actions:
        rows[action.recommendation_id].actions.append(action)
    return list(rows.values())


def action_plan_pdf(plan: ActionPlan) -> Rendered:
    document = action_plan_document(plan)
    rows = plan_rows(plan)
    for row in rows:
        for action in row.actions:
            action.progress = [u for u in action.updates.all() if u.kind == ProgressUpdate.Kind.PROGRESS]  # type: ignore[attr-defined]
            action.others = [u for u in action.updates.all() if u.kind != ProgressUpdate.Kind.PROGRESS]  # type: ignore[attr-defined]
    pdf = render_pdf(
        template=ACTION_PLAN_TEMPLATE,
        context={"plan": plan, "rows": rows, "columns": DOCUMENT_19_COLUMNS, "case": plan.case},
        partnership=plan.partnership,
        title=document.title,
        document_number=document.number,
        reference=plan.case.reference,
    )
    return f"{plan.case.reference}-{slugify(document.title)}.pdf", pdf


def briefing_pdf(briefing: LearningBriefing, *, marking: str = OFFICIAL_SENSITIVE) -> Rendered:
    """The briefing; the public copy is marked OFFICIAL and carries no case reference."""
    public = marking != OFFICIAL_SENSITIVE
    pdf = render_pdf(
        template=BRIEFING_TEMPLATE,
        context={"briefing": briefing, "public": public},
        partnership=briefing.partnership,
        title=briefing.title,
        reference="" if public else briefing.case.reference,
        protective_marking=marking,
    )
    stem = slugify(briefing.title.split(":")[0]) or "learning-briefing"
    return f"{stem}-{timezone.localtime():%Y-%m-%d}.pdf", pdf


def annual_report_pdf(report: AnnualReport) -> Rendered:
    pdf = render_pdf(
        template=ANNUAL_REPORT_TEMPLATE,
        context={"report": report},
        partnership=report.partnership,
        title=f"Annual report: child safeguarding practice reviews, {report.period_label}",
    )
    return f"annual-report-{report.start.year}-{report.end.year}.pdf", pdf
