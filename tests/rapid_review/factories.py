"""Scoping requests for the agency portal and reminder tests, walked through the real workflow: one trait
per state (`ScopingRequestFactory(sent=True)`, `(in_progress=True)`, `(submitted=True)`, `(reopened=True)`,
`(no_involvement=True)`), so each request has its return clock and its agency's grants as in production.

Grants go to the agency's contacts at the moment the request is sent: create the contact first.
"""

from __future__ import annotations

from datetime import date

import factory
from django.core.files.base import ContentFile

from cspr.roles import Role
from cspr.tenancy import scopes_disabled
from rapid_review import workflow
from rapid_review.models import ScopingAttachment, ScopingRequest
from tests.factories import AgencyFactory, MembershipFactory, PartnershipFactory, UserFactory
from tests.referrals.factories import FamilyMemberFactory, ReferralFactory

State = ScopingRequest.State
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SUMMARY = "Seen by the health visitor twice in 2025; no concerns recorded."


def _office(partnership):
    """A business office member who cannot sign in (no password hashing: these factories run often)."""
    user = UserFactory(password=None)
    MembershipFactory(user=user, partnership=partnership, role=Role.BUSINESS_OFFICE)
    return user


class ScopingRequestFactory(factory.Factory):
    """A scoping request sent to `agency` for a new rapid review of an accepted referral's case."""

    class Meta:
        model = ScopingRequest

    class Params:
        sent = factory.Trait(state=State.SENT)
        in_progress = factory.Trait(state=State.IN_PROGRESS)
        submitted = factory.Trait(state=State.SUBMITTED)
        reopened = factory.Trait(state=State.REOPENED)
        no_involvement = factory.Trait(state=State.SUBMITTED, not_known=True)

    partnership = factory.SubFactory(PartnershipFactory)
    agency = factory.SubFactory(AgencyFactory, partnership=factory.SelfAttribute("..partnership"))
    state = State.SENT
    not_known = False
    involvement_summary = SUMMARY

    @classmethod
    def _create(cls, model_class, *, partnership, agency, state, not_known, involvement_summary, **kwargs):
        with scopes_disabled():
            office = _office(partnership)
            referral = ReferralFactory(
                partnership=partnership,
                created_by=office,
                accepted=True,
                aware_of_incident=date(2026, 12, 17),
                referral_received=date(2026, 12, 18),
            )
            FamilyMemberFactory(referral=referral, name="Alex Example", relationship="Mother")
            rapid_review = workflow.open_rapid_review(case=referral.case, by=office, referral_accepted=True)
            (request,) = workflow.send_scoping_requests(
                rapid_review=rapid_review,
                agencies=[agency],
                case_summary="Jamie, aged 6, was admitted to hospital with a head injury.",
                period_under_review="The 12 months before the incident",
                by=office,
            )
            if state in {State.IN_PROGRESS, State.SUBMITTED, State.REOPENED} and not not_known:
                request = workflow.save_return_draft(
                    request=request,
                    by=office,
                    fields={"involvement_summary": involvement_summary},
                    version=request.version,
                )
            if not_known:
                request = workflow.declare_no_involvement(request=request, by=office)
            elif state in {State.SUBMITTED, State.REOPENED}:
                request = workflow.submit_return(request=request, by=office)
            if state == State.REOPENED:
                request = workflow.reopen_return(
                    request=request, by=office, reason="Please add the GP's records"
                )
            request.refresh_from_db()
        return request


class ScopingAttachmentFactory(factory.Factory):
    """A PDF attached to a request's return (stored in the test's MEDIA_ROOT unless `store=False`)."""

    class Meta:
        model = ScopingAttachment

    request = factory.SubFactory(ScopingRequestFactory, in_progress=True)
    original_name = "chronology.pdf"
    content = PDF_BYTES
    store = True

    @classmethod
    def _create(cls, model_class, *, request, original_name, content, store, **kwargs):
        with scopes_disabled():
            attachment = ScopingAttachment(
                partnership=request.partnership,
                request=request,
                original_name=original_name,
                content_type="application/pdf",
                size=len(content),
                uploaded_by=_office(request.partnership),
            )
            if store:
                attachment.file.save(original_name, ContentFile(content), save=False)
            else:
                attachment.file.name = "private/scoping/not-stored"
            attachment.save()
        return attachment
