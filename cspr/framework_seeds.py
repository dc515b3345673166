"""The five real procedure frameworks and the demo partnerships that follow them, as data.

Each framework overrides a registry timescale (cspr/frameworks.py) where its own procedure says something
different, and restates the source wherever the registry default quotes West Midlands, so every framework
cites its own document. Quotes are verbatim from the seed text (shared/seeds/000–004), checked by
tests/cspr/test_framework_seeds.py. The loader that writes these rows is not in this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cspr.frameworks import DocumentTemplate, FrameworkRules, Outcome


@dataclass(frozen=True)
class SeedFramework:
    """One procedure framework: a `ProcedureFramework` row to be."""

    slug: str
    name: str
    source_document: str  # title and version or date, as the procedure states them
    rules: FrameworkRules


@dataclass(frozen=True)
class SeedPartnership:
    """One demo Safeguarding Children Partnership and its agencies."""

    slug: str
    name: str
    framework_slug: str
    local_authority: str
    police: str
    health: str  # the integrated care board, by its current name
    mailbox: str
    brand_colour: str  # white text on it meets WCAG AA (contrast of at least 4.5:1)
    region: str = "ENG"
    agencies: list[tuple[str, str]] = field(default_factory=list)  # (name, AgencyKind value)


# The national mailboxes, as every seed but Northamptonshire (no NSPCC) lists them.
NATIONAL_PANEL = "Mailbox.NationalReviewPanel@education.gov.uk"
OFSTED = "SCR.SIN@ofsted.gov.uk"
DFE = "Mailbox.CPOD@education.gov.uk"
NSPCC = "information@nspcc.org.uk"


def _not_in(procedure: str, note: str = "") -> dict[str, Any]:
    """An override for a timescale this procedure does not set (the clock is never started)."""
    return {"amount": None, "source": f"Not in the {procedure} procedure.", "note": note}


def _national_panel_outcomes() -> list[Outcome]:
    """The three decisions a rapid review reports to the National Panel, for seeds that give no list."""
    return [
        Outcome(
            "local_review",
            "Meets the criteria for a local child safeguarding practice review",
            "local_review",
        ),
        Outcome(
            "other_learning_review",
            "Does not meet the criteria but warrants an alternative learning review",
            "other_learning_review",
        ),
        Outcome("no_further_review", "Does not meet the criteria: no further review", "no_further_action"),
    ]


def _rapid_review_form_outcomes() -> list[Outcome]:
    """West Midlands Document 4 §3 a)–j); Lewisham Appendix 5 §3 reproduces it word for word."""
    return [
        Outcome(
            "a", "Meets the criteria for a national Child Safeguarding Practice Review", "national_review"
        ),
        Outcome("b", "Meets the criteria for a local Child Safeguarding Practice Review", "local_review"),
        Outcome(
            "c",
            "Does not meet the criteria but warrants an alternative Learning Review",
            "other_learning_review",
        ),
        Outcome("d", "Warrants consideration of DHR, SAR, MAPPA SFO or other", "other_learning_review", True),
        Outcome("e", "Warrants a Single-Agency Review", "other_learning_review"),
        Outcome("f", "Warrants a Multi-Agency Audit", "other_learning_review"),
        Outcome("g", "Warrants a Single Agency Audit", "other_learning_review"),
        Outcome("h", "Needs no Further Action", "no_further_action"),
        Outcome(
            "i",
            "The Rapid Review has identified learning that has been acted upon, obviating the need for "
            "further review",
            "no_further_action",
        ),
        Outcome("j", "Other", "other_learning_review", True),
    ]


# --- West Midlands (seed 000) -------------------------------------------------------------------------
# The registry defaults are this procedure's figures, so no timescale is overridden.

WEST_MIDLANDS = SeedFramework(
    slug="west-midlands",
    name="West Midlands Regional Child Safeguarding Practice Review Framework",
    source_document=(
        "Regional Framework and Practice Guidance for the wider West Midlands: Local Child Safeguarding "
        "Practice Reviews (undated; templates footed December 2018; cites National Panel practice guidance "
        "of 5 April 2019)"
    ),
    rules=FrameworkRules(
        timescales={},
        options={
            "quorum": {"rule": "each_statutory_partner"},  # §4.6.1
            "decision_model": "partners_agree",  # §4.6.3: Document 4 "completed and agreed at this meeting"
            "independent_scrutineer_endorsement": True,  # §4.6.3: "may wish to ask them to endorse"
            "delay_notice_recipients": ["national_panel", "secretary_of_state"],  # §3.1.3
            # §10.5.1 names the Secretary of State; the report goes to the DfE CPOD mailbox.
            "pre_publication_recipients": ["national_panel", "ofsted", "dfe"],
            "send_to_nspcc": True,  # §10.5.3
        },
        outcomes=_rapid_review_form_outcomes(),
        documents=[
            DocumentTemplate("referral_form", "Referral Form", "Document 1"),
            DocumentTemplate(
                "scoping_request", "Initial Scoping and Information Sharing Template", "Document 2"
            ),
            DocumentTemplate(
                "scoping_letter", "Template Letter – Request for Initial Scoping Information", "Document 3"
            ),
            DocumentTemplate("rapid_review", "Rapid Review Template", "Document 4"),
            DocumentTemplate(
                "national_panel_letter",
                "Template Letter – Submitting the Rapid Review Template to the National Panel",
                "Document 5",
            ),
            DocumentTemplate("terms_of_reference", "Terms of Reference Template", "Document 6"),
            DocumentTemplate(
                "family_letter", "Template Letter – Informing Family Members of a Review", "Document 7"
            ),
            DocumentTemplate(
                "family_leaflet", "Sample Leaflet – Local Child Safeguarding Practice Reviews", "Document 8"
            ),
            # Named in the contents; its body is missing from the seed text.
            DocumentTemplate("chronology", "Sample Chronology Templates", "Document 9"),
            DocumentTemplate(
                "chronology_request", "Template Letter – Request to complete a Chronology", "Document 10"
            ),
            DocumentTemplate("chronology_guidance", "Guidance on Completing the Chronologies", "Document 11"),
            DocumentTemplate("information_report", "Information Report Template", "Document 12"),
            DocumentTemplate(
                "information_report_request",
                "Template Letter – Request to complete an Information Report",
                "Document 13",
            ),
            DocumentTemplate(
                "information_report_guidance", "Guidance on Completing an Information Report", "Document 14"
            ),
            DocumentTemplate(
                "workshop_invitation",
                "Template Letter – Invitation to Reflective Learning Workshop",
                "Document 15",
            ),
            DocumentTemplate(
                "workshop_briefing",
                "Briefing Note on the role and purpose of Reflective Learning Workshops",
                "Document 16",
            ),
            DocumentTemplate(
                "workshop_agenda", "Sample Agenda for a Reflective Learning Workshop", "Document 17"
            ),
            DocumentTemplate("report_guidance", "Guidance on Drafting the Report", "Document 18"),
            DocumentTemplate("action_plan", "Sample Action Plan Template", "Document 19"),
        ],
        recipients={
            "national_panel": NATIONAL_PANEL,
            "ofsted": OFSTED,
            "dfe": DFE,
            "nspcc": NSPCC,
            # §3.1.3 tells "the National Panel and Secretary of State" of a delay; the DfE CPOD mailbox
            # receives what §10.5.1 sends the Secretary of State (shared/notes 000.6).
            "secretary_of_state": DFE,
            # Document 5 addresses the Chair by name (Edward Timpson CBE); the office is what stays true.
            "national_panel_postal": (
                "Chair, Child Safeguarding Practice Review Panel, Sanctuary Buildings, 20 Great Smith "
                "Street, London SW1P 3BT"
            ),
        },
    ),
)


# --- Leicester, Leicestershire & Rutland (seed 001) ----------------------------------------------------
# Based on the West Midlands framework; its template bodies are not in the seed, only their names.

LLR = "Leicester, Leicestershire & Rutland"
_LLR_RETURN_NOTE = (
    "The procedure leaves the deadline to the accompanying letter; 20 working days is the partnership's "
    "default."
)

LEICESTER_LEICESTERSHIRE_RUTLAND = SeedFramework(
    slug="llr",
    name="Leicester, Leicestershire & Rutland Local Child Safeguarding Practice Review Framework",
    source_document=(
        "Local Child Safeguarding Practice Reviews: Framework and Practice Guidance, V1.00, November 2020"
    ),
    rules=FrameworkRules(
        timescales={
            "notify_national_panel": {
                "source": (
                    'LLR §4.1.2: local authorities must "notify the national Child Safeguarding Practice '
                    'Review Panel if they know or suspect that a child has been abused or neglected"'
                ),
                "note": (
                    "The procedure states the duty without a period; 5 working days is Working Together "
                    "2018's."
                ),
            },
            "send_scoping_requests": {
                "source": (
                    'LLR §4.3.3: the Information Request Reply Template "should be sent out to all relevant '
                    "agencies as soon as possible. In all cases within 2 working days of receiving the "
                    'referral"'
                ),
            },
            "scoping_return": {
                "source": 'LLR §4.3.4: "return it by the deadline included in the letter"',
                "note": (
                    "The procedure sets no period: the Information Request Letter gives the deadline. "
                    "5 working days from the letter is the partnership's default, as in West Midlands."
                ),
            },
            "subgroup_views": _not_in(LLR),
            "rapid_review_meeting": {
                "source": (
                    'LLR §4.4.2: "The Rapid Review meeting should be scheduled between 7 and 13 working days '
                    'of receiving the referral."'
                ),
                "note": "On the rapid review path the referral is the local authority's notification.",
            },
            "complete_rapid_review": {
                "source": (
                    'LLR §4.2.2: "The Rapid Review must be completed within the timescales outlined in '
                    "guidance from the National Panel (currently 15 working days of becoming aware of the "
                    'incident)."'
                ),
            },
            "submit_to_national_panel": {
                "amount": None,
                "source": (
                    'LLR §4.8.1: "The relevant SCP Business Office should then send the completed Combined '
                    'Summary for National Panel to the National Panel"'
                ),
                "note": (
                    "No separate limit after the meeting: the 15-working-day rapid review target "
                    "(complete_rapid_review) is the only clock."
                ),
            },
            "national_panel_response": _not_in(LLR),
            "case_review_group_discussion": {
                "amount": 1,
                "source": (
                    'LLR §4.9 flowchart, referral from an agency: "Within one month of receiving the '
                    'referral" "The referral is initially discussed at the first scheduled Case Review Group '
                    'meeting after the referral has been received"'
                ),
                "note": "Agency-referral path only (no local authority notification, no rapid review).",
            },
            "case_review_group_decision": {
                "amount": 2,
                "source": (
                    'LLR §4.9 flowchart, referral from an agency: "Within two months of receiving the '
                    'referral" "the group considers the case as a potential Child Safeguarding Practice '
                    'Review using the same criteria that a Rapid Review would apply"'
                ),
                "note": (
                    "Agency-referral path only. The flowchart gives the months as band headings, not as "
                    "explicit duties."
                ),
            },
            "complete_local_review": {
                "source": (
                    'LLR §3.1.2: "completed no later than six months from the date of the decision to '
                    'initiate a review and more quickly if possible"'
                ),
            },
            "review_delay_warning": {
                "source": (
                    'LLR §3.1.3: "Any delays need to be considered by the relevant Case Review Group as soon '
                    'as they arise."'
                ),
            },
            "complete_other_learning_review": _not_in(
                LLR,
                note=(
                    "§1.4.5 considers other learning processes but sets them no target (West Midlands: three "
                    "months)."
                ),
            ),
            "chronology_return": {
                "source": (
                    'LLR §8.4.2: "Agencies will be sent a Chronology Template and Accompanying Letter"; '
                    '§2.1.3: "All agencies will be expected to share relevant information within the '
                    'timescales requested."'
                ),
                "note": _LLR_RETURN_NOTE,
            },
            "information_report_return": {
                "source": (
                    'LLR §8.5.2: "Agencies will be sent an Information Report Template and Accompanying '
                    'Letter"; §2.1.3: "within the timescales requested"'
                ),
                "note": _LLR_RETURN_NOTE,
            },
            "copies_before_publication": {
                "source": (
                    'LLR §10.5.1: "send a copy of the full report to the National Panel, Ofsted and to the '
                    'Department of Education no later than seven working days before the date of publication"'
                ),
            },
            "press_statement": _not_in(LLR),
            "online_period": {
                "source": 'LLR §10.5.2: "Reports will be publicly available for at least one year."',
            },
            "return_escalation_after": {
                "source": (
                    'LLR §2.1.7: the Case Review Group "will seek to resolve this with the strategic '
                    'Safeguarding Lead for the agency concerned"'
                ),
            },
            "action_update_escalation": {
                "source": (
                    'LLR §11.4.1: "The local safeguarding arrangements will regularly audit progress on the '
                    'implementation of recommended improvements"'
                ),
            },
            "action_overdue_escalation": {
                "source": (
                    'LLR §11.4.1: "will regularly monitor and follow up actions to ensure improvement is '
                    'sustained"'
                ),
                "note": "The procedure sets no period; escalating the working day after the target is partnership practice.",
            },
            "action_reaudit": {
                "source": (
                    'LLR §11.4.1: "will regularly monitor and follow up actions to ensure improvement is '
                    'sustained"'
                ),
                "note": "The procedure sets no period; 6 months after completion is the partnership's default.",
            },
        },
        options={
            "agency_referral_path": True,  # §4.1.5–4.1.7 and the §4.9 flowchart
            "independent_advisor": True,  # §4.7
            "independent_scrutineer_endorsement": False,  # no scrutineer: the Independent Advisor advises
            "factual_summaries": True,  # §8.6
            "quorum": {"rule": "min_representatives", "min_total": 3, "min_statutory": 2},  # §4.6.1
            # §4.6.2: the Case Review Group meeting (partners and other agencies) "make a decision"; the
            # Independent Advisor observes and advises when the Chair asks (§4.7.2).
            "decision_model": "partners_agree",
            "delay_notice_recipients": ["national_panel", "secretary_of_state"],  # §3.1.3
            "pre_publication_recipients": ["national_panel", "ofsted", "dfe"],  # §10.5.1
            "send_to_nspcc": True,  # §10.5.3
        },
        # §4.6.2 gives no list: criteria met, or not met and perhaps an alternative learning review.
        outcomes=_national_panel_outcomes(),
        documents=[
            DocumentTemplate("referral_form", "Referral Form"),
            DocumentTemplate("scoping_request", "Information Request Reply Template"),
            DocumentTemplate("scoping_letter", "Information Request Letter"),
            # Sections 2 and 3 of the "Combined Summary for meeting" are agreed at the meeting (§4.6.3);
            # the finished summary is what goes to the National Panel (§4.8.1).
            DocumentTemplate("rapid_review", "Combined Summary for National Panel"),
            DocumentTemplate("national_panel_letter", "Covering Letter"),
            DocumentTemplate("terms_of_reference", "Terms of Reference Template"),
            DocumentTemplate(
                "family_letter", "Letter to family members"
            ),  # §7.3.2 "a letter … and/or leaflet"
            DocumentTemplate("family_leaflet", "Leaflet for family members"),
            DocumentTemplate("chronology", "Chronology Template"),
            DocumentTemplate("chronology_request", "Chronology Accompanying Letter"),
            DocumentTemplate("chronology_guidance", "Guidance on Completing the Chronologies"),
            DocumentTemplate("information_report", "Information Report Template"),
            DocumentTemplate("information_report_request", "Information Report Accompanying Letter"),
            DocumentTemplate("information_report_guidance", "Guidance on Completing an Information Report"),
            DocumentTemplate("factual_summary", "Factual Summary"),
            DocumentTemplate("workshop_invitation", "Invitation to the Reflective Learning Workshop"),
            DocumentTemplate("workshop_briefing", "Reflective Learning Workshop briefing"),
        ],
        recipients={
            "national_panel": NATIONAL_PANEL,
            "ofsted": OFSTED,
            "dfe": DFE,
            "nspcc": NSPCC,
            "secretary_of_state": DFE,  # as West Midlands: the DfE mailbox
        },
    ),
)


# --- Cambridgeshire & Peterborough (seed 002) ----------------------------------------------------------
# Its template bodies are not in the seed. The Appendix 1 flowchart's day plan (returns on days 3–10, meeting
# on days 12–14, the National Panel on day 15) is tighter than the body; we follow the body and note it.

CP = "Cambridgeshire & Peterborough"
_CP_RETURN_NOTE = "The procedure sets no period; 20 working days is the partnership's default."

CAMBRIDGESHIRE_PETERBOROUGH = SeedFramework(
    slug="cambridgeshire-peterborough",
    name="Cambridgeshire & Peterborough Child Safeguarding Practice Review Guidance",
    source_document=(
        "Cambridgeshire and Peterborough Safeguarding Children Partnership Board: Local Child Safeguarding "
        "Practice Reviews guidance (undated)"
    ),
    rules=FrameworkRules(
        timescales={
            "notify_national_panel": {
                "source": (
                    'C&P, Making a Referral: "Local authorities have a duty to notify the National Child '
                    "Safeguarding Practice Review Panel and the Safeguarding Partners within five working "
                    'days"; Appendix 1: "the LA must inform the National Panel within 5 working days of '
                    'being aware of a serious incident"'
                ),
            },
            "send_scoping_requests": {
                "source": (
                    'C&P, Initial Scoping: "The Referral and Initial Information Scoping should be sent out '
                    'to all relevant agencies within 2 working days of receiving the referral."'
                ),
                "note": 'Appendix 1 flowchart: "Day 3" (counting the notification as days 1–2).',
            },
            "scoping_return": {
                "source": (
                    'C&P, Initial Scoping: "Agencies should prioritise completion of the form and return it '
                    'within 5 working days."'
                ),
                "note": (
                    "The procedure does not say when the 5 days start; we count from the request. "
                    'Appendix 1 flowchart: "Days 3 - 10".'
                ),
            },
            "subgroup_views": {
                "amount": 72,
                "source": (
                    'C&P Appendix 1, days 11–12: "send composite to Case Review Subgroup requesting views on '
                    "whether the case meets the criteria based on the information known at that point "
                    '(responses required within 72 hours)"'
                ),
                "note": "Clock hours; the procedure does not say whether a weekend stops the clock.",
            },
            "rapid_review_meeting": {
                "source": (
                    'C&P, Rapid Review Meeting: "The Rapid Review meeting should be scheduled between 7 and '
                    '13 working days of receiving the referral."'
                ),
                "note": 'Appendix 1 flowchart: "Days 12 - 14 Virtual meeting to gain a decision".',
            },
            "complete_rapid_review": {
                "source": (
                    'C&P, Rapid Review: "The Rapid Review must be completed within 15 working days of '
                    'becoming aware of the incident"'
                ),
            },
            "submit_to_national_panel": {
                "source": (
                    'C&P, Sharing the Outcome: "Within 2 working days of the Rapid Review meeting, the '
                    "Independent Safeguarding Partnership Service should send the completed Rapid Review to "
                    'the National Panel"'
                ),
                "note": (
                    'Appendix 1 puts the decision to the National Panel on "Day 15"; if it is missed, '
                    '"National Panel to be notified by the Chair" (late_rapid_review_notice).'
                ),
            },
            "national_panel_response": _not_in(CP),
            "case_review_group_discussion": _not_in(
                CP,
                note=(
                    "Appendix 1's non-serious-incident route goes to the next Subgroup meeting, with no "
                    "period."
                ),
            ),
            "case_review_group_decision": _not_in(CP),
            "complete_local_review": {
                "source": (
                    'C&P, Timescale for Completion: "completed no later than six months from the date of the '
                    'decision to initiate a review"'
                ),
            },
            "review_delay_warning": {
                "source": (
                    'C&P, Timescale for Completion: "Any delays need to be considered by the relevant Case '
                    'Review Subgroup as soon as they arise."'
                ),
            },
            "complete_other_learning_review": {
                "source": (
                    'C&P, Timescale for Completion: "Other learning reviews should be completed more '
                    'quickly, ideally within three months."'
                ),
            },
            "chronology_return": {
                "source": (
                    'C&P, Information Sharing: "All agencies will be expected to share relevant information '
                    'within the timescales requested."'
                ),
                "note": _CP_RETURN_NOTE,
            },
            "information_report_return": {
                "source": (
                    'C&P Appendix 3: "Individual Management Reviews must be signed off by the Chief Officer '
                    'of each organisation"; Information Sharing: "within the timescales requested"'
                ),
                "note": _CP_RETURN_NOTE,
            },
            "copies_before_publication": {
                "source": (
                    'C&P, Publication: "send a copy of the full report to the National Panel, Ofsted and to '
                    'the Secretary of State no later than seven working days before the date of publication"'
                ),
            },
            "press_statement": _not_in(CP),
            "online_period": {
                "source": 'C&P, Publication: "Reports will be publically available for at least one year"',
            },
            "return_escalation_after": {
                "source": (
                    'C&P, Information Sharing: the Case Review Subgroup "will seek to resolve this with the '
                    'strategic Safeguarding Lead for the agency concerned"'
                ),
            },
            "action_update_escalation": {
                "source": (
                    'C&P, Monitoring Progress: "The Case Review subgroup will regularly monitor progress on '
                    'the implementation of recommended improvements"'
                ),
            },
            "action_overdue_escalation": {
                "source": (
                    'C&P, Monitoring Progress: the subgroup "will follow up actions to ensure improvement is '
                    'sustained"'
                ),
                "note": "The procedure sets no period; escalating the working day after the target is partnership practice.",
            },
            "action_reaudit": {
                "source": (
                    'C&P, Monitoring Progress: the subgroup "will follow up actions to ensure improvement is '
                    'sustained"; the Board will "Sign off the action plan when complete"'
                ),
                "note": "The procedure sets no period; 6 months after completion is the partnership's default.",
            },
        },
        options={
            # Appendix 1 also shows a route for referrals that are not serious incidents, to the next
            # Subgroup meeting, but the flowchart text is scrambled and may lead back to a rapid review, so we
            # do not switch on the agency-referral path.
            "agency_referral_path": False,
            "subgroup_composite": True,  # Appendix 1, days 11–12
            "late_rapid_review_notice": True,  # Appendix 1: the Chair tells the National Panel why
            "independent_scrutineer_endorsement": False,  # no scrutineer in this procedure
            # The Overview Report "as a minimum, must include" these two, then the seven of Working Together.
            "report_sections": [
                {"key": "executive_summary", "heading": "Executive summary", "guidance": ""},
                {
                    "key": "recommended_improvements",
                    "heading": "Summary of recommended improvements",
                    "guidance": "A summary of any recommended improvements to be made by persons in the area to "
                    "safeguard and promote the welfare of children.",
                },
                {
                    "key": "what_happened",
                    "heading": "What happened",
                    "guidance": "A brief overview of what "
                    "happened and the key circumstances, background and context of the case.",
                },
                {
                    "key": "systemic_analysis",
                    "heading": "Analysis of systemic and underlying reasons",
                    "guidance": "An analysis of any systemic or underlying reasons why actions were taken or not, "
                    "including why relevant decisions by professionals were taken.",
                },
                {
                    "key": "working_together",
                    "heading": "How agencies worked together",
                    "guidance": "A critique of how agencies worked together and any shortcomings in this.",
                },
                {
                    "key": "good_practice",
                    "heading": "Good practice",
                    "guidance": "Examples of good practice.",
                },
                {
                    "key": "recommendations",
                    "heading": "Recommendations",
                    "guidance": "One per paragraph: "
                    "what is required of relevant agencies and others, and by when.",
                },
            ],
            "quorum": {"rule": "each_statutory_partner"},  # Rapid Review Meeting
            # "each of the three statutory partners (Police, CCG and LA) will get a single vote"; no rule
            # says how the votes decide.
            "decision_model": "partners_agree",
            "delay_notice_recipients": ["national_panel", "secretary_of_state"],
            "pre_publication_recipients": [
                "national_panel",
                "ofsted",
                "dfe",
            ],  # "Secretary of State" via CPOD
            "send_to_nspcc": True,
        },
        # The procedure gives no list: a vote on a CSPR, then on an alternative learning review.
        outcomes=_national_panel_outcomes(),
        documents=[
            DocumentTemplate("referral_form", "Referral Form", "Document 1"),
            DocumentTemplate("scoping_request", "Initial Information Scoping"),
            DocumentTemplate("rapid_review", "Rapid Review Template"),
            DocumentTemplate(
                "national_panel_letter", "Notification of Rapid Review decision to National Panel"
            ),
            DocumentTemplate("terms_of_reference", "Terms of Reference"),
            DocumentTemplate("family_letter", "Letter to family members"),  # "a letter and/or leaflet"
            DocumentTemplate("family_leaflet", "Leaflet for family members"),
            DocumentTemplate("chronology_guidance", "How to Complete a Chronology", "Appendix 3"),
            DocumentTemplate("information_report", "Individual Management Review", "Appendix 3"),
            DocumentTemplate("workshop_invitation", "Invitation to Reflective Learning Workshop"),
            DocumentTemplate("workshop_briefing", "Reflective Learning Workshop briefing"),
            DocumentTemplate("action_plan", "Action plan"),
        ],
        recipients={
            "national_panel": NATIONAL_PANEL,
            "ofsted": OFSTED,
            "dfe": DFE,
            "nspcc": NSPCC,
            "secretary_of_state": DFE,  # as West Midlands: the DfE mailbox
        },
    ),
)


# --- Northamptonshire (seed 003) -----------------------------------------------------------------------
# Several periods are bare "days". The rapid review flowchart ends "by day 15 of incident", matching the
# 15-working-day target, so we read its days as working days; the publication periods as calendar days.

NORTHANTS = "Northamptonshire"
_NORTHANTS_RETURN_NOTE = (
    "Authors are given a time frame at the author briefing; 20 working days is the partnership's default."
)

NORTHAMPTONSHIRE = SeedFramework(
    slug="northamptonshire",
    name="Northamptonshire Child Safeguarding Practice Reviews Framework",
    source_document=(
        "Northamptonshire Safeguarding Children Partnership: Child Safeguarding Practice Reviews Framework "
        "and Practice Guidance, December 2020"
    ),
    rules=FrameworkRules(
        timescales={
            "notify_national_panel": {
                "start_event": "incident_occurred",
                "source": (
                    'Northamptonshire, Serious Incident Notifications: the SIN "must be submitted to the '
                    'National Panel within 5 days of the incident occurring"; Appendix 2a: "sent to Ofsted & '
                    "NSCP Business Office by SQAS Strategic Manager / nominated representative within 5 days "
                    'of the incident"'
                ),
                "note": (
                    "The unit is not stated: we read working days, as in the statutory duty this "
                    "paraphrases. Unlike Working Together (5 working days of becoming aware) it runs from "
                    "the incident itself."
                ),
            },
            "send_scoping_requests": {
                "amount": None,
                "source": (
                    'Northamptonshire Appendix 2a: "NSCP requests additional information from all partners"'
                ),
                "note": "No period is set for sending the Additional Information request.",
            },
            "scoping_return": {
                "amount": 7,
                "source": (
                    'Northamptonshire, Serious Incident Notifications: "Professionals are required to '
                    "complete and return the Additional Information template within 7 working days of the "
                    'date the request is made."'
                ),
                "note": (
                    'The procedure contradicts itself: its Appendix 2a flowchart says "All relevant agencies '
                    'Rapid Review summaries must be completed and returned to NSCP within 8 working days" '
                    "(start not stated). We follow the body's 7 working days from the request."
                ),
            },
            "subgroup_views": _not_in(NORTHANTS),
            "rapid_review_meeting": {
                "amount": 13,
                "window_from": 10,
                "source": (
                    'Northamptonshire Appendix 2a: "Rapid Review Panel is convened 10 – 13 days following '
                    'the initial SiN."'
                ),
                "note": (
                    "The unit is not stated: we read working days, as the same flowchart ends at the rapid "
                    'review "by day 15 of incident" (the 15-working-day target). The SiN, which goes to the '
                    "NSCP Business Office, is this path's referral."
                ),
            },
            "complete_rapid_review": {
                "source": (
                    'Northamptonshire, Overview and Timescales: "A Rapid Review and decision on all '
                    "referrals should be made within the timescales outlined in guidance from the National "
                    'Panel (currently within 15 working days)."'
                ),
            },
            "submit_to_national_panel": {
                "amount": 15,
                "start_event": "incident_occurred",
                "source": (
                    'Northamptonshire, Serious Incident Notifications: "This report is then presented to '
                    "Strategic Leads for their decision and then the report submitted to the National Panel "
                    'within 15 working days."; Appendix 2a: "submitted to the National Panel - by day 15 of '
                    'incident."'
                ),
                "note": (
                    "No separate limit after the meeting: the report goes by day 15 of the incident. We "
                    "count the incident as day 0; if it is day 1, the report is due one working day earlier."
                ),
            },
            "national_panel_response": {
                "amount": 4,
                "window_from": 2,
                "source": (
                    'Northamptonshire Appendix 2a: "National Panel respond with feedback 2 – 4 weeks from '
                    'receipt of Rapid Review recommendation"'
                ),
                "note": "The National Panel's timescale, tracked rather than owed by the partnership.",
            },
            "case_review_group_discussion": _not_in(NORTHANTS),
            "case_review_group_decision": _not_in(NORTHANTS),
            "complete_local_review": {
                "source": (
                    'Northamptonshire, Overview and Timescales: "All statutory Child Safeguarding Practice '
                    "Reviews should be completed no later than six months from the date of the decision to "
                    'initiate a review."'
                ),
            },
            "review_delay_warning": {
                "source": (
                    'Northamptonshire, Overview and Timescales: "Any delays need to be considered by the Local '
                    'Learning Review Sub Group and Strategic Leads as soon as they arise."'
                ),
            },
            "complete_other_learning_review": _not_in(
                NORTHANTS,
                note=(
                    "No target for a Case Mapping Exercise or for learning taken forward by the rapid review."
                ),
            ),
            "chronology_return": {
                "source": (
                    'Northamptonshire, Outline of Methodology: "Authors will be provided with the necessary '
                    'templates and supplementary guidance, along with a time frame for completion"'
                ),
                "note": _NORTHANTS_RETURN_NOTE,
            },
            "information_report_return": {
                "source": (
                    'Northamptonshire, Outline of Methodology: "Authors will be provided with the necessary '
                    'templates and supplementary guidance, along with a time frame for completion"'
                ),
                "note": _NORTHANTS_RETURN_NOTE
                + " The report is Appendix 4b, Key Event Analysis and Learning.",
            },
            "copies_before_publication": {
                "amount": 14,
                "unit": "calendar_days",
                "source": (
                    'Northamptonshire, Publication: "The National Panel should be informed of the '
                    "publication date and receive the final version of the Overview Report at least 14 days "
                    'prior to the publication date."'
                ),
                "note": (
                    "The unit is not stated: we read calendar days. Only the National Panel is named "
                    "(pre_publication_recipients)."
                ),
            },
            "press_statement": {
                "amount": 2,
                "source": (
                    'Northamptonshire, Publication: "create a press statement that is circulated to press '
                    'members approximately 2 days prior to publication"'
                ),
                "note": "Approximate, and the unit is not stated: we read calendar days.",
            },
            "online_period": {
                "amount": None,
                "source": (
                    'Northamptonshire, Publication: "Overview Reports are made available on the NSCP website '
                    'on the agreed day of publication"'
                ),
                "note": (
                    "No period online is set, so no clock runs: the report stays up until the partnership "
                    "decides."
                ),
            },
            "return_escalation_after": {
                "source": (
                    'Northamptonshire, Sharing Information: the group "will seek to resolve this with the '
                    'strategic Safeguarding Lead for the agency concerned"'
                ),
            },
            "action_update_escalation": {
                "source": (
                    'Northamptonshire Appendix 2a: "The Academy and QA Managers will track actions resulting '
                    'from the SiN / review process to monitor completion and impact"'
                ),
                "note": "Progress is also reported in each quarterly QA summary report.",
            },
            "action_overdue_escalation": {
                "source": (
                    'Northamptonshire Appendix 2a: the Academy and QA Managers "will feedback this detail to the '
                    'NSCP"'
                ),
                "note": "The procedure sets no period; escalating the working day after the target is partnership practice.",
            },
            "action_reaudit": {
                "amount": 3,
                "source": (
                    'Northamptonshire Appendix 2a: "New or amended procedures and commissioned training programmes '
                    'will be reported in each ¼ly QA summary report"'
                ),
                "note": "Read as a re-audit one quarter (3 months) after the action is completed.",
            },
        },
        options={
            # The Independent Scrutineer helps "inform the decision made at the Rapid Review".
            "independent_scrutineer_endorsement": True,
            # Overview Report: the first draft "will be considered by the Review Group and Independent
            # Scrutineer for comment and revision" before the Strategic Leads' final sign off.
            "report_scrutineer_endorsement": True,
            "report_sections": [
                {
                    "key": "executive_summary",
                    "heading": "Executive summary",
                    "guidance": "Anonymous: no identifiable child or family information (Overview Report).",
                },
                {
                    "key": "what_happened",
                    "heading": "What happened",
                    "guidance": "The key events from the "
                    "agencies' chronologies and Key Event Analysis reports.",
                },
                {
                    "key": "analysis",
                    "heading": "Analysis",
                    "guidance": "Analysis of the key events and the "
                    "systems that shaped practice (Appendix 7, supplementary guidance).",
                },
                {
                    "key": "learning",
                    "heading": "Learning",
                    "guidance": "The learning for each agency and "
                    "across agencies, with what has already been addressed.",
                },
                {
                    "key": "good_practice",
                    "heading": "Good practice",
                    "guidance": "Examples of good practice.",
                },
                {
                    "key": "recommendations",
                    "heading": "Recommendations",
                    "guidance": "One per paragraph, "
                    "saying what is required of whom and by when (Appendix 7).",
                },
            ],
            "hold_publication_for_prosecution": True,  # Appendix 6
            "publication_time": "10:00",  # "usually around 10:00 hours"
            "inform_elected_members": True,
            "quorum": {"rule": "set_by_partnership"},  # no quorum is stated
            "decision_model": "panel_recommends_leads_decide",
            "delay_notice_recipients": ["national_panel"],  # "the National Panel should be advised"
            "pre_publication_recipients": ["national_panel"],
            "send_to_nspcc": False,  # the NSPCC repository is not mentioned
            # "a 6 step learning briefing developed for the purpose of dissemination across the partnership
            # and for discussion within team meetings": the seed names the six steps but not their headings;
            # these six are our reading.
            "learning_briefing_steps": [
                "1. The case in brief",
                "2. Why it matters",
                "3. What the review found",
                "4. Learning for practice",
                "5. Questions for your team meeting",
                "6. What happens next",
            ],
        },
        # Appendix 2a: "1. Learning is taken forward through the Rapid Review process or 2. The case fits the
        # criteria for a CSPR"; Appendix 1 (a referral) asks for a CSPR or a Case Mapping Exercise.
        outcomes=[
            Outcome("cspr", "The case fits the criteria for a CSPR", "local_review"),
            Outcome("case_mapping_exercise", "Case Mapping Exercise", "other_learning_review"),
            Outcome(
                "rapid_review_learning",
                "Learning is taken forward through the Rapid Review process",
                "no_further_action",
            ),
        ],
        documents=[
            DocumentTemplate(
                "referral_form",
                "Request Form for Consideration of a Review by NSCP Local Child Safeguarding Practice Review "
                "Sub Group",
                "Appendix 1",
            ),
            DocumentTemplate("scoping_request", "Additional Information request", "Appendix 2b"),
            DocumentTemplate("rapid_review", "Rapid Review report"),
            DocumentTemplate("terms_of_reference", "Terms of Reference"),
            DocumentTemplate("family_letter", "Letter to parents"),
            DocumentTemplate("information_report", "Key Event Analysis and Learning", "Appendix 4b"),
            DocumentTemplate(
                "chronology", "Chronology template", "Appendix 4c"
            ),  # named; not in the seed text
            DocumentTemplate("workshop_briefing", "Practitioner event guidance", "Appendix 5a"),
            DocumentTemplate(
                "report_guidance", "Analysis and Recommendations supplementary guidance", "Appendix 7"
            ),
            DocumentTemplate("learning_briefing", "6 step learning briefing"),
        ],
        recipients={
            "national_panel": NATIONAL_PANEL,
            "ofsted": OFSTED,
            "dfe": DFE,
            # Appendix 1: "Safeguarding Project Officer via the NSCP Inbox"
            "referrals": "NSCB@northamptonshire.gov.uk",
        },
    ),
)


# --- Lewisham (seed 004) -------------------------------------------------------------------------------

LEWISHAM_PROCEDURE = "Lewisham"
_LEWISHAM_RETURN_NOTE = "The procedure sets no period; 20 working days is the partnership's default."

LEWISHAM = SeedFramework(
    slug="lewisham",
    name="Lewisham Local Child Safeguarding Practice Review Guidance",
    source_document=(
        "Lewisham Safeguarding Children Partnership: Local Child Safeguarding Practice Reviews practice "
        "guidance (undated)"
    ),
    rules=FrameworkRules(
        timescales={
            "notify_national_panel": {
                "source": (
                    'Lewisham, Strategic Leadership: the local authority "should do so within five working '
                    'days of becoming aware that the incident has occurred"'
                ),
                "note": "It also reports the event to the safeguarding partners within five working days.",
            },
            "send_scoping_requests": {
                "source": (
                    'Lewisham, Initial Scoping: the form "will be sent out to all relevant agencies within 2 '
                    'working days of receiving the referral"'
                ),
            },
            "scoping_return": {
                "amount": 6,
                "time_of_day": "17:00",
                "source": (
                    'Lewisham, Initial Scoping: "Agencies should prioritise completion of the form and '
                    'return it within 6 working days."; Appendix 3: "should be returned to '
                    'safeguardingpartnership@lewisham.gov.uk by 5pm on XXXXday"'
                ),
                "note": (
                    "The procedure does not say when the 6 days start; we count from the request (Appendix "
                    "4)."
                ),
            },
            "subgroup_views": _not_in(LEWISHAM_PROCEDURE),
            "rapid_review_meeting": {
                "source": (
                    'Lewisham, Setting the Date: "The Rapid Review meeting should be scheduled between 7 and '
                    '13 working days of receiving the referral."'
                ),
            },
            "complete_rapid_review": {
                "source": (
                    'Lewisham, Rapid Review: "The Rapid Review must be completed within 15 working days of '
                    'becoming aware of the incident"'
                ),
                "note": 'The partners decide on the agreed report "within the 15 day timeline" (Governance).',
            },
            "submit_to_national_panel": {
                "source": (
                    'Lewisham, Governance: "Within 2 working days of the Rapid Review meeting, the '
                    'Safeguarding Partners should send the completed Rapid Review to the National Panel"'
                ),
            },
            "national_panel_response": _not_in(
                LEWISHAM_PROCEDURE,
                note=(
                    'The family letter (Appendix 7) assumes the National Panel responds ("agreed with this").'
                ),
            ),
            "case_review_group_discussion": _not_in(LEWISHAM_PROCEDURE),
            "case_review_group_decision": _not_in(LEWISHAM_PROCEDURE),
            "complete_local_review": {
                "source": (
                    'Lewisham, Timescale for Completion: "completed no later than six months from the date '
                    'of the decision to initiate a review"'
                ),
            },
            "review_delay_warning": {
                "source": (
                    'Lewisham, Timescale for Completion: "Any delays need to be considered as soon as they '
                    'arise."'
                ),
            },
            "complete_other_learning_review": _not_in(LEWISHAM_PROCEDURE),
            "chronology_return": {
                "source": (
                    'Lewisham, Chronologies: "Chronology templates are created by the Partnership Support '
                    'team and are customised to each case."; Information Sharing: "within the timescales '
                    'requested"'
                ),
                "note": _LEWISHAM_RETURN_NOTE,
            },
            "information_report_return": {
                "source": (
                    'Lewisham, Information Sharing: "All agencies will be expected to share relevant '
                    'information within the timescales requested."'
                ),
                "note": _LEWISHAM_RETURN_NOTE,
            },
            "copies_before_publication": {
                "source": (
                    'Lewisham, Formal Publication: "send a copy of the full report to the National Panel, '
                    "Ofsted and to the Secretary of State no later than seven working days before the date "
                    'of publication"'
                ),
            },
            "press_statement": _not_in(LEWISHAM_PROCEDURE),
            "online_period": {
                "source": (
                    'Lewisham, Formal Publication: "Reports will be publically available for at least one '
                    'year"; Appendix 8: "published on the Lewisham Children Safeguarding website for a '
                    'minimum of 12 months"'
                ),
            },
            "return_escalation_after": {
                "source": (
                    'Lewisham, Information Sharing: the Learning From Practice subgroup "will seek to '
                    'resolve this with the Strategic Safeguarding Lead for the agency concerned"'
                ),
            },
            "action_update_escalation": {
                "source": (
                    'Lewisham, Monitoring Progress: the MESI subgroup "will regularly review progress on the '
                    'implementation of recommended improvements"'
                ),
            },
            "action_overdue_escalation": {
                "source": (
                    'Lewisham, Monitoring Progress: the MESI subgroup "will regularly monitor and follow up '
                    'actions to ensure improvement is sustained"'
                ),
                "note": "The procedure sets no period; escalating the working day after the target is partnership practice.",
            },
            "action_reaudit": {
                "source": (
                    'Lewisham, Publication: MESI "will monitor the action plans and quality assure evidence of '
                    'completion"; Monitoring Progress: "follow up actions to ensure improvement is sustained"'
                ),
                "note": "The procedure sets no period; 6 months after completion is the partnership's default.",
            },
        },
        options={
            "independent_scrutineer_endorsement": False,  # no scrutineer in this procedure
            "quorum": {"rule": "each_statutory_partner"},
            # The Rapid Review Panel agrees the report, the partners decide, the Executive agrees an LCSPR.
            "decision_model": "partners_then_executive",
            "delay_notice_recipients": ["national_panel", "secretary_of_state"],
            "pre_publication_recipients": [
                "national_panel",
                "ofsted",
                "dfe",
            ],  # "Secretary of State" via CPOD
            "send_to_nspcc": True,
            # The "Lewisham Learning Loop" section, step by step: the Panel's immediate action, LfP's
            # dissemination plan ("briefing notes"), agencies' implementation, MESI monitoring, national learning.
            "learning_briefing_steps": [
                "Immediate learning already acted on",
                "What the review found",
                "How the learning will be shared",
                "Improvements each agency will make",
                "How MESI will monitor progress",
                "Learning from national reviews",
            ],
        },
        outcomes=_rapid_review_form_outcomes(),
        documents=[
            DocumentTemplate("referral_form", "Referral of a Serious Incident Form", "Appendix 1"),
            DocumentTemplate("scoping_request", "Initial Scoping and Information Sharing", "Appendix 3"),
            DocumentTemplate(
                "scoping_letter", "Template Letter – Request for Initial Scoping Information", "Appendix 4"
            ),
            DocumentTemplate("rapid_review", "Rapid Review Report Template", "Appendix 5"),
            DocumentTemplate("national_panel_letter", "Covering letter to the National Panel"),
            DocumentTemplate("terms_of_reference", "CSPR Terms of Reference Template", "Appendix 6"),
            DocumentTemplate("family_letter", "Template letter: CSPR Notification to Family", "Appendix 7"),
            DocumentTemplate("family_leaflet", "Information Leaflet", "Appendix 8"),
            DocumentTemplate("information_report", "Agency Report CSPR/Local Learning Review", "Appendix 9"),
            DocumentTemplate("chronology", "Information-Sharing Chronology", "Appendix 10"),
            # Appendix 11 is titled "Practitioner Learning Event Guidance" but is the invitation letter.
            DocumentTemplate("workshop_invitation", "Practitioner Learning Event Guidance", "Appendix 11"),
            DocumentTemplate("action_plan", "Multi-Agency Action Plan"),
            DocumentTemplate("learning_briefing", "Lewisham Learning Loop"),
        ],
        recipients={
            "national_panel": NATIONAL_PANEL,
            "ofsted": OFSTED,
            "dfe": DFE,
            "nspcc": NSPCC,
            "secretary_of_state": DFE,  # as West Midlands: the DfE mailbox
            "referrals": "safeguardingpartnership@lewisham.gov.uk",  # "All correspondence should be sent"
            "referrals_copy": "mashagency@lewisham.gov.uk",  # Appendix 1: submit to both MASH and the LSCP
        },
    ),
)


FRAMEWORKS: list[SeedFramework] = [
    WEST_MIDLANDS,
    LEICESTER_LEICESTERSHIRE_RUTLAND,
    CAMBRIDGESHIRE_PETERBOROUGH,
    NORTHAMPTONSHIRE,
    LEWISHAM,
]


# --- Demo partnerships ---------------------------------------------------------------------------------
# Real organisation names; mailboxes are real only where a seed names them (Birmingham, Northamptonshire,
# Lewisham), otherwise plausible.

PARTNERSHIPS: list[SeedPartnership] = [
    SeedPartnership(
        slug="birmingham",
        name="Birmingham Safeguarding Children Partnership",
        framework_slug="west-midlands",
        local_authority="Birmingham City Council",
        police="West Midlands Police",
        health="NHS Birmingham and Solihull Integrated Care Board",
        mailbox="BSCP.contactus@birminghamchildrenstrust.co.uk",  # seed 000, last page
        brand_colour="#5c2d91",
        agencies=[
            ("Birmingham Children's Trust", "childrens_social_care"),
            ("West Midlands Police", "police"),
            ("NHS Birmingham and Solihull Integrated Care Board", "health_icb"),
            ("Birmingham Women's and Children's NHS Foundation Trust", "nhs_trust"),
            ("University Hospitals Birmingham NHS Foundation Trust", "nhs_trust"),
            ("Birmingham Community Healthcare NHS Foundation Trust", "nhs_trust"),
            ("West Midlands Ambulance Service University NHS Foundation Trust", "ambulance"),
            ("Birmingham City Council Education Safeguarding", "education"),
            ("The Probation Service – West Midlands", "probation"),
        ],
    ),
    SeedPartnership(
        slug="coventry",
        name="Coventry Safeguarding Children Partnership",
        framework_slug="west-midlands",
        local_authority="Coventry City Council",
        police="West Midlands Police",
        health="NHS Coventry and Warwickshire Integrated Care Board",
        mailbox="cscp@coventry.gov.uk",
        brand_colour="#005a70",
        agencies=[
            ("Coventry City Council Children's Services", "childrens_social_care"),
            ("West Midlands Police", "police"),
            ("NHS Coventry and Warwickshire Integrated Care Board", "health_icb"),
            ("University Hospitals Coventry and Warwickshire NHS Trust", "nhs_trust"),
            ("Coventry and Warwickshire Partnership NHS Trust", "nhs_trust"),
            ("West Midlands Ambulance Service University NHS Foundation Trust", "ambulance"),
            ("Coventry City Council Education Entitlement", "education"),
            ("Cafcass", "cafcass"),
        ],
    ),
    SeedPartnership(
        slug="wolverhampton",
        name="Wolverhampton Safeguarding Together",
        framework_slug="west-midlands",
        local_authority="City of Wolverhampton Council",
        police="West Midlands Police",
        health="NHS Black Country Integrated Care Board",
        mailbox="safeguarding.together@wolverhampton.gov.uk",
        brand_colour="#7a4a00",
        agencies=[
            ("City of Wolverhampton Council Children's Services", "childrens_social_care"),
            ("West Midlands Police", "police"),
            ("NHS Black Country Integrated Care Board", "health_icb"),
            ("The Royal Wolverhampton NHS Trust", "nhs_trust"),
            ("Black Country Healthcare NHS Foundation Trust", "nhs_trust"),
            ("Wolverhampton Homes", "housing"),
            ("City of Wolverhampton Council Education Services", "education"),
            ("The Probation Service – West Midlands", "probation"),
        ],
    ),
    SeedPartnership(
        slug="leicester",
        name="Leicester Safeguarding Children Partnership Board",  # seed 001 §1.1.4
        framework_slug="llr",
        local_authority="Leicester City Council",
        police="Leicestershire Police",
        health="NHS Leicester, Leicestershire and Rutland Integrated Care Board",
        mailbox="lscpb@leicester.gov.uk",  # the Leicester Safeguarding Boards Office (§4.1.1)
        brand_colour="#8a1538",
        agencies=[
            ("Leicester City Council Children's Social Care", "childrens_social_care"),
            ("Leicestershire Police", "police"),
            ("NHS Leicester, Leicestershire and Rutland Integrated Care Board", "health_icb"),
            ("University Hospitals of Leicester NHS Trust", "nhs_trust"),
            ("Leicestershire Partnership NHS Trust", "nhs_trust"),
            ("East Midlands Ambulance Service NHS Trust", "ambulance"),
            ("Leicester City Council Education Services", "education"),
            ("The Probation Service – East Midlands", "probation"),
        ],
    ),
    SeedPartnership(
        slug="leicestershire-rutland",
        name="Leicestershire & Rutland Safeguarding Children Partnership",  # seed 001 §1.1.4
        framework_slug="llr",
        local_authority="Leicestershire County Council and Rutland County Council",
        police="Leicestershire Police",
        health="NHS Leicester, Leicestershire and Rutland Integrated Care Board",
        mailbox="lrscp@leics.gov.uk",  # Leicestershire & Rutland Safeguarding Partnerships Business Office
        brand_colour="#00703c",
        agencies=[
            ("Leicestershire County Council Children and Family Services", "childrens_social_care"),
            ("Rutland County Council Children's Services", "childrens_social_care"),
            ("Leicestershire Police", "police"),
            ("NHS Leicester, Leicestershire and Rutland Integrated Care Board", "health_icb"),
            ("University Hospitals of Leicester NHS Trust", "nhs_trust"),
            ("Leicestershire Partnership NHS Trust", "nhs_trust"),
            ("East Midlands Ambulance Service NHS Trust", "ambulance"),
            ("The Probation Service – East Midlands", "probation"),
        ],
    ),
    SeedPartnership(
        slug="cambridgeshire-peterborough",
        name="Cambridgeshire and Peterborough Safeguarding Children Partnership Board",
        framework_slug="cambridgeshire-peterborough",
        local_authority="Cambridgeshire County Council and Peterborough City Council",
        police="Cambridgeshire Constabulary",
        health="NHS Cambridgeshire and Peterborough Integrated Care Board",
        mailbox="safeguardingpartnership@cambridgeshire.gov.uk",  # the partnership service
        brand_colour="#1d3c6e",
        agencies=[
            ("Cambridgeshire County Council Children's Social Care", "childrens_social_care"),
            ("Peterborough City Council Children's Social Care", "childrens_social_care"),
            ("Cambridgeshire Constabulary", "police"),
            ("NHS Cambridgeshire and Peterborough Integrated Care Board", "health_icb"),
            ("Cambridge University Hospitals NHS Foundation Trust", "nhs_trust"),
            ("North West Anglia NHS Foundation Trust", "nhs_trust"),
            ("Cambridgeshire and Peterborough NHS Foundation Trust", "nhs_trust"),
            ("Cambridgeshire Community Services NHS Trust", "nhs_trust"),
            ("East of England Ambulance Service NHS Trust", "ambulance"),
        ],
    ),
    SeedPartnership(
        slug="northamptonshire",
        name="Northamptonshire Safeguarding Children Partnership",
        framework_slug="northamptonshire",
        local_authority="North Northamptonshire Council and West Northamptonshire Council",
        police="Northamptonshire Police",
        health="NHS Northamptonshire Integrated Care Board",
        mailbox="NSCB@northamptonshire.gov.uk",  # seed 003 Appendix 1
        brand_colour="#0b5394",
        agencies=[
            ("Northamptonshire Children's Trust", "childrens_social_care"),
            ("Northamptonshire Police", "police"),
            ("NHS Northamptonshire Integrated Care Board", "health_icb"),
            ("Kettering General Hospital NHS Foundation Trust", "nhs_trust"),
            ("Northampton General Hospital NHS Trust", "nhs_trust"),
            ("Northamptonshire Healthcare NHS Foundation Trust", "nhs_trust"),
            ("East Midlands Ambulance Service NHS Trust", "ambulance"),
            ("The Probation Service – East Midlands", "probation"),
        ],
    ),
    SeedPartnership(
        slug="lewisham",
        name="Lewisham Safeguarding Children Partnership",
        framework_slug="lewisham",
        local_authority="Lewisham Council",
        police="Metropolitan Police Service",
        health="NHS South East London Integrated Care Board",
        mailbox="safeguardingpartnership@lewisham.gov.uk",  # seed 004
        brand_colour="#a4005b",
        agencies=[
            ("Lewisham Children's Social Care", "childrens_social_care"),
            ("Metropolitan Police Service", "police"),
            ("NHS South East London Integrated Care Board", "health_icb"),
            ("Lewisham and Greenwich NHS Trust", "nhs_trust"),
            ("South London and Maudsley NHS Foundation Trust", "nhs_trust"),
            ("London Ambulance Service NHS Trust", "ambulance"),
            ("Lewisham Council Housing Needs", "housing"),
            ("The Probation Service – London", "probation"),
            ("Cafcass", "cafcass"),
        ],
    ),
]
