"""Publication forms (GOV.UK pattern, crispy-forms-gds): each page asks one thing, messages say how to fix it."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Layout, Submit
from django import forms

from cspr.forms import GDSForm, gov_date_field
from publication.models import PseudonymEntry


class ConfirmForm(GDSForm):
    """A confirmation page's single button."""

    def __init__(self, *args: Any, submit_label: str, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class PlanDateForm(GDSForm):
    submit_label = "Save the publication date"

    planned_on = gov_date_field("Publication date")


class CommunicationsForm(GDSForm):
    """The media and communications plan."""

    submit_label = "Save the plan"

    media_contact = forms.CharField(
        label="Media contact", max_length=300, required=False, help_text="Name, role and how to reach them"
    )
    press_statement = forms.CharField(label="Press statement", widget=forms.Textarea, required=False)
    press_notice_on = gov_date_field("Press notice date", required=False)
    practitioner_briefing = forms.CharField(
        label="Practitioner briefing",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Who briefs the practitioners involved about the findings, and when",
    )
    family_informed_on = gov_date_field(
        "Date the family was told of the publication arrangements", required=False
    )
    family_informed_by = forms.CharField(label="Who told the family", max_length=200, required=False)
    elected_members_informed_on = gov_date_field("Date elected members were informed", required=False)
    prosecution_complete = forms.BooleanField(
        label="Any prosecution is complete, or there is none", required=False
    )
    prosecution_note = forms.CharField(
        label="What you checked about prosecutions",
        max_length=300,
        required=False,
        help_text="For example: confirmed with the officer in the case on 3 March",
    )

    def __init__(self, *args: Any, elected_members: bool, prosecution: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not elected_members:
            del self.fields["elected_members_informed_on"]
        if not prosecution:
            del self.fields["prosecution_complete"]
            del self.fields["prosecution_note"]
        self.helper.layout = Layout(*self.layout_fields(), Submit("submit", self.submit_label))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("family_informed_on") and not (data.get("family_informed_by") or "").strip():
            self.add_error("family_informed_by", "Enter who told the family")
        if (data.get("family_informed_by") or "").strip() and not data.get("family_informed_on"):
            self.add_error("family_informed_on", "Enter the date the family was told")
        return data


class PublicDetailsForm(GDSForm):
    submit_label = "Save"

    title = forms.CharField(label="Title on the public page", max_length=200)
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea, help_text="A short summary of the review for the public page"
    )
    reviewer_names = forms.CharField(
        label="Lead reviewer name(s)",
        max_length=300,
        required=False,
        help_text="Leave blank only if the report is published anonymously",
    )
    learning_briefing = forms.CharField(
        label="Learning briefing",
        widget=forms.Textarea,
        required=False,
        help_text="The key messages for practitioners, published with the report",
    )


class PseudonymForm(GDSForm):
    submit_label = "Add to the register"

    kind = forms.ChoiceField(
        label="What is it?", choices=PseudonymEntry.Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select what the name is"},
    )  # fmt: skip
    real_name = forms.CharField(
        label="Real name", max_length=200, error_messages={"required": "Enter the real name"}
    )
    alias = forms.CharField(
        label="Alias used in the report",
        max_length=100,
        help_text='For example "Child A", "Mother", "School 1"',
        error_messages={"required": "Enter the alias the report uses"},
    )


class ReasonForm(GDSForm):
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea, error_messages={"required": "Enter the reason"}
    )

    def __init__(self, *args: Any, submit_label: str, label: str = "Reason", **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class NotPublishingForm(GDSForm):
    submit_label = "Record the decision not to publish"

    reasons = forms.CharField(
        label="Why the partners decided not to publish",
        widget=forms.Textarea,
        error_messages={"required": "Enter why the report will not be published"},
    )
    improvements_information = forms.CharField(
        label="Information about the improvements, to be published",
        widget=forms.Textarea,
        help_text="What has changed as a result of the review: this is still published",
        error_messages={"required": "Describe the improvements that will still be published"},
    )
