"""The referral form's pages (West Midlands Document 1), one GOV.UK form per task list section."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils import timezone

from cspr.forms import GDSForm, gov_date_field
from cspr.models import Agency
from referrals.models import ChildProtectionPlan, Referral, YesNo

NOT_IN_FUTURE = "{label} must be today or in the past"
AWARE_AFTER_RECEIVED = "The date the partnership became aware must be the same as or before the date received"


def _not_future(form: forms.Form, name: str) -> None:
    value = form.cleaned_data.get(name)
    if isinstance(value, date) and value > timezone.localdate():
        form.add_error(name, NOT_IN_FUTURE.format(label=form.fields[name].label))


def _radios(choices: Any, label: str, *, error: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": error}
    )


def _text(
    label: str, *, required: bool = True, max_length: int = 200, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}"},
    )


def _textarea(label: str, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea,
        help_text=help_text,
        error_messages={"required": f"Enter {label[0].lower()}{label[1:].rstrip('?')}"},
    )


class SectionForm(GDSForm):
    """A task list page: "Save and continue" saves the draft."""

    submit_label = "Save and continue"

    def relayout(self) -> None:
        """Rebuild the layout after fields were removed for this user."""
        self.helper.layout = Layout(*self.layout_fields(), Submit("submit", self.submit_label))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, forms.MultiValueField):
                _not_future(self, name)
        return cleaned


class AboutForm(SectionForm):
    source = _radios(
        Referral.Source.choices,
        "How did the referral come in?",
        error="Select whether this is a local authority notification or a referral from an agency",
    )
    referring_agency = forms.ModelChoiceField(
        label="Referring agency",
        queryset=Agency.unscoped.none(),
        required=False,
        help_text="For a referral from an agency",
    )
    national_notification_reference = _text(
        "National Panel notification reference", required=False, max_length=60
    )
    date_notified_to_national_panel = gov_date_field("Date notified to the National Panel", required=False)
    aware_of_incident = gov_date_field(
        "Date the partnership became aware", help_text="This starts the 15-working-day rapid review clock"
    )
    referral_received = gov_date_field("Date the referral was received")
    date_of_incident = gov_date_field("Date of death or serious incident")
    incident_kind = _radios(
        Referral.IncidentKind.choices,
        "What happened to the child?",
        error="Select whether the child died or was seriously harmed",
    )

    def __init__(self, *args: Any, agencies: Any, keyed_by_business_office: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referring_agency"].queryset = agencies
        if not keyed_by_business_office:
            # An agency contact refers for their own agency; the office records receipt and awareness.
            for name in (
                "source",
                "referring_agency",
                "national_notification_reference",
                "date_notified_to_national_panel",
                "aware_of_incident",
                "referral_received",
            ):
                del self.fields[name]
            self.relayout()

    def layout_fields(self) -> list[Any]:
        kinds = {"source": Field.radios, "incident_kind": Field.radios, "referring_agency": Field.select}
        return [kinds.get(name, Field)(name) for name in self.fields]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        agency_missing = "referring_agency" in self.fields and not cleaned.get("referring_agency")
        if cleaned.get("source") == Referral.Source.AGENCY_REFERRAL and agency_missing:
            self.add_error("referring_agency", "Select the agency that made the referral")
        aware, received = cleaned.get("aware_of_incident"), cleaned.get("referral_received")
        if aware and received and aware > received:
            self.add_error("aware_of_incident", AWARE_AFTER_RECEIVED)
        return cleaned


class ReferrerForm(SectionForm):
    referrer_name = _text("Name", help_text="The person making the referral")
    referrer_agency_and_title = _text("Agency and job title")
    referrer_email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the referrer's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        help_text="We will tell the referrer the outcome at this address",
    )
    referrer_phone = _text("Telephone number", required=False, max_length=40)
    referrer_address = _textarea("Address")
    lead_name = _text("Name of the safeguarding lead")
    lead_agency_and_title = _text("Safeguarding lead's agency and job title", required=False)
    lead_email = forms.EmailField(
        label="Safeguarding lead's email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    lead_phone = _text("Safeguarding lead's telephone number", required=False, max_length=40)

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                *[
                    Field.text(n)
                    for n in self.fields
                    if n.startswith("referrer_") and n != "referrer_address"
                ],
                Field.textarea("referrer_address", rows=3),
                legend="Referrer",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *[Field.text(n) for n in self.fields if n.startswith("lead_")],
                legend="Designated safeguarding lead or officer you discussed the case with",
                legend_size=Size.MEDIUM,
            ),
        ]


# (answer, detail, who): Doc 1 §1.1's "If so, who …?" questions and the detail a Yes needs.
FOLLOW_UPS = (
    ("open_to_social_care", "lead_practitioner", "the lead practitioner"),
    ("criminal_investigation", "lead_investigator", "the lead investigator"),
    ("coroners_inquiry", "coroner_contact", "the coroner's key contact"),
    ("adult_safeguarding_concerns", "adult_safeguarding_contact", "the adult safeguarding key contact"),
)


class ChildForm(SectionForm):
    name = _text("Full name")
    also_known_as = _text("Also known as", required=False)
    nhs_number = forms.RegexField(
        label="NHS number",
        regex=r"^\s*\d{3}\s*\d{3}\s*\d{4}\s*$",
        required=False,
        help_text="For example, 485 777 3456",
        error_messages={"invalid": "Enter the NHS number as 10 digits, like 485 777 3456"},
    )
    date_of_birth = gov_date_field("Date of birth")
    date_of_death = gov_date_field(
        "Date of death", required=False, help_text="Leave blank if the child is alive"
    )
    gender = _text("Gender", max_length=60)
    ethnic_origin = _text("Ethnic origin", required=False, max_length=100)
    religion = _text("Faith or religion", required=False, max_length=100)
    disability = _text("Disability", required=False, max_length=300)
    home_address = _textarea("Home address")
    looked_after = _radios(
        YesNo.choices, "Is the child looked after?", error="Select whether the child is looked after"
    )
    child_protection_plan = _radios(
        ChildProtectionPlan.choices,
        "Is the child subject to a child protection plan, or were they before?",
        error="Select whether the child is or was subject to a child protection plan",
    )
    child_protection_plan_details = _textarea(
        "Child protection plan details", help_text="When, for what and for how long"
    )
    open_to_social_care = _radios(
        YesNo.choices,
        "Is the child open to children's social care or a children and families practice?",
        error="Select whether the child is open to children's social care",
    )
    lead_practitioner = _text("If yes, who is the lead practitioner?", required=False)
    carer_at_incident = _text("Carer at the time of the incident", required=False)
    incident_address = _textarea("Address where the incident happened")
    criminal_investigation = _radios(
        YesNo.choices,
        "Is the case the subject of a criminal investigation?",
        error="Select whether there is a criminal investigation",
    )
    lead_investigator = _text("If yes, who is the lead investigator?", required=False)
    coroners_inquiry = _radios(
        YesNo.choices,
        "Is the case the subject of a coroner's inquiry?",
        error="Select whether there is a coroner's inquiry",
    )
    coroner_contact = _text("If yes, who is the key contact?", required=False)
    adult_safeguarding_concerns = _radios(
        YesNo.choices,
        "Are there adult safeguarding concerns, shared through an adult referral?",
        error="Select whether there are adult safeguarding concerns",
    )
    adult_safeguarding_contact = _text("If yes, who is the key contact?", required=False)

    def layout_fields(self) -> list[Any]:
        radios = {"looked_after", "child_protection_plan", *(f[0] for f in FOLLOW_UPS)}
        areas = {"home_address", "incident_address", "child_protection_plan_details"}
        out = []
        for name in self.fields:
            if name in radios:
                out.append(Field.radios(name, legend_size=Size.SMALL, inline=name != "child_protection_plan"))
            elif name in areas:
                out.append(Field.textarea(name, rows=3))
            else:
                out.append(Field(name))
        return out

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for answer, detail, who in FOLLOW_UPS:
            if cleaned.get(answer) == YesNo.YES and not cleaned.get(detail):
                self.add_error(detail, f"Enter {who}, or answer No")
        plan = cleaned.get("child_protection_plan")
        if plan in (ChildProtectionPlan.CURRENT, ChildProtectionPlan.PREVIOUS) and not cleaned.get(
            "child_protection_plan_details"
        ):
            self.add_error("child_protection_plan_details", "Enter when, for what and for how long")
        born, died = cleaned.get("date_of_birth"), cleaned.get("date_of_death")
        if born and died and died < born:
            self.add_error("date_of_death", "Date of death must be the same as or after the date of birth")
        return cleaned


class FamilyForm(SectionForm):
    siblings_safeguarding = _textarea("What action has been taken to safeguard and protect any siblings?")


class AgenciesForm(SectionForm):
    """The page lists the rows; saving it records that the list is complete."""


class BackgroundForm(SectionForm):
    circumstances = _textarea(
        "Outline the circumstances and the incident",
        required=True,
        help_text="A brief outline; it does not need to be a detailed chronology",
    )
    reason_for_referral = _textarea("Why are you making this referral?", required=True)
    additional_information = _textarea("Additional information")


class FamilyMemberForm(SectionForm):
    submit_label = "Save family member"

    name = _text("Name")
    relationship = _text(
        "Relationship to the child", max_length=100, help_text="For example, mother or sibling"
    )
    date_of_birth = gov_date_field("Date of birth", required=False)
    address = _textarea("Address")
    legal_status = _text("Legal status", required=False)
    ethnic_origin = _text("Ethnic origin", required=False, max_length=100)


class InvolvedAgencyForm(SectionForm):
    submit_label = "Save agency"

    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.unscoped.none(), required=False, empty_label="Not listed"
    )
    agency_name = _text("If not listed, agency name", required=False)
    contact_details = _textarea("Contact details", help_text="Address, telephone number and email address")
    reason_for_involvement = _textarea("Reason for involvement", required=True)
    is_current = forms.BooleanField(label="The agency is currently involved", required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def layout_fields(self) -> list[Any]:
        return [
            Field.select("agency"),
            Field.text("agency_name"),
            Field.textarea("contact_details", rows=3),
            Field.textarea("reason_for_involvement", rows=3),
            Field.checkbox("is_current"),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("agency") and not cleaned.get("agency_name"):
            self.add_error("agency", "Select the agency, or enter its name if it is not listed")
        return cleaned


class KeyEventForm(SectionForm):
    submit_label = "Save key event"

    date = gov_date_field("Date")
    time = forms.TimeField(
        label="Time",
        required=False,
        help_text="Optional. Use the 24-hour clock, for example 14:30",
        error_messages={"invalid": "Enter the time like 14:30"},
    )
    event = _textarea("Event", required=True)


class SubmitForm(GDSForm):
    submit_label = "Submit referral"

    # Not required here: the workflow refuses an unticked box, so its message shows in the error summary.
    discussed_with_safeguarding_lead = forms.BooleanField(
        label="I have discussed this referral with a nominated manager or safeguarding lead",
        required=False,
    )

    def layout_fields(self) -> list[Any]:
        return [Field.checkbox("discussed_with_safeguarding_lead")]


class DeclineForm(GDSForm):
    submit_label = "Do not accept the referral"

    reason = _textarea("Why is the referral not accepted?", help_text="The referrer is sent this reason")


class WithdrawForm(GDSForm):
    submit_label = "Withdraw referral"

    reason = _textarea("Why is the referral being withdrawn?")


class ConfirmForm(GDSForm):
    """A confirmation page's single button."""

    def __init__(self, *args: Any, submit_label: str, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
