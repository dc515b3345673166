"""Referral factories: a complete draft by default, one trait per state."""

from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone

from referrals.models import Child, FamilyMember, InvolvedAgency, KeyEvent, Referral
from referrals.sections import SECTIONS
from tests.factories import CaseFactory, PartnershipFactory, ScopeFreeFactory, UserFactory

State = Referral.State


class ReferralFactory(ScopeFreeFactory):
    """A business office draft with every section complete; `blank=True` for a fresh one."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    class Params:
        blank = factory.Trait(
            saved_sections=[],
            source="",
            date_of_incident=None,
            incident_kind="",
            aware_of_incident=None,
            referral_received=None,
            referrer_name="",
            referrer_agency_and_title="",
            referrer_email="",
            lead_name="",
            circumstances="",
            reason_for_referral="",
            discussed_with_safeguarding_lead=False,
            child=None,
        )
        from_agency = factory.Trait(
            keyed_by_business_office=False,
            source=Referral.Source.AGENCY_REFERRAL,
            referring_agency=factory.SubFactory(
                "tests.factories.AgencyFactory", partnership=factory.SelfAttribute("..partnership")
            ),
            aware_of_incident=None,
            referral_received=None,
        )
        submitted = factory.Trait(
            state=State.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            case=factory.SubFactory(
                CaseFactory,
                partnership=factory.SelfAttribute("..partnership"),
                aware_of_incident=factory.SelfAttribute("..aware_of_incident"),
                referral_received=factory.SelfAttribute("..referral_received"),
            ),
        )
        accepted = factory.Trait(submitted=True, state=State.ACCEPTED_FOR_RAPID_REVIEW)
        to_case_review_group = factory.Trait(submitted=True, state=State.TO_CASE_REVIEW_GROUP)
        not_accepted = factory.Trait(
            submitted=True, state=State.NOT_ACCEPTED, decision_reason="Does not meet the criteria"
        )
        withdrawn = factory.Trait(state=State.WITHDRAWN, decision_reason="Sent in error")

    partnership = factory.SubFactory(PartnershipFactory)
    created_by = factory.SubFactory(UserFactory)
    keyed_by_business_office = True
    saved_sections = factory.LazyFunction(lambda: [s.key for s in SECTIONS])
    source = Referral.Source.LA_NOTIFICATION
    national_notification_reference = "NP-2026-0042"
    date_notified_to_national_panel = date(2026, 3, 3)
    aware_of_incident = date(2026, 3, 2)
    referral_received = date(2026, 3, 3)
    date_of_incident = date(2026, 3, 1)
    incident_kind = Referral.IncidentKind.SERIOUS_HARM
    referrer_name = "Pat Referrer"
    referrer_agency_and_title = "Children's social care, team manager"
    referrer_email = "pat.referrer@example.org"
    lead_name = "Lee Lead"
    lead_agency_and_title = "Children's social care, designated safeguarding lead"
    circumstances = "Admitted to hospital with unexplained injuries."
    reason_for_referral = "Abuse is suspected and the child was seriously harmed."
    discussed_with_safeguarding_lead = True
    child = factory.RelatedFactory("tests.referrals.factories.ChildFactory", factory_related_name="referral")


class ChildFactory(ScopeFreeFactory):
    class Meta:
        model = Child

    referral = factory.SubFactory(ReferralFactory, child=None)
    name = "Jamie Example"
    date_of_birth = date(2020, 5, 17)
    gender = "Boy"
    home_address = "1 Example Street"
    looked_after = "no"
    child_protection_plan = "never"
    open_to_social_care = "no"
    criminal_investigation = "no"
    coroners_inquiry = "no"
    adult_safeguarding_concerns = "no"


class FamilyMemberFactory(ScopeFreeFactory):
    class Meta:
        model = FamilyMember

    referral = factory.SubFactory(ReferralFactory)
    name = "Alex Example"
    relationship = "Mother"


class InvolvedAgencyFactory(ScopeFreeFactory):
    class Meta:
        model = InvolvedAgency

    referral = factory.SubFactory(ReferralFactory)
    agency_name = "Example Primary School"
    reason_for_involvement = "The child's school"
    is_current = True


class KeyEventFactory(ScopeFreeFactory):
    class Meta:
        model = KeyEvent

    referral = factory.SubFactory(ReferralFactory)
    date = date(2026, 2, 1)
    event = "Seen by the GP with bruising"
