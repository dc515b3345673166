"""Forms of the agency information pages, GOV.UK style (crispy-forms-gds)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from chronologies import imports, report
from chronologies.models import AgencyRequest, ChronologyEntry
from cspr.forms import GDSForm, gov_date_field
from cspr.models import Agency


def _text(
    label: str, *, required: bool = False, help_text: str = "", max_length: int | None = None, error: str = ""
) -> forms.CharField:
    field = forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length)
    if error:
        field.error_messages["required"] = error
    return field


def _textarea(label: str, *, required: bool = False, help_text: str = "", error: str = "") -> forms.CharField:
    field = _text(label, required=required, help_text=help_text, error=error)
    field.widget = forms.Textarea(attrs={"rows": 4})
    return field


class RequestsForm(GDSForm):
    """Which agencies are asked for what (Documents 10 and 13)."""

    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies should receive a request?",
        queryset=Agency.unscoped.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The agencies in scope of the review are already selected. Select all that apply.",
        error_messages={"required": "Select at least one agency"},
    )
    kinds = forms.MultipleChoiceField(
        label="What should they send?",
        choices=AgencyRequest.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select a chronology, an information report or both"},
    )
    period_under_review = _text(
        "Period under review", max_length=200, help_text="From the terms of reference"
    )
    instructions = _textarea(
        "Agency specific issues",
        help_text="What the review wants each agency to look at, beyond the key lines of enquiry",
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.helper.layout = Layout(
            Field.checkboxes("agencies", legend_size=Size.MEDIUM),
            Field.checkboxes("kinds", legend_size=Size.MEDIUM),
            Field.text("period_under_review"),
            Field.textarea("instructions", rows=4),
            Submit("send", "Send requests"),
            Submit("draft", "Save as drafts", css_class="govuk-button--secondary"),
        )


class EntryForm(GDSForm):
    """One chronology row, in the documented column layout."""

    submit_label = "Save entry"

    occurred_on = gov_date_field("Date of the event")
    occurred_time = _text("Time (optional)", help_text="24-hour clock, for example 14:30", max_length=8)
    agency_or_service = _text(
        "Agency or service (optional)", max_length=200, help_text="For example, Health visiting"
    )
    source = _text(
        "Source (optional)",
        max_length=300,
        help_text="Where the information comes from, for example GP record",
    )
    event = _textarea("Event", required=True, help_text="What happened", error="Describe the event")
    practitioner_role = _text(
        "Practitioner role (optional)", max_length=200, help_text="The role, not the name"
    )
    action_or_outcome = _textarea("Action or outcome (optional)")
    comment = _textarea("Comment (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False  # the page's <form> also holds "Save and add another"

    def layout_fields(self) -> list[Any]:
        return [
            Field("occurred_on"),
            Field.text("occurred_time", field_width=5),
            Field.text("agency_or_service"),
            Field.text("source"),
            Field.textarea("event", rows=4),
            Field.text("practitioner_role", field_width=20),
            Field.textarea("action_or_outcome", rows=3),
            Field.textarea("comment", rows=3),
        ]

    def clean_occurred_on(self) -> Any:
        from django.utils import timezone

        value = self.cleaned_data["occurred_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(imports.FUTURE_DATE)
        return value

    def clean_occurred_time(self) -> Any:
        try:
            return imports.parse_time(self.cleaned_data.get("occurred_time"))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    @classmethod
    def initial_for(cls, entry: ChronologyEntry) -> dict[str, Any]:
        initial = {name: getattr(entry, name) for name in cls.base_fields}
        initial["occurred_time"] = entry.occurred_time.strftime("%H:%M") if entry.occurred_time else ""
        return initial


class ImportForm(GDSForm):
    submit_label = "Upload and add the entries"

    file = forms.FileField(
        label="Upload a chronology file",
        help_text="A CSV or Excel (XLSX) file in the chronology template's columns. Its entries are added to your draft.",
        error_messages={"required": "Select a CSV or XLSX file"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False  # the page's <form> is multipart

    def layout_fields(self) -> list[Any]:
        return [Field("file")]


class ReportForm(GDSForm):
    """The information report (Document 12). Drafts may be incomplete; submission checks every answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout = []
        for section in report.SECTIONS:
            fields = []
            for q in section.questions:
                if q.kind == report.CONFIRM:
                    self.fields[q.key] = forms.BooleanField(label=q.label, required=False)
                    fields.append(Field.checkbox(q.key))
                elif q.kind == report.YES_NO:
                    self.fields[q.key] = forms.ChoiceField(
                        label=q.label,
                        choices=[("yes", "Yes"), ("no", "No")],
                        required=False,
                        help_text=q.help_text,
                        widget=forms.RadioSelect,
                    )
                    fields.append(Field.radios(q.key, inline=True, legend_size=Size.SMALL))
                elif q.kind == report.TEXT:
                    self.fields[q.key] = _text(q.label, help_text=q.help_text, max_length=300)
                    fields.append(Field.text(q.key))
                else:
                    self.fields[q.key] = _textarea(q.label, help_text=q.help_text)
                    fields.append(Field.textarea(q.key, rows=6))
            layout.append(Fieldset(*fields, legend=section.title, legend_size=Size.MEDIUM))
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            *layout,
            Submit("save", "Save draft"),
            Submit("next", "Save and continue to submission", css_class="govuk-button--secondary"),
        )

    def answers(self) -> dict[str, Any]:
        return {key: self.cleaned_data.get(key) for key in report.QUESTIONS}


class SubmitForm(GDSForm):
    """The senior officer's quality-assurance sign-off (West Midlands Documents 11 and 12)."""

    submit_label = "Submit"

    signed_off_by_name = _text(
        "Senior officer's name", required=True, max_length=200, error="Enter the senior officer's name"
    )
    signed_off_by_role = _text(
        "Senior officer's role",
        required=True,
        max_length=200,
        error="Enter the senior officer's role",
        help_text="For example, Head of Safeguarding",
    )
    signed_off_on = gov_date_field("Date signed off")
    confirm = forms.BooleanField(
        label=(
            "The senior officer has quality assured this submission and signed it off. Neither they nor the person "
            "who completed it had any direct involvement in the case."
        ),
        error_messages={
            "required": "Confirm the senior officer has quality assured and signed off the submission"
        },
    )

    def layout_fields(self) -> list[Any]:
        return [
            Fieldset(
                Field.text("signed_off_by_name"),
                Field.text("signed_off_by_role"),
                Field("signed_off_on"),
                Field.checkbox("confirm"),
                legend="Senior officer's sign-off",
                legend_size=Size.MEDIUM,
            )
        ]


class QualityAssuranceForm(GDSForm):
    """The review team's quality assurance of a submission."""

    submit_label = "Record the decision"

    decision = forms.ChoiceField(
        label="Is the submission good enough for the review?",
        choices=[("accept", "Accept it"), ("send_back", "Send it back to the agency for changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to accept the submission or send it back"},
    )
    comments = _textarea(
        "Comments for the agency",
        help_text="Required when you send it back: say what needs to change. The agency sees this.",
    )

    def layout_fields(self) -> list[Any]:
        return [Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("comments", rows=5)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "send_back" and not (data.get("comments") or "").strip():
            self.add_error("comments", "Say what the agency needs to change")
        return data


class WithdrawForm(GDSForm):
    submit_label = "Withdraw the request"

    reason = _textarea(
        "Why is the request withdrawn?", required=True, error="Say why the request is withdrawn"
    )

    def layout_fields(self) -> list[Any]:
        return [Field.textarea("reason", rows=4)]


class ConfirmForm(GDSForm):
    def __init__(self, *args: Any, submit_label: str = "Confirm", **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class TimelineFilterForm(forms.Form):
    """The integrated chronology's filters (a GET form: bookmarkable, no JavaScript)."""

    agency = forms.ModelChoiceField(
        queryset=Agency.unscoped.none(), required=False, empty_label="All agencies"
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the from date as DD/MM/YYYY, for example 27/03/2025"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the to date as DD/MM/YYYY, for example 27/03/2025"},
    )
    q = forms.CharField(label="Contains the words", required=False, max_length=200)

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.unscoped.filter(pk__in=[a.pk for a in agencies]).order_by(
            "name"
        )
