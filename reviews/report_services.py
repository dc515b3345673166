"""The draft report online: versions, paragraph comments, factual accuracy checks, recommendations and the
partners' sign-off (West Midlands §9 and Document 18; the other seeds' Overview Report).

Services write; the review's state changes only through reviews.workflow (start_draft_report,
start_factual_accuracy, approve_final_report). A report version never changes once saved: every save is
a new version, refused when someone else saved first (StaleReport), so nobody's text is overwritten.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from guardian.shortcuts import assign_perm

from cspr import audit
from cspr.deadlines import services as deadlines
from cspr.models import Agency, Membership, Partnership
from cspr.models.cases import Stage
from cspr.roles import Role
from cspr.workflow import TransitionRefused
from reviews.models import (
    AccuracyAnswer,
    AccuracyCheck,
    Recommendation,
    ReportApproval,
    ReportComment,
    ReportSection,
    ReportVersion,
    Review,
    ReviewerAppointment,
)

State = Review.State
Signatory = ReportApproval.Signatory
RESPOND = "reviews.respond_accuracycheck"

DRAFTING_STATES = {State.DRAFT_REPORT, State.FACTUAL_ACCURACY}
PARTNER_SIGNATORIES = {
    Role.PARTNER_LOCAL_AUTHORITY: Signatory.LOCAL_AUTHORITY,
    Role.PARTNER_POLICE: Signatory.POLICE,
    Role.PARTNER_HEALTH: Signatory.HEALTH,
}

NOT_A_REVIEWER = (
    "Only the lead reviewer (or the independent reviewer) appointed to this review can change the report."
)
REPORT_CLOSED = "The report cannot be changed now: the review is {state}."
NO_TITLE = "Enter the report's title."
EMPTY_REPORT = "Write at least one section of the report."
DUPLICATE_SECTION = "Two sections have the same heading: {heading}. Give each section its own heading."
NOTHING_CHANGED = "Nothing has changed since version {number}, so no new version was saved."
NO_COMMENT = "Enter your comment."
NO_SUCH_PARAGRAPH = "That paragraph is not in version {number} of the report. Choose a paragraph on the page."
PARAGRAPH_GONE = (
    "The paragraph you commented on is no longer in the latest version of the report (version {number}): "
    "it was changed or deleted. Your comment has not been saved; it is below so you can comment on the "
    "new text instead."
)
REPLY_TO_THREAD = "Reply to the first comment of the thread."
NO_AGENCIES = "Select at least one agency to check the report."
ALREADY_ASKED = "{agency} has already been asked to check version {number}."
NOT_LATEST = "Version {number} is not the latest version of the report (version {latest} is)."
NO_VERSION = "There is no draft report yet."
CHECK_CLOSED = "This factual accuracy check has been returned: it cannot be changed now."
CHECK_EMPTY = (
    "Tell us what is not accurate in a paragraph, add a comment, or confirm the report is factually accurate "
    "for your agency."
)
BEFORE_ACCURACY_CHECK = (
    "The partners approve the report after the factual accuracy check: ask the agencies to check it first."
)
OUTDATED_APPROVAL = (
    "You approved version {number}, but version {latest} has been saved since. Read the latest version and "
    "approve it: approvals of earlier versions no longer count."
)
ALREADY_APPROVED = "{signatory} has already approved version {number}."
NO_PERSON = "Enter the name and job title of the person approving."
NO_ENDORSEMENT_IN_PROCEDURE = (
    "This partnership's procedure does not ask for an independent scrutineer's endorsement."
)
NO_RECOMMENDATION = "Enter the recommendation."
RECOMMENDATIONS_CLOSED = "The recommendations cannot be changed after the final report is approved."
NO_RECOMMENDATIONS_SECTION = "The report has no recommendations section to take them from."


class StaleReport(Exception):
    """Someone saved a newer version since this one was opened; theirs is kept, ours is shown beside it."""

    def __init__(self, current: ReportVersion) -> None:
        super().__init__(f"Version {current.number} was saved while you were editing.")
        self.current = current


@dataclass(frozen=True)
class SectionText:
    """One section as the lead reviewer typed or uploaded it."""

    key: str
    heading: str
    body: str


@dataclass(frozen=True)
class OutlineSection:
    key: str
    heading: str
    guidance: str


# --- The outline and versions --------------------------------------------------------------------------


def outline(partnership: Partnership) -> list[OutlineSection]:
    """The procedure's sections for the report (option `report_sections`, Document 18 by default)."""
    return [
        OutlineSection(key=s["key"], heading=s["heading"], guidance=s.get("guidance", ""))
        for s in partnership.option("report_sections")
    ]


def latest_version(review: Review) -> ReportVersion | None:
    return ReportVersion.unscoped.filter(review=review).order_by("-number").first()


def is_reviewer(user: AbstractBaseUser, review: Review) -> bool:
    """The user is the review's appointed lead (or independent) reviewer, still in post."""
    return ReviewerAppointment.unscoped.filter(review=review, user=user, ended_at=None).exists()


def normalise(body: str) -> str:
    """Line endings and blank lines as the paragraphs are counted: one blank line between paragraphs."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return "\n\n".join(paragraphs)


def _clean_sections(sections: Sequence[SectionText]) -> list[SectionText]:
    cleaned, keys = [], set()
    for section in sections:
        heading, body = section.heading.strip(), normalise(section.body)
        if not heading and not body:
            continue
        heading = heading or "Untitled section"
        key = (section.key or slugify(heading))[:60] or "section"
        if key in keys:
            raise TransitionRefused(DUPLICATE_SECTION.format(heading=heading))
        keys.add(key)
        cleaned.append(SectionText(key=key, heading=heading, body=body))
    return cleaned


def save_version(
    *,
    review: Review,
    by: AbstractBaseUser,
    title: str,
    sections: Sequence[SectionText],
    note: str = "",
    based_on: int,
) -> ReportVersion:
    """Save the report as a new version; `based_on` is the version the author opened (0 for none).

    Raises StaleReport when a newer version exists, so a second author never overwrites the first.
    """
    from reviews import workflow

    if not title.strip():
        raise TransitionRefused(NO_TITLE)
    cleaned = _clean_sections(sections)
    if not any(s.body for s in cleaned):
        raise TransitionRefused(EMPTY_REPORT)
    with transaction.atomic():
        locked = Review.unscoped.select_for_update().get(pk=review.pk)
        if not is_reviewer(by, locked):
            raise TransitionRefused(NOT_A_REVIEWER)
        current = latest_version(locked)
        if (current.number if current else 0) != based_on:
            raise StaleReport(current)
        if locked.state not in DRAFTING_STATES:
            # The first version starts the draft report stage; the workflow refuses it from the wrong state.
            if locked.state in {State.APPROVED, State.HANDED_TO_PUBLICATION, State.STOPPED, State.PAUSED}:
                raise TransitionRefused(REPORT_CLOSED.format(state=locked.get_state_display().lower()))
            workflow.start_draft_report(review=locked, by=by)
        if current is not None and _same(current, title, cleaned):
            raise TransitionRefused(NOTHING_CHANGED.format(number=current.number))
        version = ReportVersion.unscoped.create(
            partnership=locked.partnership,
            review=locked,
            number=(current.number if current else 0) + 1,
            title=title.strip(),
            note=note.strip(),
            created_by=by,
        )
        ReportSection.unscoped.bulk_create(
            ReportSection(
                partnership=locked.partnership,
                version=version,
                order=n,
                key=s.key,
                heading=s.heading,
                body=s.body,
            )
            for n, s in enumerate(cleaned, start=1)
        )
        _record(
            locked,
            "report.version_saved",
            by,
            reason=note,
            subject=str(version),
            subject_id=version.public_id,
        )
        superseded = ReportApproval.unscoped.filter(review=locked, version=current).count() if current else 0
        if superseded:
            _record(
                locked,
                "report.approvals_superseded",
                by,
                subject=f"version {current.number}",
                data={"approvals": superseded, "new_version": version.number},
            )
    return version


def _same(version: ReportVersion, title: str, sections: list[SectionText]) -> bool:
    stored = [(s.key, s.heading, s.body) for s in version.sections.all()]
    return version.title == title.strip() and stored == [(s.key, s.heading, s.body) for s in sections]


def sections_from_docx(upload: io.IOBase, *, partnership: Partnership) -> list[SectionText]:
    """Turn an uploaded Word document into sections: each heading starts one, its paragraphs follow.

    Headings that match the procedure's outline take its section keys, so comments follow them.
    """
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(upload)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationError(
            "The file must be a Word document (.docx). Save it as .docx and try again."
        ) from exc
    known = {s.heading.lower(): s.key for s in outline(partnership)}
    sections: list[list] = []
    heading, paragraphs = "", []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        if style.startswith("heading") or style == "title":
            if text and (paragraphs or heading):
                sections.append([heading, paragraphs])
            if text:
                heading, paragraphs = text, []
            continue
        if text:
            paragraphs.append(text)
    for table in document.tables:  # tables come after the text: one paragraph per row
        rows = [" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows]
        paragraphs.extend(r for r in rows if r.strip(" |"))
    if heading or paragraphs:
        sections.append([heading, paragraphs])
    if not any(p for _, p in sections):
        raise ValidationError("The document has no text. Check you chose the right file.")
    result, used = [], set()
    for n, (title, body) in enumerate(sections, start=1):
        title = title or "Introduction"
        key = known.get(title.lower()) or slugify(title)[:60] or f"section-{n}"
        while key in used:
            key = f"{key[:55]}-{n}"
        used.add(key)
        result.append(SectionText(key=key, heading=title, body="\n\n".join(body)))
    return result


# --- Comments on paragraphs -----------------------------------------------------------------------------


def find_paragraph(version: ReportVersion, section_key: str, quoted: str, near: int = 0) -> int | None:
    """Where `quoted` stands in a version's section (the position nearest `near`), or None when it is gone."""
    section = version.sections.filter(key=section_key).first()
    if section is None:
        return None
    matches = [i for i, p in enumerate(section.paragraphs()) if p == quoted.strip()]
    return min(matches, key=lambda i: abs(i - near)) if matches else None


def add_comment(
    *,
    review: Review,
    version: ReportVersion,
    by: AbstractBaseUser,
    section_key: str,
    paragraph_index: int,
    body: str,
) -> ReportComment:
    """Comment on one paragraph of the version the reader has open.

    The comment is attached to the latest version when the paragraph is still there (perhaps moved);
    if the paragraph was changed or deleted since the page was opened, the comment is refused, not lost.
    """
    if not body.strip():
        raise TransitionRefused(NO_COMMENT)
    section = version.sections.filter(key=section_key).first()
    paragraphs = section.paragraphs() if section else []
    if not 0 <= paragraph_index < len(paragraphs):
        raise TransitionRefused(NO_SUCH_PARAGRAPH.format(number=version.number))
    quoted = paragraphs[paragraph_index]
    with transaction.atomic():
        Review.unscoped.select_for_update().get(pk=review.pk)  # no new version while we anchor
        latest = latest_version(review)
        index = find_paragraph(latest, section_key, quoted, near=paragraph_index)
        if index is None:
            raise TransitionRefused(PARAGRAPH_GONE.format(number=latest.number))
        comment = ReportComment.unscoped.create(
            partnership=review.partnership,
            review=review,
            version=latest,
            section_key=section_key,
            paragraph_index=index,
            quoted_text=quoted,
            body=body.strip(),
            author=by,
        )
        _record(review, "report.comment_added", by, subject=f"{section.heading}, paragraph {index + 1}")
    return comment


def reply(*, thread: ReportComment, by: AbstractBaseUser, body: str) -> ReportComment:
    """Add a reply to a comment thread; replies keep the thread's anchor (and work on outdated threads)."""
    if thread.thread_id is not None:
        raise TransitionRefused(REPLY_TO_THREAD)
    if not body.strip():
        raise TransitionRefused(NO_COMMENT)
    with transaction.atomic():
        answer = ReportComment.unscoped.create(
            partnership=thread.partnership,
            review=thread.review,
            version=thread.version,
            thread=thread,
            section_key=thread.section_key,
            paragraph_index=thread.paragraph_index,
            quoted_text=thread.quoted_text,
            body=body.strip(),
            author=by,
        )
        _record(thread.review, "report.comment_added", by, subject="reply")
    return answer


def resolve(*, thread: ReportComment, by: AbstractBaseUser) -> ReportComment:
    """Mark a thread resolved (its replies with it); it stays on the page, folded away."""
    if thread.thread_id is not None:
        raise TransitionRefused(REPLY_TO_THREAD)
    with transaction.atomic():
        ReportComment.unscoped.filter(pk=thread.pk).update(resolved_at=timezone.now(), resolved_by=by)
        _record(thread.review, "report.comment_resolved", by, subject_id=thread.public_id)
    thread.refresh_from_db()
    return thread


def reopen(*, thread: ReportComment, by: AbstractBaseUser) -> ReportComment:
    if thread.thread_id is not None:
        raise TransitionRefused(REPLY_TO_THREAD)
    with transaction.atomic():
        ReportComment.unscoped.filter(pk=thread.pk).update(resolved_at=None, resolved_by=None)
        _record(thread.review, "report.comment_reopened", by, subject_id=thread.public_id)
    thread.refresh_from_db()
    return thread


# --- Factual accuracy checks ----------------------------------------------------------------------------


def agency_contacts(agency: Agency) -> list[AbstractBaseUser]:
    memberships = Membership.unscoped.filter(
        partnership_id=agency.partnership_id, agency=agency, role=Role.AGENCY_CONTACT, is_active=True
    ).select_related("user")
    return [m.user for m in memberships if m.user.is_active]


def grant_check(check: AccuracyCheck) -> int:
    """Let every active contact of the check's agency answer it (and no other agency see it)."""
    users = agency_contacts(check.agency)
    for user in users:
        assign_perm(RESPOND, user, check)
    return len(users)


def request_accuracy_checks(
    *, review: Review, version: ReportVersion, agencies: Iterable[Agency], by: AbstractBaseUser
) -> list[AccuracyCheck]:
    """Ask each agency to check the latest version by the framework's deadline (`factual_accuracy_check`)."""
    from reviews import workflow

    agencies = list(agencies)
    if not agencies:
        raise TransitionRefused(NO_AGENCIES)
    with transaction.atomic():
        locked = Review.unscoped.select_for_update().get(pk=review.pk)
        latest = latest_version(locked)
        if latest is None:
            raise TransitionRefused(NO_VERSION)
        if latest.pk != version.pk:
            raise TransitionRefused(NOT_LATEST.format(number=version.number, latest=latest.number))
        asked = AccuracyCheck.unscoped.filter(version=version, agency__in=agencies).exclude(
            state=AccuracyCheck.State.WITHDRAWN
        )
        if asked.exists():
            raise TransitionRefused(
                ALREADY_ASKED.format(agency=asked.first().agency.name, number=version.number)
            )
        if locked.state == State.DRAFT_REPORT:
            workflow.start_factual_accuracy(review=locked, by=by)
        elif locked.state != State.FACTUAL_ACCURACY:
            raise TransitionRefused(REPORT_CLOSED.format(state=locked.get_state_display().lower()))
        now = timezone.now()
        checks = []
        for agency in agencies:
            check = AccuracyCheck.unscoped.create(
                partnership=locked.partnership, review=locked, version=version, agency=agency, requested_by=by
            )
            grant_check(check)
            deadlines.start(
                case=locked.case,
                key="factual_accuracy_check",
                origin=now,
                origin_label="factual accuracy check requested",
                subject=agency.name,
                subject_id=check.public_id,
            )
            _record(
                locked,
                "report.accuracy_check_requested",
                by,
                subject=f"{agency.name}, version {version.number}",
                subject_id=check.public_id,
            )
            checks.append(check)
    return checks


def save_accuracy_answers(
    *,
    check: AccuracyCheck,
    by: AbstractBaseUser,
    corrections: dict[tuple[str, int], str],
    general_comment: str,
    no_corrections: bool,
) -> AccuracyCheck:
    """Save the agency's answers so far; a blank correction removes that paragraph's answer."""
    with transaction.atomic():
        locked = AccuracyCheck.unscoped.select_for_update().get(pk=check.pk)
        if locked.state != AccuracyCheck.State.REQUESTED:
            raise TransitionRefused(CHECK_CLOSED)
        sections = {s.key: s.paragraphs() for s in locked.version.sections.all()}
        for (key, index), text in corrections.items():
            paragraphs = sections.get(key, [])
            if not 0 <= index < len(paragraphs):
                raise TransitionRefused(NO_SUCH_PARAGRAPH.format(number=locked.version.number))
            if text.strip():
                AccuracyAnswer.unscoped.update_or_create(
                    check_request=locked,
                    section_key=key,
                    paragraph_index=index,
                    defaults={
                        "partnership": locked.partnership,
                        "quoted_text": paragraphs[index],
                        "correction": text.strip(),
                    },
                )
            else:
                AccuracyAnswer.unscoped.filter(
                    check_request=locked, section_key=key, paragraph_index=index
                ).delete()
        locked.general_comment, locked.no_corrections = general_comment.strip(), no_corrections
        locked.save(update_fields=["general_comment", "no_corrections"])
    return locked


def return_accuracy_check(*, check: AccuracyCheck, by: AbstractBaseUser) -> AccuracyCheck:
    """The agency sends its answers; late answers are accepted (the deadline shows they were late)."""
    with transaction.atomic():
        locked = AccuracyCheck.unscoped.select_for_update().get(pk=check.pk)
        if locked.state != AccuracyCheck.State.REQUESTED:
            raise TransitionRefused(CHECK_CLOSED)
        if not (locked.no_corrections or locked.general_comment or locked.answers.exists()):
            raise TransitionRefused(CHECK_EMPTY)
        now = timezone.now()
        locked.state, locked.returned_at, locked.returned_by = AccuracyCheck.State.RETURNED, now, by
        locked.save(update_fields=["state", "returned_at", "returned_by"])
        deadlines.meet_key(
            case=locked.review.case, key="factual_accuracy_check", subject_id=locked.public_id, at=now
        )
        _record(
            locked.review,
            "report.accuracy_check_returned",
            by,
            subject=locked.agency.name,
            subject_id=locked.public_id,
            data={"corrections": locked.answers.count()},
        )
    return locked


# --- Sign-off -------------------------------------------------------------------------------------------


def required_signatories(partnership: Partnership) -> list[str]:
    """The three safeguarding partners, and the independent scrutineer where the procedure asks for it."""
    required = [Signatory.LOCAL_AUTHORITY, Signatory.POLICE, Signatory.HEALTH]
    if partnership.option("report_scrutineer_endorsement"):
        required.append(Signatory.SCRUTINEER)
    return required


def signatories_for(memberships: Iterable[Membership]) -> list[str]:
    """The partners a person may approve for, from their partner roles in the partnership."""
    return [PARTNER_SIGNATORIES[m.role] for m in memberships if m.is_active and m.role in PARTNER_SIGNATORIES]


def approve(
    *,
    review: Review,
    version: ReportVersion,
    by: AbstractBaseUser,
    signatory: str,
    person: str,
    comment: str = "",
) -> ReportApproval:
    """Record one partner's approval (or the scrutineer's endorsement) of a specific version.

    Once every required signatory has approved the latest version, the final report is approved.
    """
    from reviews import workflow

    if not person.strip():
        raise TransitionRefused(NO_PERSON)
    if signatory == Signatory.SCRUTINEER and not review.partnership.option("report_scrutineer_endorsement"):
        raise TransitionRefused(NO_ENDORSEMENT_IN_PROCEDURE)
    with transaction.atomic():
        locked = Review.unscoped.select_for_update().get(pk=review.pk)
        latest = latest_version(locked)
        if latest is None:
            raise TransitionRefused(NO_VERSION)
        if latest.pk != version.pk:
            raise TransitionRefused(OUTDATED_APPROVAL.format(number=version.number, latest=latest.number))
        if locked.state != State.FACTUAL_ACCURACY:
            if locked.state == State.DRAFT_REPORT:
                raise TransitionRefused(BEFORE_ACCURACY_CHECK)
            raise TransitionRefused(REPORT_CLOSED.format(state=locked.get_state_display().lower()))
        label = Signatory(signatory).label
        if ReportApproval.unscoped.filter(version=version, signatory=signatory).exists():
            raise TransitionRefused(ALREADY_APPROVED.format(signatory=label, number=version.number))
        approval = ReportApproval.unscoped.create(
            partnership=locked.partnership,
            review=locked,
            version=version,
            signatory=signatory,
            person=person.strip(),
            comment=comment.strip(),
            recorded_by=by,
        )
        code = (
            "report.endorsed_by_scrutineer"
            if signatory == Signatory.SCRUTINEER
            else "report.approved_by_partner"
        )
        _record(
            locked, code, by, reason=comment, subject=f"{label}: {person.strip()}, version {version.number}"
        )
        given = set(ReportApproval.unscoped.filter(version=version).values_list("signatory", flat=True))
        if set(required_signatories(locked.partnership)) <= given:
            workflow.approve_final_report(review=locked, version=version, by=by)
    return approval


# --- Recommendations ------------------------------------------------------------------------------------


def _open_for_recommendations(review: Review) -> None:
    if review.state in {State.APPROVED, State.HANDED_TO_PUBLICATION, State.STOPPED}:
        raise TransitionRefused(RECOMMENDATIONS_CLOSED)


def add_recommendation(
    *, review: Review, by: AbstractBaseUser, text: str, addressed_to: str = "", measures: str = ""
) -> Recommendation:
    """Add the next numbered recommendation (each becomes one or more actions of the action plan)."""
    if not text.strip():
        raise TransitionRefused(NO_RECOMMENDATION)
    with transaction.atomic():
        locked = Review.unscoped.select_for_update().get(pk=review.pk)
        _open_for_recommendations(locked)
        number = (Recommendation.unscoped.filter(review=locked).aggregate(n=Max("number"))["n"] or 0) + 1
        recommendation = Recommendation(
            partnership=locked.partnership,
            review=locked,
            number=number,
            text=text.strip(),
            addressed_to=addressed_to.strip(),
            measures=measures.strip(),
        )
        recommendation._history_user = by  # type: ignore[attr-defined]
        recommendation.save()
        _record(locked, "report.recommendations_changed", by, subject=f"Recommendation {number} added")
    return recommendation


def change_recommendation(
    *, recommendation: Recommendation, by: AbstractBaseUser, text: str, addressed_to: str, measures: str
) -> Recommendation:
    if not text.strip():
        raise TransitionRefused(NO_RECOMMENDATION)
    with transaction.atomic():
        _open_for_recommendations(Review.unscoped.select_for_update().get(pk=recommendation.review_id))
        recommendation.text, recommendation.addressed_to = text.strip(), addressed_to.strip()
        recommendation.measures = measures.strip()
        recommendation._history_user = by  # type: ignore[attr-defined]
        recommendation.save()
        _record(
            recommendation.review,
            "report.recommendations_changed",
            by,
            subject=f"Recommendation {recommendation.number} changed",
        )
    return recommendation


def remove_recommendation(*, recommendation: Recommendation, by: AbstractBaseUser) -> None:
    """Remove a recommendation and number the later ones down, so the list has no gaps."""
    with transaction.atomic():
        review = Review.unscoped.select_for_update().get(pk=recommendation.review_id)
        _open_for_recommendations(review)
        number = recommendation.number
        recommendation._history_user = by  # type: ignore[attr-defined]
        recommendation.delete()
        for later in Recommendation.unscoped.filter(review=review, number__gt=number).order_by("number"):
            later.number -= 1
            later._history_user = by  # type: ignore[attr-defined]
            later.save(update_fields=["number"])
        _record(review, "report.recommendations_changed", by, subject=f"Recommendation {number} removed")


def recommendations_from_report(*, review: Review, by: AbstractBaseUser) -> list[Recommendation]:
    """Add each paragraph of the latest version's recommendations section not already recorded."""
    version = latest_version(review)
    section = version.sections.filter(key="recommendations").first() if version else None
    if section is None or not section.paragraphs():
        raise TransitionRefused(NO_RECOMMENDATIONS_SECTION)
    existing = {r.text for r in Recommendation.unscoped.filter(review=review)}
    added = []
    for paragraph in section.paragraphs():
        text = re.sub(r"^(recommendation\s*)?\d+[.):]?\s+", "", paragraph, flags=re.IGNORECASE)
        if text not in existing and paragraph not in existing:
            added.append(add_recommendation(review=review, by=by, text=text))
    return added


def _record(review: Review, code: str, by: AbstractBaseUser | None, **kwargs) -> None:
    audit.record(case=review.case, code=code, by=by, stage=Stage.REVIEW, **kwargs)
