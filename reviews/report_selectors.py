"""Reading the draft report: who may see what, each version with its comment threads, what changed
between two versions, the factual accuracy checks, the sign-off and what waits for a reviewer.

Selectors only read. Case readers (business office, chair, partners, auditor) see every review of their
partnership; reviewers and panel members only the reviews they hold a grant on (reviews.services.VIEW);
an agency contact only its own agency's factual accuracy checks.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from cspr.models import Deadline, Membership, Partnership
from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from reviews.models import (
    AccuracyCheck,
    ReportApproval,
    ReportComment,
    ReportSection,
    ReportVersion,
    Review,
    ReviewerAppointment,
    TeamMember,
)
from reviews.report_services import RESPOND, latest_version, required_signatories

VIEW = "reviews.view_review"
READ_ALL = {Role.BUSINESS_OFFICE, Role.CHAIR, Role.AUDITOR, Role.PARTNER_LOCAL_AUTHORITY}
READ_ALL |= {Role.PARTNER_POLICE, Role.PARTNER_HEALTH}
GRANTED = {Role.REVIEWER, Role.PANEL_MEMBER}
REPORT_STATES = {Review.State.DRAFT_REPORT, Review.State.FACTUAL_ACCURACY}


# --- Access ---------------------------------------------------------------------------------------------


def reviews_visible_to(
    partnership: Partnership, user: AbstractBaseUser, memberships: Iterable[Membership]
) -> QuerySet:
    """The partnership's reviews this person may read: all for case readers, granted ones for reviewers."""
    roles = {m.role for m in memberships if m.is_active and m.partnership_id == partnership.pk}
    reviews = Review.objects.filter(partnership=partnership).select_related("case", "partnership__framework")
    if roles & READ_ALL:
        return reviews
    if roles & GRANTED:
        return get_objects_for_user(user, VIEW, klass=reviews, accept_global_perms=False)
    return reviews.none()


def checks_for_agency_contact(
    partnership: Partnership, memberships: Iterable[Membership], user: AbstractBaseUser
) -> QuerySet:
    """The factual accuracy checks addressed to the user's agencies in this partnership that they hold."""
    agencies = {
        m.agency_id
        for m in memberships
        if m.is_active and m.role == Role.AGENCY_CONTACT and m.partnership_id == partnership.pk
    }
    checks = (
        AccuracyCheck.objects.filter(partnership=partnership, agency_id__in=agencies)
        .exclude(state=AccuracyCheck.State.WITHDRAWN)
        .select_related("agency", "version", "review__case")
    )
    return get_objects_for_user(user, RESPOND, klass=checks, accept_global_perms=False)


def is_reviewer(user: AbstractBaseUser, review: Review) -> bool:
    return ReviewerAppointment.objects.filter(review=review, user=user, ended_at=None).exists()


# --- A version with its comments -----------------------------------------------------------------------


@dataclass
class Thread:
    """A comment and its replies, and where its paragraph stands in the version being read."""

    comment: ReportComment
    replies: list[ReportComment]
    paragraph_index: int | None  # None: the paragraph is not in this version (outdated)

    @property
    def is_outdated(self) -> bool:
        return self.paragraph_index is None


@dataclass
class Paragraph:
    index: int
    text: str
    threads: list[Thread] = field(default_factory=list)

    @property
    def open_threads(self) -> int:
        return sum(1 for t in self.threads if not t.comment.is_resolved)


@dataclass
class SectionView:
    section: ReportSection
    guidance: str
    paragraphs: list[Paragraph]


@dataclass
class VersionView:
    version: ReportVersion
    latest: ReportVersion
    sections: list[SectionView]
    outdated: list[Thread]  # comments whose paragraph is no longer in this version: never lost

    @property
    def is_latest(self) -> bool:
        return self.version.pk == self.latest.pk


def threads(review: Review) -> list[tuple[ReportComment, list[ReportComment]]]:
    """Every thread of the review, oldest first, with its replies."""
    comments = list(
        ReportComment.objects.filter(review=review).select_related("author", "resolved_by", "version")
    )
    replies: dict[int, list[ReportComment]] = {}
    for c in comments:
        if c.thread_id:
            replies.setdefault(c.thread_id, []).append(c)
    return [(c, replies.get(c.pk, [])) for c in comments if c.thread_id is None]


def _locate(sections: dict[str, list[str]], comment: ReportComment) -> int | None:
    paragraphs = sections.get(comment.section_key, [])
    matches = [i for i, p in enumerate(paragraphs) if p == comment.quoted_text]
    return min(matches, key=lambda i: abs(i - comment.paragraph_index)) if matches else None


def version_view(version: ReportVersion, *, guidance: dict[str, str] | None = None) -> VersionView:
    """A version's sections and paragraphs, each paragraph with the comment threads that point at it."""
    latest = latest_version(version.review) or version
    sections = list(version.sections.all())
    texts = {s.key: s.paragraphs() for s in sections}
    views = [
        SectionView(
            section=s,
            guidance=(guidance or {}).get(s.key, ""),
            paragraphs=[Paragraph(index=i, text=p) for i, p in enumerate(texts[s.key])],
        )
        for s in sections
    ]
    by_key = {v.section.key: v for v in views}
    outdated = []
    for comment, replies in threads(version.review):
        index = _locate(texts, comment)
        thread = Thread(comment=comment, replies=replies, paragraph_index=index)
        if index is None:
            if comment.version.number <= version.number:
                outdated.append(thread)  # made on this or an earlier version; its paragraph is gone
            continue
        by_key[comment.section_key].paragraphs[index].threads.append(thread)
    return VersionView(version=version, latest=latest, sections=views, outdated=outdated)


# --- What changed between two versions -----------------------------------------------------------------


@dataclass
class Piece:
    """A run of words: kept, inserted or deleted."""

    kind: str  # "equal" | "insert" | "delete"
    text: str


@dataclass
class ParagraphChange:
    kind: str  # "equal" | "insert" | "delete" | "change"
    pieces: list[Piece]


@dataclass
class SectionChange:
    key: str
    heading: str
    old_heading: str
    kind: str  # "added" | "removed" | "changed" | "unchanged"
    paragraphs: list[ParagraphChange]


WORDS = re.compile(r"\s+|[^\s]+")


def _word_diff(old: str, new: str) -> list[Piece]:
    a, b = WORDS.findall(old), WORDS.findall(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if op in {"insert", "replace"}:
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return pieces


def _paragraph_diff(old: list[str], new: list[str]) -> list[ParagraphChange]:
    changes: list[ParagraphChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            changes += [ParagraphChange("equal", [Piece("equal", p)]) for p in old[i1:i2]]
        elif op == "delete":
            changes += [ParagraphChange("delete", [Piece("delete", p)]) for p in old[i1:i2]]
        elif op == "insert":
            changes += [ParagraphChange("insert", [Piece("insert", p)]) for p in new[j1:j2]]
        else:  # replaced paragraphs: pair them up and show the words that changed
            pairs = max(i2 - i1, j2 - j1)
            for n in range(pairs):
                before = old[i1 + n] if i1 + n < i2 else None
                after = new[j1 + n] if j1 + n < j2 else None
                if before is None:
                    changes.append(ParagraphChange("insert", [Piece("insert", after)]))
                elif after is None:
                    changes.append(ParagraphChange("delete", [Piece("delete", before)]))
                else:
                    changes.append(ParagraphChange("change", _word_diff(before, after)))
    return changes


def compare(old: ReportVersion, new: ReportVersion) -> list[SectionChange]:
    """What changed from `old` to `new`, section by section (matched by key), paragraph by paragraph."""
    before = {s.key: s for s in old.sections.all()}
    after = list(new.sections.all())
    result = []
    for section in after:
        previous = before.pop(section.key, None)
        paragraphs = _paragraph_diff(previous.paragraphs() if previous else [], section.paragraphs())
        if previous is None:
            kind = "added"
        elif previous.heading == section.heading and all(p.kind == "equal" for p in paragraphs):
            kind = "unchanged"
        else:
            kind = "changed"
        result.append(
            SectionChange(
                key=section.key,
                heading=section.heading,
                old_heading=previous.heading if previous else "",
                kind=kind,
                paragraphs=paragraphs,
            )
        )
    for section in before.values():
        result.append(
            SectionChange(
                key=section.key,
                heading=section.heading,
                old_heading=section.heading,
                kind="removed",
                paragraphs=_paragraph_diff(section.paragraphs(), []),
            )
        )
    return result


# --- Factual accuracy checks and sign-off --------------------------------------------------------------


@dataclass
class CheckRow:
    check: AccuracyCheck
    deadline: Deadline | None
    is_late: bool


def accuracy_rows(review: Review) -> list[CheckRow]:
    from django.utils import timezone

    checks = list(AccuracyCheck.objects.filter(review=review).select_related("agency", "version"))
    clocks = {
        d.subject_id: d
        for d in Deadline.objects.filter(
            case=review.case, key="factual_accuracy_check", subject_id__in=[c.public_id for c in checks]
        )
    }
    rows = []
    for check in checks:
        clock = clocks.get(check.public_id)
        due = clock.due_at if clock else None
        if due is None:
            late = False
        elif check.returned_at:
            late = check.returned_at > due
        else:
            late = due < timezone.now()
        rows.append(CheckRow(check=check, deadline=clock, is_late=late))
    return rows


def check_deadline(check: AccuracyCheck) -> Deadline | None:
    return Deadline.objects.filter(
        case=check.review.case, key="factual_accuracy_check", subject_id=check.public_id, cancelled_at=None
    ).first()


@dataclass
class SignOffRow:
    signatory: str
    label: str
    approval: ReportApproval | None  # of the latest version
    earlier: ReportApproval | None  # the last approval of an earlier version, if any


def sign_off(review: Review) -> list[SignOffRow]:
    """Each required signatory and whether they approved the latest version (or only an earlier one)."""
    latest = latest_version(review)
    approvals = list(
        ReportApproval.objects.filter(review=review).select_related("version").order_by("recorded_at")
    )
    rows = []
    for signatory in required_signatories(review.partnership):
        mine = [a for a in approvals if a.signatory == signatory]
        current = next((a for a in mine if latest and a.version_id == latest.pk), None)
        earlier = next((a for a in reversed(mine) if not latest or a.version_id != latest.pk), None)
        rows.append(
            SignOffRow(
                signatory=signatory,
                label=ReportApproval.Signatory(signatory).label,
                approval=current,
                earlier=earlier if current is None else None,
            )
        )
    return rows


# --- What waits for a reviewer or panel member (their home page) ----------------------------------------


@dataclass
class WaitingDraft:
    review: Review
    version: ReportVersion
    reason: str  # "read and comment" | "approve" | "endorse"


@dataclass
class Waiting:
    drafts: list[WaitingDraft]
    threads: list[ReportComment]  # open threads the user started or replied to, or on reviews they lead


def waiting_for(user: AbstractBaseUser) -> Waiting:
    """Drafts waiting for this person across their partnerships, and their open comment threads."""
    memberships = list(Membership.unscoped.filter(user=user, is_active=True).select_related("partnership"))
    drafts: list[WaitingDraft] = []
    threads_open: list[ReportComment] = []
    with scopes_disabled():
        for partnership in {m.partnership for m in memberships}:
            mine = [m for m in memberships if m.partnership_id == partnership.pk]
            roles = {m.role for m in mine}
            visible = reviews_visible_to(partnership, user, mine)
            if roles & READ_ALL and not roles & {
                Role.PARTNER_LOCAL_AUTHORITY,
                Role.PARTNER_POLICE,
                Role.PARTNER_HEALTH,
            }:
                # The office and the chair see every review; only their own team's drafts wait for them.
                visible = visible.filter(
                    Q(team__user=user) | Q(reviewers__user=user, reviewers__ended_at=None)
                )
            for review in visible.filter(state__in=REPORT_STATES).distinct():
                latest = latest_version(review)
                if latest is None:
                    continue
                reason = _waiting_reason(review, latest, user, roles)
                if reason:
                    drafts.append(WaitingDraft(review=review, version=latest, reason=reason))
            led = ReviewerAppointment.unscoped.filter(
                partnership=partnership, user=user, ended_at=None
            ).values_list("review_id", flat=True)
            involved = ReportComment.unscoped.filter(partnership=partnership, author=user).values_list(
                "thread_id", "pk"
            )
            roots = {thread or pk for thread, pk in involved}
            threads_open += list(
                ReportComment.unscoped.filter(partnership=partnership, thread=None, resolved_at=None)
                .filter(Q(pk__in=roots) | Q(review_id__in=list(led)))
                .select_related("review__case", "author", "partnership")
                .order_by("created_at")
            )
    return Waiting(drafts=drafts, threads=threads_open)


def _waiting_reason(review: Review, latest: ReportVersion, user: AbstractBaseUser, roles: set[str]) -> str:
    from reviews.report_services import PARTNER_SIGNATORIES

    if review.state == Review.State.FACTUAL_ACCURACY:
        mine = [PARTNER_SIGNATORIES[r] for r in roles if r in PARTNER_SIGNATORIES]
        approved = set(ReportApproval.unscoped.filter(version=latest).values_list("signatory", flat=True))
        if any(s not in approved for s in mine):
            return "approve"
    on_team = TeamMember.unscoped.filter(review=review, user=user).exists()
    if on_team and not ReportComment.unscoped.filter(version=latest, author=user).exists():
        return "read and comment"
    return ""


def section_guidance(partnership: Partnership) -> dict[str, str]:
    return {s["key"]: s.get("guidance", "") for s in partnership.option("report_sections")}


def paragraph_of(version: ReportVersion, section_key: str, index: int) -> tuple[ReportSection | None, str]:
    section = version.sections.filter(key=section_key).first()
    paragraphs = section.paragraphs() if section else []
    return section, paragraphs[index] if 0 <= index < len(paragraphs) else ""


def as_context(**values: Any) -> dict[str, Any]:
    return values
