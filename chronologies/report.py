"""The information report's questions (West Midlands Document 12, with Document 14's guidance as hints).

The other seeds name their own report (Lewisham Appendix 9 "Agency Report", Northamptonshire Appendix 4b
"Key Event Analysis and Learning", Cambridgeshire & Peterborough's Individual Management Review); none but
West Midlands reproduces its questions, so every procedure asks these and titles the report its own way
(the framework's `information_report` document). Document 14: "Failure to respond to all questions is
likely to result in the template being returned", so every question but the optional ones must be answered
before the report can be submitted; drafts may be incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEXT, TEXTAREA, YES_NO, CONFIRM = "text", "textarea", "yes_no", "confirm"


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: str = TEXTAREA
    help_text: str = ""
    required: bool = True


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "Who completed this report",
        (
            Question("completed_by_name", "Name", TEXT),
            Question("completed_by_designation", "Agency and designation or title", TEXT),
            Question("completed_by_contact", "Contact details", TEXT, "Telephone and email"),
            Question(
                "no_previous_involvement",
                "I confirm that the individual completing this report has had no previous operational "
                "involvement in the management of this case",
                CONFIRM,
            ),
        ),
    ),
    Section(
        "Section 1: parallel processes, sources and context",
        (
            Question(
                "parallel_processes",
                "Q1. Is your agency conducting any internal, multi-agency or parallel review process?",
                YES_NO,
                "Such as a misconduct hearing, serious untoward incident or police complaints investigation",
            ),
            Question(
                "parallel_process_details",
                "If yes: the type of process, and the name and contact details of the person leading it",
                required=False,
            ),
            Question("files_secured", "Q2.1 The date the files were secured and by whom", TEXT),
            Question(
                "documents_reviewed",
                "Q2.2 Documents reviewed",
                help_text="Explain any documents not seen and the reason why",
            ),
            Question(
                "interviews",
                "Q2.3 Details of interviews undertaken",
                help_text="Write none if there were none",
            ),
            Question(
                "case_summary_reviewed",
                "Q3.1 I have reviewed the details of the victim, perpetrator, family and significant others in "
                "the Case Summary",
                CONFIRM,
            ),
            Question("case_summary_corrections", "Corrections to the Case Summary", required=False),
            Question(
                "context",
                "Q3.2 Contextual information",
                help_text=(
                    "Organisational factors such as volume of work, staff turnover and sickness, organisational "
                    "change, unallocated cases, the social and community context, management and supervision, "
                    "budget and resources, and training"
                ),
            ),
        ),
    ),
    Section(
        "Section 2: analysis",
        (
            Question(
                "analysis",
                "Q4. Analysis of your agency's involvement",
                help_text=(
                    "Why actions did or did not take place; practice against guidance and relevant legislation; "
                    "the key lines of enquiry and agency specific issues; the key critical factors"
                ),
            ),
        ),
    ),
    Section(
        "Section 3: learning",
        (
            Question("good_practice", "Q5. Good practice"),
            Question("key_learning", "Q6. Key learning points"),
            Question("actions_implemented", "Q7.1 Single agency learning: actions already implemented"),
            Question("actions_planned", "Q7.2 Single agency learning: actions planned"),
            Question("multi_agency_learning", "Q8. Multi-agency learning"),
        ),
    ),
    Section(
        "Section 4: other information",
        (Question("other_information", "Q9. Any other information", required=False),),
    ),
)

QUESTIONS: dict[str, Question] = {q.key: q for s in SECTIONS for q in s.questions}


def unanswered(report: dict[str, Any]) -> list[Question]:
    """The required questions a report has not answered yet, in the form's order."""
    missing = []
    for question in QUESTIONS.values():
        value = report.get(question.key)
        if not question.required:
            continue
        if (
            question.kind == CONFIRM
            and value is not True
            or question.kind != CONFIRM
            and not str(value or "").strip()
        ):
            missing.append(question)
    return missing


def answer_text(question: Question, value: Any) -> str:
    """An answer as the report and its PDF show it."""
    if question.kind == CONFIRM:
        return "Confirmed" if value is True else "Not confirmed"
    if question.kind == YES_NO:
        return {"yes": "Yes", "no": "No"}.get(value or "", "Not answered")
    return str(value or "").strip() or "Not answered"


def rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Sections with their questions and answers, for the summary page and the PDF."""
    return [
        {
            "title": section.title,
            "answers": [
                {"label": q.label, "value": answer_text(q, report.get(q.key))} for q in section.questions
            ],
        }
        for section in SECTIONS
    ]
