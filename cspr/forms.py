"""GOV.UK-styled forms for the core pages; `GDSForm` is the base every stage's forms use."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Layout, Size, Submit
from django import forms


class GDSForm(forms.Form):
    """A form rendered by crispy-forms-gds with one primary button; subclasses set `submit_label`."""

    submit_label = "Continue"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.MEDIUM
        self.helper.legend_size = Size.MEDIUM
        self.helper.layout = Layout(*self.layout_fields(), Submit("submit", self.submit_label))

    def layout_fields(self) -> list[Any]:
        return [Field(name) for name in self.fields]


class GovDateInputField(DateInputField):
    """crispy-forms-gds' date input, refusing a date with a box left blank by spaces.

    A box holding only spaces passes the boxes' checks but cleans to "", and the package's `compress()`
    then returns None, which a required date field would hand on as its value; a year of 20 digits
    overflows `date()`.
    """

    def compress(self, data_list: Any) -> date | None:
        try:
            value = super().compress(data_list)
        except OverflowError as exc:  # a year too long for a C int: date() raises this, not ValueError
            raise forms.ValidationError("Enter a real date", code="invalid") from exc
        if value is None and (self.required or any(data_list)):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        return value


def gov_date_field(label: str, *, help_text: str = "", required: bool = True) -> DateInputField:
    """The GOV.UK date input (day, month, year boxes) with messages that say how to fix the problem."""
    field = GovDateInputField(label=label, help_text=help_text or "For example, 27 3 2026", required=required)
    field.error_messages.update(
        required=f"Enter the {label.lower()}",
        incomplete=f"{label} must include a day, month and year",
    )
    return field


class ClosureDayForm(GDSForm):
    submit_label = "Declare closure day"

    date = gov_date_field("Closure date")
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text='For example, "Office closed between Christmas and New Year"',
    )

    def layout_fields(self) -> list[Any]:
        return [Field("date"), Field.text("reason")]


class PauseClocksForm(GDSForm):
    submit_label = "Pause the clocks"

    on = gov_date_field("Paused from")
    reason = forms.CharField(
        label="Why are the clocks paused?",
        max_length=300,
        help_text="For example, awaiting the outcome of criminal proceedings",
        error_messages={"required": "Enter why the clocks are paused"},
    )

    def layout_fields(self) -> list[Any]:
        return [Field("on"), Field.text("reason")]


class ResumeClocksForm(GDSForm):
    submit_label = "Restart the clocks"

    on = gov_date_field("Restart on")


def today_default(form: forms.Form, field: str) -> None:
    """Pre-fill a GOV.UK date field with today (the usual answer) without overriding what was typed."""
    if not form.is_bound:
        form.initial.setdefault(field, date.today())


class RetentionSettingsForm(GDSForm):
    """The partnership's retention period and action (cspr.retention); a preview needs no reason."""

    submit_label = "Save retention settings"

    years = forms.IntegerField(
        label="Retention period, in years",
        help_text="Counted from the last recorded event of a closed case. For example, 7",
        min_value=1,
        max_value=100,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false"}
        ),  # GOV.UK: not type=number
        error_messages={
            "required": "Enter the retention period in years",
            "invalid": "Enter the retention period as a whole number of years, like 7",
            "min_value": "Enter a retention period from 1 to 100 years",
            "max_value": "Enter a retention period from 1 to 100 years",
        },
    )
    action = forms.ChoiceField(
        label="When the period ends, the case's personal data is",
        widget=forms.RadioSelect,
        choices=[
            Choice(
                "anonymise",
                "Anonymised",
                hint="Names, addresses, identifiers and free text are replaced; the case's shape and "
                "statistics stay",
            ),
            Choice("delete", "Deleted", hint="The rows about people are deleted, not only emptied"),
        ],
        error_messages={
            "required": "Select whether personal data is anonymised or deleted",
            "invalid_choice": "Select whether personal data is anonymised or deleted",
        },
    )
    reason = forms.CharField(
        label="Why are you changing it?",
        help_text="For example, agreed with our data protection officer on 3 March 2027. Kept in the "
        "record of changes",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, preview: bool = False, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            *self.layout_fields(),
            Div(
                Submit("submit", self.submit_label),
                Button.secondary("preview", "Preview the cases due"),
                css_class="govuk-button-group",
            ),
        )

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("years", field_width=3),
            Field.radios("action", legend_size=Size.SMALL),
            Field.textarea("reason", rows=3),
        ]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason and not self.preview:
            raise forms.ValidationError("Enter why you are changing the retention settings")
        return reason
