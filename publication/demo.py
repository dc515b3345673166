"""Demo publications built through the real workflow from the approved reports the reviews demo left
(used by seed_demo, after the reviews' builder): a report published and online, one the partners decided not
to publish (with the improvements published instead), one in its notice period and one just planned.

A published demo report is recorded as it happened a month ago (the workflow's `now`), so it passes the
same gate as any other: copies sent in time, family told, constraints cleared, pseudonym check clean.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from cspr.models import Partnership
from cspr.tenancy import scope
from cspr.workflow import TransitionRefused
from publication import rules, services, workflow
from publication.models import Publication
from publication.selectors import reviews_ready

log = logging.getLogger(__name__)
STOPS = ["published", "not_publishing", "notice_period", "planned"]


def build(*, partnership: Partnership, by: AbstractBaseUser) -> int:
    """One publication per stop, for as many approved reports as the partnership has."""
    with scope(partnership):
        reviews = list(reviews_ready(partnership)[: len(STOPS)])
        for stop, review in zip(STOPS, reviews, strict=False):
            publication = workflow.open_publication(review=review, by=by)
            try:
                _advance(publication, stop=stop, by=by, partnership=partnership)
            except TransitionRefused as exc:  # e.g. the demo report names someone: leave it where it stopped
                log.warning(
                    "Demo publication %s stopped before %s: %s", publication.case.reference, stop, exc
                )
    return len(reviews)


def _reviewer_names(publication: Publication) -> str:
    """The report is published under its appointed reviewers' names, as a real one would be."""
    names = [a.name for a in publication.review.reviewers.filter(ended_at=None).select_related("user")]
    return ", ".join(names) or "The independent lead reviewer"


def _prepare(publication: Publication, *, by: AbstractBaseUser, partnership: Partnership, told_on) -> None:
    services.update_public_details(
        publication=publication,
        by=by,
        summary=(
            "How agencies shared information about a young child who was seriously harmed, and what has "
            "changed since."
        ),
        reviewer_names=_reviewer_names(publication),
        learning_briefing="Share concerns early. Check who else is involved. Follow up missed appointments.",
    )
    services.prefill_register(publication=publication, by=by)
    services.update_communications_plan(
        publication=publication,
        by=by,
        media_contact=f"Communications team, {partnership.local_authority}",
        press_statement="The partnership welcomes the review and has acted on its recommendations.",
        practitioner_briefing="Senior managers brief their frontline staff on the publication date.",
        family_informed_on=told_on,
        family_informed_by="The lead reviewer",
        elected_members_informed_on=told_on if partnership.option("inform_elected_members") else None,
        prosecution_complete=True,
        prosecution_note="Confirmed with the officer in the case: no prosecution." if partnership.option("hold_publication_for_prosecution") else "",
    )  # fmt: skip
    for process in rules.blocking_processes(publication):
        services.override_constraint(
            publication=publication,
            parallel_process=process,
            reason="The officer in the case agreed publication can go ahead.",
            by=by,
        )
    services.run_pseudonym_check(publication=publication, by=by)


def _advance(publication: Publication, *, stop: str, by: AbstractBaseUser, partnership: Partnership) -> None:
    now = timezone.now()
    if stop == "not_publishing":
        workflow.decide_not_to_publish(
            publication=publication,
            by=by,
            reasons="The family asked that the report is not published; the partners agreed it would identify them.",
            improvements_information=(
                "Health visitors now check with children's social care before closing a case; schools have a "
                "new escalation route for concerns about attendance."
            ),
        )
        workflow.publish_improvements(publication=publication, by=by)
        return
    if stop == "published":
        # Planned five weeks ago for a day a month ago, copies sent that day, published on the day.
        published_on = timezone.localdate() - timedelta(days=30)
        planned_at = now - timedelta(days=35)
        earliest = rules.earliest_publication_date(partnership, timezone.localtime(planned_at).date())
        published_on = max(published_on, earliest)
        _prepare(publication, by=by, partnership=partnership, told_on=timezone.localtime(planned_at).date())
        workflow.plan_publication(publication=publication, planned_on=published_on, by=by, now=planned_at)
        workflow.send_copies(publication=publication, by=by, now=planned_at)
        workflow.copies_delivered(publication=publication, by=by, now=planned_at)
        on_the_day = timezone.make_aware(datetime.combine(published_on, time(11, 0)))
        workflow.publish(publication=publication, by=by, now=on_the_day)
        return
    planned_on = rules.earliest_publication_date(partnership, timezone.localdate()) + timedelta(days=7)
    _prepare(publication, by=by, partnership=partnership, told_on=timezone.localdate())
    workflow.plan_publication(publication=publication, planned_on=planned_on, by=by)
    if stop == "notice_period":
        workflow.send_copies(publication=publication, by=by)
