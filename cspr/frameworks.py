"""The procedure-framework registry: every timescale and optional path a procedure can set.

A `ProcedureFramework` row (see `cspr.models`) stores one procedure's values as data; this module says
which keys exist, what each means, its default and the quoted source of that default. Code asks
`framework.timescale("submit_to_national_panel")` and never writes a number of days itself.

Conventions (our reading; no seed defines them, see shared/notes):
- "within N working days of D": D is day 0, due on the N-th working day after D (DayZero.START_IS_DAY_0).
  Some flowcharts count the start day as day 1 (DayZero.START_IS_DAY_1).
- "between 7 and 13 working days of D": a window [WD7, WD13] (`window_from=7`, `amount=13`).
- "no later than N working days before P": counted back from P, P itself not counted (Direction.BEFORE).
- "N months": same day number, clamped to the month end (31 Mar + 6 months = 30 Sep).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.db import models


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    CALENDAR_DAYS = "calendar_days", "calendar days"
    HOURS = "hours", "hours"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"


class DayZero(models.TextChoices):
    START_IS_DAY_0 = "day0", "the start date is day 0"
    START_IS_DAY_1 = "day1", "the start date is day 1"


class Direction(models.TextChoices):
    AFTER = "after", "after the start event"
    BEFORE = "before", "before the start event"


@dataclass(frozen=True)
class Timescale:
    """One named timescale of a procedure, e.g. "agency scoping return: 5 working days of the request"."""

    key: str
    label: str
    amount: int | None  # None: the procedure sets no such timescale (the clock is not started)
    unit: Unit
    start_event: str
    day_zero: DayZero = DayZero.START_IS_DAY_0
    direction: Direction = Direction.AFTER
    window_from: int | None = None  # earliest point of a window, in the same unit ("between 7 and 13")
    time_of_day: time | None = None  # "by 5pm"; None means the end of the day
    source: str = ""  # the quoted sentence and where it stands in the procedure
    note: str = ""  # our reading where the procedure is silent or contradicts itself

    @property
    def is_set(self) -> bool:
        return self.amount is not None

    def describe(self) -> str:
        """Plain English, e.g. "between 7 and 13 working days after referral received"."""
        if self.amount is None:
            return "not set by this procedure"
        amount = (
            f"between {self.window_from} and {self.amount}"
            if self.window_from is not None
            else str(self.amount)
        )
        by = (
            f" by {self.time_of_day.strftime('%-I:%M%p').lower().replace(':00', '')}"
            if self.time_of_day
            else ""
        )
        event = self.start_event.replace("_", " ")
        return f"{amount} {self.unit.label} {self.direction.value} {event}{by}"

    def to_data(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("key")
        data["time_of_day"] = self.time_of_day.strftime("%H:%M") if self.time_of_day else None
        return data

    @classmethod
    def from_data(cls, key: str, data: dict[str, Any], *, base: Timescale | None = None) -> Timescale:
        values = dataclasses.asdict(base) if base else {"key": key}
        values.update({k: v for k, v in data.items() if k != "key"})
        values["key"] = key
        values["unit"] = Unit(values["unit"])
        values["day_zero"] = DayZero(values.get("day_zero", DayZero.START_IS_DAY_0))
        values["direction"] = Direction(values.get("direction", Direction.AFTER))
        tod = values.get("time_of_day")
        values["time_of_day"] = time.fromisoformat(tod) if isinstance(tod, str) else tod
        return cls(**values)


RECIPIENT_NAMES = {
    "national_panel": "the National Panel",
    "ofsted": "Ofsted",
    "dfe": "the Department for Education",
    "secretary_of_state": "the Secretary of State",
}
RULE_NAMES = {
    "each_statutory_partner": "at least one representative of each of the three safeguarding partners",
    "set_by_partnership": "set by the partnership (the procedure states none)",
    "partners_agree": "the three safeguarding partners each agree; dissent is minuted",
    "panel_recommends_leads_decide": "the panel recommends and the strategic leads decide",
    "partners_then_executive": "the partners decide, then the executive agrees",
}


@dataclass(frozen=True)
class Option:
    """An optional path or rule a procedure may switch on."""

    key: str
    label: str
    default: Any
    source: str = ""
    help_text: str = ""

    @staticmethod
    def display(value: Any) -> str:
        """A value in plain English for the procedure page ("Yes", "Ofsted, the National Panel", …)."""
        if value is None:
            return "Not set"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return "; ".join(str(v.get("heading", v)) for v in value)  # e.g. the report's sections
        if isinstance(value, list):
            return ", ".join(RECIPIENT_NAMES.get(v, str(v)) for v in value)
        if isinstance(value, dict):
            if value.get("rule") == "min_representatives":
                return (
                    f"at least {value['min_total']} partner representatives, including at least "
                    f"{value['min_statutory']} of the three safeguarding partners"
                )
            return RULE_NAMES.get(value.get("rule", ""), str(value))
        return RULE_NAMES.get(str(value), str(value))


WP2018 = "Working Together to Safeguard Children"


def _ts(
    key: str, label: str, amount: int | None, unit: Unit, start_event: str, source: str, **kw: Any
) -> Timescale:
    return Timescale(
        key=key, label=label, amount=amount, unit=unit, start_event=start_event, source=source, **kw
    )


# Defaults follow the West Midlands framework (shared by 14 areas and the basis of Leicester/Leicestershire
# & Rutland); each seeded framework overrides what its own procedure says (cspr/framework_seeds.py).
TIMESCALES: dict[str, Timescale] = {
    t.key: t
    for t in [
        _ts(
            "notify_national_panel",
            "Local authority notifies the National Panel",
            5,
            Unit.WORKING_DAYS,
            "aware_of_incident",
            f'{WP2018}: "within five working days of becoming aware that the incident has occurred"',
        ),
        _ts(
            "send_scoping_requests",
            "Scoping requests sent to agencies",
            2,
            Unit.WORKING_DAYS,
            "referral_received",
            'West Midlands §4.3.3: "sent out to all relevant agencies within 2 working days of receiving the referral"',
        ),
        _ts(
            "scoping_return",
            "Agency returns its initial scoping",
            5,
            Unit.WORKING_DAYS,
            "scoping_request_sent",
            'West Midlands §4.3.4: "return it within 5 working days"',
            note="The procedure does not say when the 5 days start; we count from the request (Document 3's date).",
        ),
        _ts(
            "subgroup_views",
            "Case review subgroup gives its views on the composite of returns",
            None,
            Unit.HOURS,
            "composite_sent",
            "Not in the West Midlands procedure.",
        ),
        _ts(
            "rapid_review_meeting",
            "Rapid review meeting held",
            13,
            Unit.WORKING_DAYS,
            "referral_received",
            'West Midlands §4.4.2: "scheduled between 7 and 13 working days of receiving the referral"',
            window_from=7,
        ),
        _ts(
            "complete_rapid_review",
            "Rapid review completed (15-working-day target)",
            15,
            Unit.WORKING_DAYS,
            "aware_of_incident",
            'West Midlands §4.2.2: "must be completed within 15 working days of becoming aware of the incident"',
        ),
        _ts(
            "submit_to_national_panel",
            "Rapid review sent to the National Panel",
            2,
            Unit.WORKING_DAYS,
            "rapid_review_meeting_held",
            'West Midlands §4.7.1: "Within 2 working days of the Rapid Review meeting, the Safeguarding '
            'Partners should send the completed Rapid Review"',
        ),
        _ts(
            "national_panel_response",
            "National Panel responds to the rapid review",
            None,
            Unit.WEEKS,
            "submitted_to_national_panel",
            "Not in the West Midlands procedure.",
        ),
        _ts(
            "case_review_group_discussion",
            "Agency referral first discussed by the case review group",
            None,
            Unit.MONTHS,
            "referral_received",
            "Not in the West Midlands procedure.",
        ),
        _ts(
            "case_review_group_decision",
            "Case review group decides on an agency referral",
            None,
            Unit.MONTHS,
            "referral_received",
            "Not in the West Midlands procedure.",
        ),
        _ts(
            "complete_local_review",
            "Local child safeguarding practice review completed",
            6,
            Unit.MONTHS,
            "decision_to_review",
            'West Midlands §3.1.2: "completed no later than six months from the date of the decision to '
            'initiate a review"',
        ),
        _ts(
            "complete_other_learning_review",
            "Other learning review completed",
            3,
            Unit.MONTHS,
            "decision_to_review",
            'West Midlands §3.1.2: "Other learning reviews should be completed more quickly, ideally within '
            'three months."',
        ),
        _ts(
            "review_delay_warning",
            "Business office asked whether the review will be late",
            20,
            Unit.WORKING_DAYS,
            "review_completion_due",
            'West Midlands §3.1.3: "Any delays need to be considered by the relevant Child Safeguarding '
            'Practice Review Group / Safeguarding Partners as soon as they arise."',
            direction=Direction.BEFORE,
            note="Partnership practice: the question is asked 20 working days before the completion date.",
        ),
        _ts(
            "chronology_return",
            "Agency returns its chronology",
            20,
            Unit.WORKING_DAYS,
            "chronology_request_sent",
            'West Midlands Document 10: "no later than [insert deadline]"',
            note="The procedure leaves the deadline to the letter; 20 working days is the partnership's default.",
        ),
        _ts(
            "information_report_return",
            "Agency returns its information report",
            20,
            Unit.WORKING_DAYS,
            "information_report_request_sent",
            'West Midlands Document 13: "no later than [insert deadline]"',
            note="The procedure leaves the deadline to the letter; 20 working days is the partnership's default.",
        ),
        _ts(
            "factual_accuracy_check",
            "Agency answers the factual accuracy check of the draft report",
            10,
            Unit.WORKING_DAYS,
            "accuracy_check_requested",
            "Not stated in the procedure; 10 working days is the partnership's default.",
        ),
        _ts(
            "copies_before_publication",
            "Final report sent to the National Panel, Ofsted and DfE before publication",
            7,
            Unit.WORKING_DAYS,
            "planned_publication",
            'West Midlands §10.5.1: "no later than seven working days before the date of publication"',
            direction=Direction.BEFORE,
        ),
        _ts(
            "press_statement",
            "Press statement issued before publication",
            None,
            Unit.CALENDAR_DAYS,
            "planned_publication",
            "Not in the West Midlands procedure.",
            direction=Direction.BEFORE,
        ),
        _ts(
            "online_period",
            "Published report kept online",
            12,
            Unit.MONTHS,
            "published",
            'West Midlands §10.5.2: "publically available for at least one year"',
        ),
        _ts(
            "return_reminder_before",
            "Reminder to an agency before its return is due",
            1,
            Unit.WORKING_DAYS,
            "return_due",
            "Partnership practice: a reminder one working day before, and another on the day.",
            direction=Direction.BEFORE,
        ),
        _ts(
            "return_escalation_after",
            "Overdue return escalated to the business office and the agency's safeguarding lead",
            1,
            Unit.WORKING_DAYS,
            "return_due",
            'West Midlands §2.1.7: refusals and delays escalate to the agency\'s "strategic Safeguarding Lead".',
        ),
        _ts(
            "action_reminder_before",
            "Reminder to an action owner before the target date",
            5,
            Unit.WORKING_DAYS,
            "action_target",
            "Partnership practice.",
            direction=Direction.BEFORE,
        ),
        _ts(
            "action_update_escalation",
            "Action not updated: escalated to the business office",
            20,
            Unit.WORKING_DAYS,
            "action_last_updated",
            'West Midlands §11: the group should "regularly audit progress".',
        ),
        _ts(
            "action_overdue_escalation",
            "Overdue action escalated to the business office and the agency's safeguarding lead",
            1,
            Unit.WORKING_DAYS,
            "action_target",
            'West Midlands §11.4.1: "will regularly monitor and follow up actions to ensure improvement is '
            'sustained"',
            note="The procedure sets no period; escalating the working day after the target is partnership practice.",
        ),
        _ts(
            "action_reaudit",
            "Completed action re-audited to check the improvement is sustained",
            6,
            Unit.MONTHS,
            "action_completed",
            'West Midlands §11.4.1: "will regularly monitor and follow up actions to ensure improvement is '
            'sustained"',
            note="The procedure sets no period; 6 months after completion is the partnership's default.",
        ),
    ]
}


# West Midlands Document 18, "Guidance on drafting the Report": the minimum contents (§2) and the
# structure it recommends (§3.2); procedures that say otherwise override `report_sections`.
REPORT_SECTIONS: list[dict[str, str]] = [
    {
        "key": "executive_summary",
        "heading": "Executive summary",
        "guidance": "No more than 2 A4 pages, as the National Panel recommends.",
    },
    {
        "key": "what_happened",
        "heading": "What happened",
        "guidance": "A brief overview of what happened and the key circumstances, background and context of "
        "the case: concise but sufficient to understand the context for the learning and recommendations.",
    },
    {
        "key": "the_child",
        "heading": "The child",
        "guidance": "A dedicated section about the child keeps the report focused and the child's voice "
        "considered. Use the child's pseudonym and refer to family members by their relationship to the child.",
    },
    {
        "key": "decisions",
        "heading": "Why decisions were taken",
        "guidance": "A summary of why relevant decisions by professionals were taken.",
    },
    {
        "key": "working_together",
        "heading": "How agencies worked together",
        "guidance": "A critique of how agencies worked together and any shortcomings in this, and whether any "
        "shortcomings identified are features of practice in general.",
    },
    {
        "key": "doing_differently",
        "heading": "What would need to be done differently",
        "guidance": "What would need to be done differently to prevent harm occurring to a child in similar "
        "circumstances. Flag each learning point, for example 'Learning Point 1'.",
    },
    {"key": "good_practice", "heading": "Good practice", "guidance": "Examples of good practice."},
    {
        "key": "recommendations",
        "heading": "Recommendations",
        "guidance": "What needs to happen to ensure that agencies learn from this case. One recommendation per "
        "paragraph, addressed to named people or organisations, with measures to follow it up.",
    },
]

OPTIONS: dict[str, Option] = {
    o.key: o
    for o in [
        Option(
            "agency_referral_path",
            "Agency referrals the local authority did not notify go to the case review group (no rapid review)",
            False,
            help_text="Leicester, Leicestershire & Rutland §4.1.5–4.1.7.",
        ),
        Option(
            "subgroup_composite",
            "A composite of the returns goes to the case review subgroup for views before the meeting",
            False,
            help_text="Cambridgeshire & Peterborough (responses within 72 hours).",
        ),
        Option(
            "late_rapid_review_notice",
            "The chair tells the National Panel when the 15-working-day deadline cannot be met",
            True,
            help_text="Cambridgeshire & Peterborough: reasons and the expected date.",
        ),
        Option("independent_scrutineer_endorsement", "An independent scrutineer may endorse decisions", True),
        Option("independent_advisor", "An independent advisor attends and advises the rapid review", False),
        Option("factual_summaries", "Agencies with limited involvement may send a factual summary", False),
        Option(
            "hold_publication_for_prosecution",
            "Publication waits until any prosecution is complete",
            False,
            source=(
                'Northamptonshire Appendix 6: "We will not expect to publish any final overview report until the '
                'completion of any prosecution."'
            ),
        ),
        Option(
            "publication_time",
            "Usual time of day reports go online",
            None,
            source=(
                'Northamptonshire, Publication: "Overview Reports are made available on the NSCP website on the '
                'agreed day of publication – usually around 10:00 hours."'
            ),
            help_text='A time of day, "HH:MM"; none means the report goes online when it is published.',
        ),
        Option(
            "inform_elected_members",
            "Elected members are informed before publication",
            False,
            source=(
                'Northamptonshire, Publication: "Elected Council members are informed of the publication date '
                'and a briefing provided."'
            ),
        ),
        Option(
            "quorum",
            "Rapid review quorum rule",
            {"rule": "each_statutory_partner"},
            help_text="each_statutory_partner | min_representatives (min_total, min_statutory) | set_by_partnership",
        ),
        Option(
            "decision_model",
            "Who decides after the rapid review",
            "partners_agree",
            help_text="partners_agree | panel_recommends_leads_decide | partners_then_executive",
        ),
        Option(
            "delay_notice_recipients",
            "Who is told when a review will miss its completion date",
            ["national_panel", "secretary_of_state"],
        ),
        Option(
            "reviewer_notice_recipients",
            "Who is told the name of the lead reviewer",
            ["national_panel", "ofsted", "dfe"],
            source=(
                'West Midlands §6.1.2: "The Safeguarding Partners will inform the National Panel, Ofsted and the '
                'Department for Education of the name of any reviewer commissioned"'
            ),
        ),
        Option(
            "pre_publication_recipients",
            "Who receives the final report before publication",
            ["national_panel", "ofsted", "dfe"],
            source=(
                'West Midlands §10.5.1: "The Safeguarding Partners must send a copy of the full report to the '
                'National Panel, Ofsted and to the Secretary of State"'
            ),
        ),
        Option(
            "send_to_nspcc",
            "Published reports go to the NSPCC national repository",
            True,
            source=(
                'West Midlands §10.5.3: "Published reports will also be submitted for inclusion in the NSPCC '
                'National Repository of safeguarding case reviews."'
            ),
        ),
        Option(
            "report_sections",
            "Sections of the review report, with the guidance shown to the lead reviewer",
            REPORT_SECTIONS,
            source=(
                'West Midlands Document 18 §2: "As a minimum, the report should also succinctly include" the '
                "seven items; §3.2 the executive summary and the section about the child"
            ),
            help_text="A list of {key, heading, guidance}; keys stay stable so comments follow a section.",
        ),
        Option(
            "report_scrutineer_endorsement",
            "The independent scrutineer endorses the final report before it is approved",
            False,
            help_text="Northamptonshire: the draft goes to the Review Group and the Independent Scrutineer.",
        ),
        Option(
            "learning_briefing_steps",
            "Headings of the learning briefing written from the final report",
            [
                "The review",
                "Lessons learned",
                "What this means for practice",
                "Questions for team meetings and supervision",
                "Recommendations and actions",
            ],
            source=(
                'West Midlands §11.3.2: "producing briefing notes on the lessons learned for use in agency team '
                'meetings and/or supervision sessions"'
            ),
            help_text="The briefing's title is the framework's learning_briefing document, if it names one.",
        ),
        # Retention (cspr/retention.py): a partnership sets its own through option_overrides.
        Option(
            "retention_years",
            "Years a closed case keeps the child's and family's personal data",
            7,
            source=(
                "No seeded procedure or Working Together 2023 sets a period. UK GDPR Art. 5(1)(e): personal data "
                'kept "for no longer than is necessary"; 7 years after closure is our default, for each '
                "partnership to confirm against its own retention schedule with its data protection officer"
            ),
            help_text="Counted from the case's last recorded event once it is closed.",
        ),
        Option(
            "retention_action",
            "What happens to a closed case's personal data when its retention period ends",
            "anonymise",
            source="Our default: anonymise keeps the case's shape and statistics; delete removes the rows",
            help_text='"anonymise" (names, addresses, identifiers and free text replaced) or "delete".',
        ),
    ]
}


@dataclass(frozen=True)
class Outcome:
    """One option of a rapid review decision, e.g. West Midlands Document 4 §3 (a)–(j)."""

    code: str
    label: str
    leads_to: str  # "national_review" | "local_review" | "other_learning_review" | "no_further_action"
    needs_text: bool = False


@dataclass(frozen=True)
class DocumentTemplate:
    """A statutory template in a procedure's set, e.g. West Midlands Document 4, Rapid Review Template."""

    key: str  # what the code renders: "referral_form", "scoping_request", "scoping_letter", ...
    title: str
    number: str = ""  # the procedure's own numbering, "Document 4", "Appendix 1"
    template: str = ""  # template path override; default documents/<key>.html


@dataclass
class FrameworkRules:
    """Everything a procedure framework decides, in one typed bundle (stored as JSON on the model)."""

    timescales: dict[str, dict[str, Any]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    documents: list[DocumentTemplate] = field(default_factory=list)
    recipients: dict[str, str] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FrameworkRules:
        return cls(
            timescales=dict(data.get("timescales", {})),
            options=dict(data.get("options", {})),
            outcomes=[Outcome(**o) for o in data.get("outcomes", [])],
            documents=[DocumentTemplate(**d) for d in data.get("documents", [])],
            recipients=dict(data.get("recipients", {})),
        )


class UnknownRule(KeyError):
    """A timescale or option key that is not in the registry: a typo in code, never silently defaulted."""


def resolve_timescale(key: str, overrides: dict[str, dict[str, Any]]) -> Timescale:
    """The registry default for `key` with one framework's overrides laid over it."""
    try:
        base = TIMESCALES[key]
    except KeyError as exc:
        raise UnknownRule(f"No timescale {key!r} in cspr/frameworks.py") from exc
    return Timescale.from_data(key, overrides[key], base=base) if key in overrides else base


def resolve_option(key: str, overrides: dict[str, Any]) -> Any:
    try:
        option = OPTIONS[key]
    except KeyError as exc:
        raise UnknownRule(f"No option {key!r} in cspr/frameworks.py") from exc
    return overrides.get(key, option.default)
