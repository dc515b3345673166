"""The rapid review's rules that each procedure sets differently: quorum, who decides, the meeting window.

Each reads the partnership's procedure framework (options "quorum" and "decision_model" in
cspr/frameworks.py), so a new procedure is data, not a new branch here.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cspr.deadlines.projection import explain_date
from cspr.models import Deadline
from rapid_review.models import STATUTORY_PARTNERS, Attendee, Position, RapidReview

PARTNER_LABELS = {
    Attendee.Represents.LOCAL_AUTHORITY: "the local authority",
    Attendee.Represents.POLICE: "the police",
    Attendee.Represents.HEALTH: "health",
}

# Decision model -> the positions that must be recorded, all agreeing unless dissent is allowed.
DECISION_MAKERS: dict[str, tuple[list[str], bool]] = {
    # West Midlands §4.6, Cambridgeshire & Peterborough: the three partners decide; dissent is minuted.
    "partners_agree": ([Position.Role.LOCAL_AUTHORITY, Position.Role.POLICE, Position.Role.HEALTH], True),
    # Northamptonshire: the panel recommends and the strategic leads decide.
    "panel_recommends_leads_decide": ([Position.Role.STRATEGIC_LEAD], False),
    # Lewisham: the partners decide, then the executive agrees a local review.
    "partners_then_executive": (
        [Position.Role.LOCAL_AUTHORITY, Position.Role.POLICE, Position.Role.HEALTH, Position.Role.EXECUTIVE],
        True,
    ),
}


def quorum_rule(rapid_review: RapidReview) -> dict:
    rule = rapid_review.partnership.option("quorum")
    if rule.get("rule") == "set_by_partnership":
        # The procedure states none and the partnership has not chosen: the statutory minimum applies.
        return {"rule": "each_statutory_partner"}
    return rule


def describe_quorum(rapid_review: RapidReview) -> str:
    rule = quorum_rule(rapid_review)
    if rule["rule"] == "min_representatives":
        return (
            f"at least {rule['min_total']} partner representatives, including at least "
            f"{rule['min_statutory']} of the three safeguarding partners"
        )
    return "at least one representative of each of the three safeguarding partners"


def quorum_problem(rapid_review: RapidReview) -> str:
    """Why the recorded attendance is not quorate, or "" when it is."""
    attendees = list(Attendee.unscoped.filter(rapid_review=rapid_review))
    present = {a.represents for a in attendees}
    rule = quorum_rule(rapid_review)
    if rule["rule"] == "min_representatives":
        partners = [a for a in attendees if a.represents in STATUTORY_PARTNERS | {Attendee.Represents.AGENCY}]
        statutory = present & STATUTORY_PARTNERS
        if len(partners) < rule["min_total"] or len(statutory) < rule["min_statutory"]:
            return f"the procedure needs {describe_quorum(rapid_review)}; {len(partners)} partner representatives and {len(statutory)} safeguarding partners were recorded."
        return ""
    missing = [PARTNER_LABELS[p] for p in PARTNER_LABELS if p not in present]
    if missing:
        return f"no representative of {', '.join(missing)} was recorded; the procedure needs {describe_quorum(rapid_review)}."
    return ""


def required_positions(rapid_review: RapidReview) -> tuple[list[str], bool]:
    return DECISION_MAKERS[rapid_review.partnership.option("decision_model")]


def decision_is_complete(rapid_review: RapidReview) -> str:
    """What is missing from the decision-makers' positions, or "" when the decision can be recorded."""
    roles, dissent_allowed = required_positions(rapid_review)
    positions = {p.role: p for p in Position.unscoped.filter(rapid_review=rapid_review)}
    missing = [Position.Role(r).label.lower() for r in roles if r not in positions]
    if missing:
        return f"record the position of {', '.join(missing)}."
    if not dissent_allowed and any(positions[r].stance == Position.Stance.DISAGREES for r in roles):
        return "the decision-maker does not agree with this decision."
    return ""


def meeting_window_problem(rapid_review: RapidReview, meeting_on: date) -> str:
    """Describe the procedure's meeting window when `meeting_on` falls outside it, else ""."""
    window = Deadline.unscoped.filter(
        case=rapid_review.case, key="rapid_review_meeting", cancelled_at=None
    ).first()
    if window is None or window.due_at is None:
        return ""
    opens = timezone.localtime(window.window_opens_at).date() if window.window_opens_at else None
    closes = timezone.localtime(window.due_at).date()
    if (opens and meeting_on < opens) or meeting_on > closes:
        start = f"{explain_date(opens)} to " if opens else "by "
        return f"{start}{explain_date(closes)}: {window.explanation}"
    return ""


def fifteen_day_risk(rapid_review: RapidReview, meeting_on: date) -> str:
    """Warn when a meeting on `meeting_on` plus the submission time would pass the 15-working-day deadline."""
    target = Deadline.unscoped.filter(
        case=rapid_review.case, key="complete_rapid_review", cancelled_at=None
    ).first()
    if target is None or target.due_at is None:
        return ""
    calendar = rapid_review.partnership.working_calendar()
    submission = rapid_review.partnership.framework.timescale("submit_to_national_panel")
    latest_submission = calendar.add_working_days(meeting_on, submission.amount or 0)
    due = timezone.localtime(target.due_at).date()
    if latest_submission > due:
        return (
            f"A meeting on {explain_date(meeting_on)} leaves the submission due {explain_date(latest_submission)}, "
            f"after the 15-working-day deadline of {explain_date(due)} ({target.explanation})."
        )
    return ""
