"""Template helpers for referral pages."""

from __future__ import annotations

from django import template

from referrals.models import Referral

register = template.Library()

TAG_COLOURS = {
    Referral.State.DRAFT: "govuk-tag--grey",
    Referral.State.SUBMITTED: "govuk-tag--blue",
    Referral.State.ACCEPTED_FOR_RAPID_REVIEW: "govuk-tag--green",
    Referral.State.TO_CASE_REVIEW_GROUP: "govuk-tag--purple",
    Referral.State.NOT_ACCEPTED: "govuk-tag--red",
    Referral.State.WITHDRAWN: "govuk-tag--grey",
}


@register.inclusion_tag("referrals/_partials/state_tag.html")
def state_tag(referral: Referral) -> dict:
    """The referral's state as a GOV.UK tag."""
    return {"label": referral.get_state_display(), "colour": TAG_COLOURS[referral.state]}
