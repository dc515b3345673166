"""The publication rules of a partnership's procedure, read from its framework and counted by the
working-day engine: who receives the report before publication and how long before, the press notice,
the period online, the usual time of day, and the conditions the "publish" gate checks.

Pure reads: nothing here writes. Every number comes from cspr/frameworks.py through the partnership's
framework, and every date from cspr.deadlines.projection, so the page explains each date as it counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cspr.deadlines.projection import Projection, explain_date, project
from cspr.frameworks import RECIPIENT_NAMES
from cspr.models import Partnership
from publication.models import ConstraintOverride, Publication

# How far ahead we look for the earliest allowed date: the longest notice any procedure sets is far shorter.
SEARCH_DAYS = 400
DATE_TOO_SOON = (
    "Choose a date on or after {earliest}: copies must reach {recipients} {notice} before publication"
)
NO_RECIPIENT_ADDRESS = "The procedure has no mailbox for {name}: add it to the framework's recipients."


@dataclass(frozen=True)
class Recipient:
    key: str  # a framework recipient key: national_panel, ofsted, dfe, nspcc
    name: str
    address: str


def pre_publication_recipients(partnership: Partnership) -> list[Recipient]:
    """Who receives the final report before publication (framework option), with the seed's mailbox."""
    keys = partnership.option("pre_publication_recipients") or []
    framework = partnership.framework
    return [Recipient(k, RECIPIENT_NAMES.get(k, k), framework.recipient(k)) for k in keys]


def recipient_names(partnership: Partnership) -> str:
    """ "the National Panel, Ofsted and the Department for Education"."""
    names = [r.name for r in pre_publication_recipients(partnership)]
    if len(names) <= 1:
        return "".join(names) or "the national bodies"
    return ", ".join(names[:-1]) + " and " + names[-1]


def nspcc_address(partnership: Partnership) -> str:
    """The NSPCC national repository's mailbox, or "" when the procedure does not send reports there."""
    if not partnership.option("send_to_nspcc"):
        return ""
    return partnership.framework.recipient("nspcc")


def notice_text(partnership: Partnership) -> str:
    """ "7 working days", "14 calendar days"."""
    timescale = partnership.framework.timescale("copies_before_publication")
    if not timescale.is_set:
        return "no set period"
    noun = timescale.unit.label if timescale.amount != 1 else timescale.unit.label.removesuffix("s")
    return f"{timescale.amount} {noun}"


def latest_copy_date(partnership: Partnership, planned_on: date) -> Projection:
    """The last day the copies may reach the national bodies for `planned_on`, counted back by the engine."""
    return project(
        timescale=partnership.framework.timescale("copies_before_publication"),
        origin=planned_on,
        calendar=partnership.working_calendar(),
        origin_label="publication",
    )


def earliest_publication_date(partnership: Partnership, copies_on: date) -> date:
    """The first date whose notice period is met by copies sent on `copies_on`."""
    timescale = partnership.framework.timescale("copies_before_publication")
    candidate = copies_on + timedelta(days=1)
    if not timescale.is_set:
        return candidate
    for _ in range(SEARCH_DAYS):
        due = latest_copy_date(partnership, candidate).due
        if due is not None and due.date() >= copies_on:
            return candidate
        candidate += timedelta(days=1)
    raise ValueError("No publication date found within the search window")  # a framework typo, not input


def date_too_soon_message(partnership: Partnership, *, copies_on: date) -> str:
    earliest = earliest_publication_date(partnership, copies_on)
    return DATE_TOO_SOON.format(
        earliest=f"{earliest.day} {earliest:%B %Y}",
        recipients=recipient_names(partnership),
        notice=notice_text(partnership),
    )


def press_notice_date(partnership: Partnership, planned_on: date) -> Projection | None:
    """When the press statement goes out, counted back from publication, if the procedure says."""
    timescale = partnership.framework.timescale("press_statement")
    if not timescale.is_set:
        return None
    return project(
        timescale=timescale,
        origin=planned_on,
        calendar=partnership.working_calendar(),
        origin_label="publication",
    )


def online_until(partnership: Partnership, published_on: date) -> date | None:
    """The end of the procedure's minimum period online (None: the procedure sets none)."""
    timescale = partnership.framework.timescale("online_period")
    if not timescale.is_set:
        return None
    projection = project(
        timescale=timescale,
        origin=published_on,
        calendar=partnership.working_calendar(),
        origin_label="published",
    )
    return projection.due.date() if projection.due else None


def go_live_at(partnership: Partnership, planned_on: date) -> datetime:
    """The moment the report goes online on its day: the procedure's usual time, else the start of the day."""
    usual = partnership.option("publication_time")
    at = time.fromisoformat(usual) if usual else time.min
    return timezone.make_aware(datetime.combine(planned_on, at))


@dataclass
class Condition:
    """One condition of the publish gate, as the page lists it."""

    key: str
    label: str
    met: bool
    detail: str = ""


def blocking_processes(publication: Publication) -> list:
    """The case's parallel processes that still hold publication: open, blocking and not overridden."""
    overridden = set(
        ConstraintOverride.objects.filter(publication=publication).values_list(
            "parallel_process_id", flat=True
        )
    )
    return [
        p
        for p in publication.case.parallel_processes.all()
        if p.blocks_publication and p.is_open and p.pk not in overridden
    ]


def gate(publication: Publication, *, today: date | None = None) -> list[Condition]:
    """Every condition "publish" checks, met or not, in the order the page shows them."""
    from publication.pseudonyms import check_passes

    partnership = publication.partnership
    today = today or timezone.localdate()
    conditions: list[Condition] = []
    planned = publication.planned_on
    conditions.append(
        Condition(
            "date",
            "The planned publication date has arrived",
            planned is not None and today >= planned,
            f"Planned for {explain_date(planned)}" if planned else "No publication date is planned yet",
        )
    )
    notice = notice_text(partnership)
    who = recipient_names(partnership)
    if planned is None:
        copies = Condition(
            "copies", f"Copies sent to {who} {notice} before publication", False, "Plan a date first"
        )
    else:
        latest = latest_copy_date(partnership, planned)
        delivered = publication.copies_delivered_at
        on_time = delivered is not None and (
            latest.due is None or timezone.localtime(delivered).date() <= latest.due.date()
        )
        if delivered is None:
            detail = (
                f"Not sent yet. They must arrive by {explain_date(latest.due.date())}" if latest.due else ""
            )
        elif not on_time:
            detail = f"Sent {explain_date(timezone.localtime(delivered).date())}, after the last day"
        else:
            detail = f"Sent {explain_date(timezone.localtime(delivered).date())}"
        copies = Condition("copies", f"Copies sent to {who} {notice} before publication", on_time, detail)
        copies.explanation = latest.explanation  # type: ignore[attr-defined]
    conditions.append(copies)
    blocking = blocking_processes(publication)
    conditions.append(
        Condition(
            "parallel_processes",
            "Every parallel process holding publication is cleared, or overridden with a reason",
            not blocking,
            "Still open: " + "; ".join(f"{p.get_kind_display()} {p.description}".strip() for p in blocking)
            if blocking
            else "",
        )
    )
    family_told = bool(publication.family_informed_on and publication.family_informed_by)
    conditions.append(
        Condition(
            "family",
            "The family has been told of the publication arrangements",
            family_told,
            f"Told on {explain_date(publication.family_informed_on)} by {publication.family_informed_by}"
            if family_told
            else "Record when the family was told, and by whom",
        )
    )
    passes, detail = check_passes(publication)
    conditions.append(
        Condition("pseudonyms", "The pseudonym check of the final report passes", passes, detail)
    )
    if partnership.option("hold_publication_for_prosecution"):
        conditions.append(
            Condition(
                "prosecution",
                "Any prosecution is complete",
                publication.prosecution_complete,
                publication.prosecution_note,
            )
        )
    if partnership.option("inform_elected_members"):
        informed = publication.elected_members_informed_on
        conditions.append(
            Condition(
                "elected_members",
                "Elected members have been informed of the publication date",
                informed is not None,
                f"Informed {explain_date(informed)}" if informed else "",
            )
        )
    return conditions
