"""Which statutory template renders which rapid review PDF, and the facts each one shows.

One Django template per document key (templates/documents/<key>.html). The procedure's own title and
number come from its `DocumentTemplate` (cspr/framework_seeds.py); what differs between procedures (the
outcome list, the quorum rule, the return period, where referrals go) reaches the template as data, so a
new procedure needs no new branch. Filenames carry the case reference, never the child's name.
Every function here runs inside the partnership's scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.text import slugify

from cspr.deadlines.projection import explain_date, explain_time
from cspr.documents import document_template_for, render_pdf
from cspr.frameworks import DocumentTemplate, Outcome
from cspr.models import Case, Deadline, Partnership
from rapid_review.models import RapidReview, ScopingRequest
from rapid_review.rules import PARTNER_LABELS, describe_quorum
from rapid_review.services import CRITERIA, NONE_OF_THE_ABOVE
from referrals.models import Child, Referral

# Used when a procedure's set has no template of its own for a document we still have to send
# (Northamptonshire names no covering letter; Cambridgeshire & Peterborough no scoping letter).
DEFAULT_TITLES = {
    "referral_form": "Referral form",
    "scoping_request": "Initial scoping and information sharing",
    "scoping_letter": "Letter requesting initial scoping information",
    "rapid_review": "Rapid review",
    "national_panel_letter": "Covering letter to the National Panel",
    "composite_of_returns": "Composite of the agencies' scoping returns",
}

# West Midlands Document 5 offers the National Panel three conclusions; every outcome maps to one.
PANEL_CONCLUSIONS = {
    "national_review": "meets the criteria for a national review",
    "local_review": "meets the criteria for a local child safeguarding practice review",
}
NO_REVIEW_CONCLUSION = "does not meet the criteria for a review"

Rendered = tuple[str, bytes]


def document_for(partnership: Partnership, key: str) -> DocumentTemplate:
    """The procedure's own template for `key`, or a plainly titled stand-in when its set has none."""
    return partnership.framework.document(key) or DocumentTemplate(key, DEFAULT_TITLES[key])


def referral_form_pdf(referral: Referral) -> Rendered:
    """The referral as the procedure's referral form (West Midlands Document 1, Lewisham Appendix 1)."""
    partnership = referral.partnership
    framework = partnership.framework
    context = {
        "referral": referral,
        **_child_and_family(referral),
        "involved_agencies": list(referral.involved_agencies.select_related("agency")),
        "key_events": list(referral.key_events.all()),
        "submit_to": _unique(
            [framework.recipient("referrals") or partnership.mailbox, framework.recipient("referrals_copy")]
        ),
    }
    reference = referral.case.reference if referral.case_id else ""
    return _render(partnership, "referral_form", context, reference=reference)


def scoping_request_pdf(request: ScopingRequest) -> Rendered:
    """One agency's scoping form: the facts sent out, and the agency's return once it has answered."""
    rapid_review = request.rapid_review
    partnership = rapid_review.partnership
    context = {
        "request": request,
        "agency": request.agency,
        "rapid_review": rapid_review,
        **_child_and_family(referral_for(rapid_review.case)),
        **return_due(request),
        "returned": request.state == ScopingRequest.State.SUBMITTED,
        "portal_url": portal_url(request),
    }
    return _render(
        partnership,
        "scoping_request",
        context,
        reference=rapid_review.case.reference,
        suffix=request.agency.name,
    )


def scoping_letter_pdf(request: ScopingRequest) -> Rendered:
    """The letter that goes with the scoping form to the agency's safeguarding lead (Document 3)."""
    rapid_review = request.rapid_review
    partnership = rapid_review.partnership
    form = document_for(partnership, "scoping_request")
    context = {
        "request": request,
        "agency": request.agency,
        "letter_date": timezone.localtime(request.sent_at).date()
        if request.sent_at
        else timezone.localdate(),
        **return_due(request),
        "enclosure": f"{form.number}: {form.title}" if form.number else form.title,
        "portal_url": portal_url(request),
    }
    return _render(
        partnership,
        "scoping_letter",
        context,
        reference=rapid_review.case.reference,
        suffix=request.agency.name,
    )


def composite_of_returns_pdf(rapid_review: RapidReview) -> Rendered:
    """Cambridgeshire & Peterborough: every agency's return in one document, for the case review subgroup."""
    requests = rapid_review.requests.select_related("agency").exclude(state=ScopingRequest.State.WITHDRAWN)
    context = {
        "rapid_review": rapid_review,
        "returned": [r for r in requests if r.state == ScopingRequest.State.SUBMITTED],
        "outstanding": [r for r in requests if r.state != ScopingRequest.State.SUBMITTED],
        **_child_and_family(referral_for(rapid_review.case)),
    }
    return _render(
        rapid_review.partnership, "composite_of_returns", context, reference=rapid_review.case.reference
    )


def rapid_review_pdf(rapid_review: RapidReview) -> Rendered:
    """The completed rapid review as the procedure's template (Document 4, Appendix 5, Combined Summary)."""
    partnership = rapid_review.partnership
    case = rapid_review.case
    referral = referral_for(case)
    ticked = set(rapid_review.criteria or [])
    outcomes = partnership.framework.outcomes
    context = {
        "rapid_review": rapid_review,
        **_child_and_family(referral),
        "quorum": describe_quorum(rapid_review),
        "attendees": list(rapid_review.attendees.all()),
        "available_documents": _available_documents(rapid_review, referral),
        # Working Together's criteria, as the meeting page records them (rapid_review.services).
        "criteria": [
            {"label": label, "ticked": code in ticked}
            for code, label in [*CRITERIA, (NONE_OF_THE_ABOVE, "None of the above")]
        ],
        "outcomes": [_outcome_row(o, rapid_review) for o in outcomes],
        # Document 4 defines "Review" and "Audit" under its list; only lists that offer audits need it.
        "defines_terms": any("audit" in o.label.lower() for o in outcomes),
        "positions": list(rapid_review.positions.all()),
        "submitted_on": timezone.localtime(rapid_review.submitted_at).date()
        if rapid_review.submitted_at
        else None,
    }
    return _render(partnership, "rapid_review", context, reference=case.reference)


def national_panel_letter_pdf(rapid_review: RapidReview) -> Rendered:
    """The covering letter to the Chair of the National Panel (Document 5), enclosing the rapid review."""
    partnership = rapid_review.partnership
    framework = partnership.framework
    case = rapid_review.case
    referral = referral_for(case)
    outcome = chosen_outcome(rapid_review)
    leads_to = outcome.leads_to if outcome else ""
    enclosure = document_for(partnership, "rapid_review")
    postal = framework.recipient("national_panel_postal")
    submitted_by = rapid_review.submitted_by
    context = {
        "rapid_review": rapid_review,
        "letter_date": timezone.localtime(rapid_review.submitted_at).date()
        if rapid_review.submitted_at
        else timezone.localdate(),
        "address_lines": [line.strip() for line in postal.split(",")] if postal else [],
        "panel_mailbox": framework.recipient("national_panel"),
        "aware_on": case.aware_of_incident,
        "panel_notified_on": referral.date_notified_to_national_panel if referral else None,
        "meeting_on": timezone.localtime(rapid_review.meeting_at).date() if rapid_review.meeting_at else None,
        "conclusion": PANEL_CONCLUSIONS.get(leads_to, NO_REVIEW_CONCLUSION),
        # Outside the Panel's two review options, say what the procedure's own decision was.
        "local_outcome": _outcome_text(outcome, rapid_review) if leads_to not in PANEL_CONCLUSIONS else "",
        "partners_present": _partners_present(rapid_review),
        "enclosure": f"{enclosure.number}: {enclosure.title}" if enclosure.number else enclosure.title,
        "signatory": (submitted_by.get_full_name() or submitted_by.get_username()) if submitted_by else "",
    }
    return _render(partnership, "national_panel_letter", context, reference=case.reference)


RENDERERS: dict[str, Callable[[Any], Rendered]] = {
    "referral_form": referral_form_pdf,
    "scoping_request": scoping_request_pdf,
    "scoping_letter": scoping_letter_pdf,
    "rapid_review": rapid_review_pdf,
    "national_panel_letter": national_panel_letter_pdf,
}


def render(kind: str, obj: Any) -> Rendered:
    """Render document `kind` for `obj` (a referral, scoping request or rapid review): (filename, PDF)."""
    try:
        renderer = RENDERERS[kind]
    except KeyError as exc:
        raise LookupError(f"No rapid review document {kind!r}") from exc
    return renderer(obj)


def chosen_outcome(rapid_review: RapidReview) -> Outcome | None:
    return next(
        (o for o in rapid_review.partnership.framework.outcomes if o.code == rapid_review.outcome), None
    )


def outcome_label(rapid_review: RapidReview) -> str:
    """The decision in the procedure's words, with the "please state" text where it has one."""
    return _outcome_text(chosen_outcome(rapid_review), rapid_review)


def portal_url(request: ScopingRequest) -> str:
    """The agency's page for this request, absolute, for emails and letters."""
    slug = request.partnership.slug
    return f"{settings.SITE_URL.rstrip('/')}/p/{slug}/rapid-review/requests/{request.public_id}/"


def _render(
    partnership: Partnership, key: str, context: dict[str, Any], *, reference: str, suffix: str = ""
) -> Rendered:
    document = document_for(partnership, key)
    pdf = render_pdf(
        template=document_template_for(partnership.framework, key),
        context=context,
        partnership=partnership,
        title=document.title,
        document_number=document.number,
        reference=reference,
    )
    parts = [reference or "draft", key.replace("_", "-"), slugify(suffix)[:40]]
    return "-".join(p for p in parts if p) + ".pdf", pdf


def referral_for(case: Case) -> Referral | None:
    try:
        return case.referral
    except ObjectDoesNotExist:
        return None


def _child_and_family(referral: Referral | None) -> dict[str, Any]:
    if referral is None:
        return {"referral": None, "child": None, "child_age": None, "family": []}
    try:
        child: Child | None = referral.child
    except ObjectDoesNotExist:
        child = None
    return {
        "referral": referral,
        "child": child,
        "child_age": _age(child, referral) if child else None,
        "family": list(referral.family_members.all()),
    }


def _age(child: Child, referral: Referral) -> int:
    """Age at death, else at the incident, else today (Document 1 asks for "Date of Birth & Age")."""
    on = child.date_of_death or referral.date_of_incident or timezone.localdate()
    born = child.date_of_birth
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def return_due(request: ScopingRequest) -> dict[str, str]:
    """The return period in the procedure's words and, once the clock runs, the date and time it is due."""
    timescale = request.partnership.framework.timescale("scoping_return")
    period = f"{timescale.amount} {timescale.unit.label}" if timescale.is_set else ""
    deadline = Deadline.objects.filter(
        case=request.rapid_review.case, key="scoping_return", subject_id=request.public_id, cancelled_at=None
    ).first()
    due = ""
    if deadline is not None and deadline.due_at is not None:
        instruction = deadline.instruction()
        by = f"{explain_time(instruction.time_of_day)} on " if instruction.time_of_day else ""
        due = f"{by}{explain_date(timezone.localtime(deadline.due_at).date())}"
    return {"return_period": period, "return_due": due}


def _available_documents(rapid_review: RapidReview, referral: Referral | None) -> list[str]:
    """Document 4 "Documentation available to this Rapid Review": the referral and each agency's return."""
    partnership = rapid_review.partnership
    listed = []
    if referral is not None:
        source = (
            referral.referring_agency.name if referral.referring_agency_id else referral.get_source_display()
        )
        listed.append(f"{document_for(partnership, 'referral_form').title} ({source})")
    form = document_for(partnership, "scoping_request").title
    for request in rapid_review.requests.select_related("agency").exclude(
        state=ScopingRequest.State.WITHDRAWN
    ):
        if request.no_involvement:
            listed.append(f"{request.agency.name}: confirmed the child and family are not known to them")
        elif request.state == ScopingRequest.State.SUBMITTED:
            returned = (
                f", returned {explain_date(timezone.localtime(request.submitted_at).date())}"
                if request.submitted_at
                else ""
            )
            listed.append(f"{form}: {request.agency.name}{returned}")
        else:
            listed.append(f"{form}: {request.agency.name} (not returned)")
    return listed


def _outcome_row(outcome: Outcome, rapid_review: RapidReview) -> dict[str, Any]:
    chosen = outcome.code == rapid_review.outcome
    return {
        # Single-letter codes are the form's own lettering, a) to j).
        "letter": f"{outcome.code})" if len(outcome.code) == 1 else "",
        "label": outcome.label,
        "chosen": chosen,
        "needs_text": outcome.needs_text,
        "text": rapid_review.outcome_text if chosen else "",
    }


def _outcome_text(outcome: Outcome | None, rapid_review: RapidReview) -> str:
    if outcome is None:
        return rapid_review.outcome
    if outcome.needs_text and rapid_review.outcome_text:
        return f"{outcome.label}: {rapid_review.outcome_text}"
    return outcome.label


def _partners_present(rapid_review: RapidReview) -> str:
    """ "a representative of each of the safeguarding partners", or which partners were there."""
    present = set(rapid_review.attendees.values_list("represents", flat=True))
    labels = [label for partner, label in PARTNER_LABELS.items() if partner in present]
    if len(labels) == len(PARTNER_LABELS):
        return "a representative of each of the safeguarding partners"
    if not labels:
        return "no representative of the safeguarding partners"
    listed = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
    return f"representatives of {listed}"


def _unique(addresses: list[str]) -> list[str]:
    return list(dict.fromkeys(a for a in addresses if a))
