"""The publication procedure: plan a date, send the final report to the national bodies, let the notice
period run, publish through the gate, keep the report online for the procedure's period, then archive it
(available on request). Or decide not to publish, with reasons, and publish the improvements instead.

`move()` is the only writer of `state` on a publication: it checks `TRANSITIONS` and writes the audit row
in the same transaction. Every period comes from the partnership's framework (publication/rules.py);
emails go through the outbox after the commit (publication/notifications.py).
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from cspr import audit
from cspr.deadlines import services as deadlines
from cspr.deadlines.projection import explain_date
from cspr.models import Deadline
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from publication import rules
from publication.models import Publication
from reviews import workflow as review_workflow
from reviews.models import Review

State = Publication.State

TRANSITIONS: dict[str, set[str]] = {  # the publication at a glance
    State.APPROVED: {State.PLANNED, State.NOT_PUBLISHING},
    State.PLANNED: {State.COPIES_SENT, State.NOT_PUBLISHING},
    State.COPIES_SENT: {State.NOTICE_PERIOD, State.NOT_PUBLISHING},
    State.NOTICE_PERIOD: {State.PUBLISHED, State.NOT_PUBLISHING},
    State.PUBLISHED: {State.AVAILABLE_ONLINE, State.WITHDRAWN},
    State.AVAILABLE_ONLINE: {State.ARCHIVED, State.WITHDRAWN},
    # The information about improvements is still published (West Midlands §10.4, footnote 13).
    State.NOT_PUBLISHING: {State.IMPROVEMENTS_PUBLISHED},
}
# A planned date may change until the report is published; copies already sent must still be in time.
DATE_CHANGEABLE = {State.PLANNED, State.COPIES_SENT, State.NOTICE_PERIOD}

NOT_ALLOWED = "This cannot be done while the publication is {state}."
NOT_APPROVED = "The final report has not been approved yet."
NO_APPROVED_VERSION = "The review has no approved version of the report to publish."
DATE_IN_PAST = "The publication date cannot be in the past."
NO_RECIPIENTS = "The procedure names nobody to receive the report before publication."
GATE_CLOSED = "The report cannot be published yet. Still open: {open}."
NOT_LIVE_YET = "The report goes online at {at}; it is not online yet."
TOO_EARLY_TO_ARCHIVE = (
    "The report must stay online until {until} ({period} after publication). It can be archived after that."
)
NO_REASON = "Give the reason."
NO_IMPROVEMENTS = "Describe the improvements that will still be published."


def move(publication: Publication, *, to: str, by: AbstractBaseUser | None, code: str, reason: str = "", data: dict | None = None, needs_processing: bool = False) -> None:  # fmt: skip
    """Change the state (checked against `TRANSITIONS`) and write the audit row."""
    from_state = publication.state
    if to not in TRANSITIONS.get(from_state, set()):
        raise TransitionRefused(NOT_ALLOWED.format(state=publication.get_state_display().lower()))
    publication.state = to
    publication._history_user = by  # type: ignore[attr-defined]
    publication.save(update_fields=["state"])
    audit.record(
        case=publication.case,
        code=code,
        by=by,
        stage=Stage.PUBLICATION,
        from_state=from_state,
        to_state=to,
        reason=reason,
        subject="publication",
        subject_id=publication.public_id,
        data=data,
        needs_processing=needs_processing,
    )


def _locked(publication: Publication) -> Publication:
    return (
        Publication.unscoped.select_for_update()
        .select_related("partnership__framework", "case")
        .get(pk=publication.pk)
    )


def open_publication(*, review: Review, by: AbstractBaseUser) -> Publication:
    """Start publication planning for an approved final report (idempotent: returns the open one)."""
    if review.state not in {Review.State.APPROVED, Review.State.HANDED_TO_PUBLICATION}:
        raise TransitionRefused(NOT_APPROVED)
    if review.approved_version_id is None:
        raise TransitionRefused(NO_APPROVED_VERSION)
    with transaction.atomic():
        existing = Publication.unscoped.filter(case_id=review.case_id).first()
        if existing is not None:
            return existing
        if review.state == Review.State.APPROVED:
            review = review_workflow.hand_to_publication(review=review, by=by)
        publication = Publication.unscoped.create(
            partnership=review.partnership,
            case=review.case,
            review=review,
            title=review.approved_version.title,
        )
        case = review.case
        case.stage = Stage.PUBLICATION
        case.save(update_fields=["stage"])
        audit.record(
            case=case,
            code="publication.opened",
            by=by,
            stage=Stage.PUBLICATION,
            to_state=State.APPROVED,
            subject="publication",
            subject_id=publication.public_id,
        )
    return publication


def copies_on(publication: Publication, *, now: datetime | None = None) -> date:
    """The day the copies reached (or, if not sent yet, could reach) the national bodies."""
    sent = publication.copies_delivered_at or publication.copies_sent_at
    return timezone.localtime(sent or now or timezone.now()).date()


def _restart_clocks(publication: Publication) -> None:
    """(Re)start the clocks counted back from the planned date: copies to the national bodies, the press."""
    for deadline in Deadline.unscoped.filter(
        case=publication.case,
        key__in=["copies_before_publication", "press_statement"],
        met_at=None,
        cancelled_at=None,
    ):
        deadlines.cancel(deadline=deadline)
    origin = publication.planned_on
    deadlines.start(
        case=publication.case, key="copies_before_publication", origin=origin, origin_label="publication"
    )
    deadlines.start(case=publication.case, key="press_statement", origin=origin, origin_label="publication")


def plan_publication(
    *, publication: Publication, planned_on: date, by: AbstractBaseUser, now: datetime | None = None
) -> Publication:
    """Plan (or move) the publication date; refused inside the procedure's notice period.

    `now` (here and below) is when it happened: the present unless an earlier publication is being recorded.
    """
    with transaction.atomic():
        pub = _locked(publication)
        if pub.state != State.APPROVED and pub.state not in DATE_CHANGEABLE:
            raise TransitionRefused(NOT_ALLOWED.format(state=pub.get_state_display().lower()))
        now = now or timezone.now()
        if planned_on < timezone.localtime(now).date():
            raise TransitionRefused(DATE_IN_PAST)
        sent_on = copies_on(pub, now=now)
        if planned_on < rules.earliest_publication_date(pub.partnership, sent_on):
            raise TransitionRefused(rules.date_too_soon_message(pub.partnership, copies_on=sent_on))
        previous = pub.planned_on
        pub.planned_on = planned_on
        if pub.press_notice_on is None or previous is not None:
            press = rules.press_notice_date(pub.partnership, planned_on)
            pub.press_notice_on = press.due.date() if press and press.due else pub.press_notice_on
        pub._history_user = by  # type: ignore[attr-defined]
        pub.save(update_fields=["planned_on", "press_notice_on"])
        data = {"planned_on": planned_on.isoformat()}
        if pub.state == State.APPROVED:
            move(pub, to=State.PLANNED, by=by, code="publication.planned", data=data)
        else:
            audit.record(
                case=pub.case,
                code="publication.date_changed",
                by=by,
                stage=Stage.PUBLICATION,
                subject="publication",
                subject_id=pub.public_id,
                reason=f"from {explain_date(previous)}" if previous else "",
                data=data,
            )
        _restart_clocks(pub)
    return pub


def send_copies(
    *, publication: Publication, by: AbstractBaseUser, now: datetime | None = None
) -> Publication:
    """Send the final report to the procedure's national bodies (emailed by the outbox after the commit)."""
    with transaction.atomic():
        pub = _locked(publication)
        if State.COPIES_SENT not in TRANSITIONS.get(pub.state, set()):
            raise TransitionRefused(NOT_ALLOWED.format(state=pub.get_state_display().lower()))
        recipients = rules.pre_publication_recipients(pub.partnership)
        if not recipients:
            raise TransitionRefused(NO_RECIPIENTS)
        missing = [r for r in recipients if not r.address]
        if missing:
            raise TransitionRefused(rules.NO_RECIPIENT_ADDRESS.format(name=missing[0].name))
        now = now or timezone.now()
        today = timezone.localtime(now).date()
        if pub.planned_on < rules.earliest_publication_date(pub.partnership, today):
            # Sent today, the copies would arrive inside the notice period: move the date first.
            raise TransitionRefused(rules.date_too_soon_message(pub.partnership, copies_on=today))
        pub.copies_sent_at = now
        pub.save(update_fields=["copies_sent_at"])
        move(
            pub,
            to=State.COPIES_SENT,
            by=by,
            code="publication.copies_sent",
            data={"to": [r.key for r in recipients], "planned_on": pub.planned_on.isoformat()},
            needs_processing=True,
        )
    return pub


def copies_delivered(
    *, publication: Publication, by: AbstractBaseUser | None = None, now: datetime | None = None
) -> Publication:
    """Every copy has gone: the notice period runs from now (called by the outbox once the last one is sent)."""
    with transaction.atomic():
        pub = _locked(publication)
        if pub.state != State.COPIES_SENT:
            return pub  # a retried outbox run: already done
        pub.copies_delivered_at = now or timezone.now()
        pub.save(update_fields=["copies_delivered_at"])
        move(pub, to=State.NOTICE_PERIOD, by=by, code="publication.copies_delivered")
        deadlines.meet_key(case=pub.case, key="copies_before_publication", at=pub.copies_delivered_at)
    return pub


def publish(*, publication: Publication, by: AbstractBaseUser, now: datetime | None = None) -> Publication:
    """Publish the report: refused while any gate condition is open (the message lists each one)."""
    with transaction.atomic():
        pub = _locked(publication)
        if State.PUBLISHED not in TRANSITIONS.get(pub.state, set()):
            raise TransitionRefused(NOT_ALLOWED.format(state=pub.get_state_display().lower()))
        now = now or timezone.now()
        still_open = [c for c in rules.gate(pub, today=timezone.localtime(now).date()) if not c.met]
        if still_open:
            raise TransitionRefused(GATE_CLOSED.format(open="; ".join(c.label.lower() for c in still_open)))
        pub.published_at = max(rules.go_live_at(pub.partnership, pub.planned_on), now)
        pub.online_until = rules.online_until(pub.partnership, timezone.localtime(pub.published_at).date())
        pub.save(update_fields=["published_at", "online_until"])
        move(
            pub,
            to=State.PUBLISHED,
            by=by,
            code="publication.published",
            data={"published_at": pub.published_at.isoformat()},
            needs_processing=True,  # the outbox sends the report to the NSPCC national repository
        )
        deadlines.start(
            case=pub.case,
            key="online_period",
            origin=timezone.localtime(pub.published_at).date(),
            origin_label="published",
        )
        if pub.published_at <= now:
            move(pub, to=State.AVAILABLE_ONLINE, by=by, code="publication.available_online")
    return pub


def go_online(
    *, publication: Publication, by: AbstractBaseUser | None = None, now: datetime | None = None
) -> Publication:
    """The publication time has come: the report is online (run by the daily scan, or at once)."""
    with transaction.atomic():
        pub = _locked(publication)
        if pub.published_at and pub.published_at > (now or timezone.now()):
            raise TransitionRefused(
                NOT_LIVE_YET.format(at=timezone.localtime(pub.published_at).strftime("%H:%M on %-d %B %Y"))
            )
        move(pub, to=State.AVAILABLE_ONLINE, by=by, code="publication.available_online")
    return pub


def archive(*, publication: Publication, by: AbstractBaseUser) -> Publication:
    """Take the report off the public page after its period online; it stays available on request."""
    with transaction.atomic():
        pub = _locked(publication)
        if State.ARCHIVED not in TRANSITIONS.get(pub.state, set()):
            raise TransitionRefused(NOT_ALLOWED.format(state=pub.get_state_display().lower()))
        if pub.online_until is not None and timezone.localdate() < pub.online_until:
            timescale = pub.partnership.framework.timescale("online_period")
            raise TransitionRefused(
                TOO_EARLY_TO_ARCHIVE.format(
                    until=f"{pub.online_until.day} {pub.online_until:%B %Y}",
                    period=f"{timescale.amount} {timescale.unit.label}",
                )
            )
        move(pub, to=State.ARCHIVED, by=by, code="publication.archived")
        deadlines.meet_key(case=pub.case, key="online_period")
    return pub


def withdraw(*, publication: Publication, reason: str, by: AbstractBaseUser) -> Publication:
    """Take a published report down at once, with the reason recorded."""
    if not reason.strip():
        raise TransitionRefused(NO_REASON)
    with transaction.atomic():
        pub = _locked(publication)
        if State.WITHDRAWN not in TRANSITIONS.get(pub.state, set()):
            raise TransitionRefused(NOT_ALLOWED.format(state=pub.get_state_display().lower()))
        pub.withdrawn_reason, pub.withdrawn_at = reason.strip(), timezone.now()
        pub.save(update_fields=["withdrawn_reason", "withdrawn_at"])
        move(pub, to=State.WITHDRAWN, by=by, code="publication.withdrawn", reason=reason.strip())
        for deadline in Deadline.unscoped.filter(
            case=pub.case, key="online_period", met_at=None, cancelled_at=None
        ):
            deadlines.cancel(deadline=deadline)
    return pub


def decide_not_to_publish(
    *, publication: Publication, reasons: str, improvements_information: str, by: AbstractBaseUser
) -> Publication:
    """Record the partners' decision not to publish, its reasons and the improvements still to publish."""
    if not reasons.strip():
        raise TransitionRefused(NO_REASON)
    if not improvements_information.strip():
        raise TransitionRefused(NO_IMPROVEMENTS)
    with transaction.atomic():
        pub = _locked(publication)
        if State.NOT_PUBLISHING not in TRANSITIONS.get(pub.state, set()):
            raise TransitionRefused(NOT_ALLOWED.format(state=pub.get_state_display().lower()))
        pub.not_publishing_reasons = reasons.strip()
        pub.improvements_information = improvements_information.strip()
        pub.save(update_fields=["not_publishing_reasons", "improvements_information"])
        move(pub, to=State.NOT_PUBLISHING, by=by, code="publication.not_publishing", reason=reasons.strip())
        for deadline in Deadline.unscoped.filter(
            case=pub.case,
            key__in=["copies_before_publication", "press_statement"],
            met_at=None,
            cancelled_at=None,
        ):
            deadlines.cancel(deadline=deadline)
    return pub


def publish_improvements(*, publication: Publication, by: AbstractBaseUser) -> Publication:
    """Put the information about improvements on the public page (the report itself stays unpublished)."""
    with transaction.atomic():
        pub = _locked(publication)
        if State.IMPROVEMENTS_PUBLISHED not in TRANSITIONS.get(pub.state, set()):
            raise TransitionRefused(NOT_ALLOWED.format(state=pub.get_state_display().lower()))
        pub.improvements_published_at = timezone.now()
        pub.save(update_fields=["improvements_published_at"])
        move(pub, to=State.IMPROVEMENTS_PUBLISHED, by=by, code="publication.improvements_published")
    return pub
