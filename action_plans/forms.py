"""Forms of the action plan stage (GOV.UK pattern, crispy-forms-gds). Each says how to fix a problem."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from action_plans.models import Action, BriefingDispatch, Theme
from cspr.forms import GDSForm, gov_date_field
from cspr.models import Agency
from rapid_review import uploads

RELOAD = "Reload the page and try again: the form was missing the version you opened"


def _text(
    label: str, *, error: str, required: bool = True, max_length: int = 200, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={"required": error},
    )


def _textarea(
    label: str, *, error: str = "", required: bool = True, help_text: str = "", rows: int = 5
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": error},
    )


def rebuild_layout(form: GDSForm) -> None:
    """Lay the form out again after its fields were changed in __init__."""
    form.helper.layout = Layout(*form.layout_fields(), Submit("submit", form.submit_label))


class VersionedForm(GDSForm):
    """A form editing a row another person may save at the same time (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        if "version" in self.errors:
            raise ValidationError(RELOAD)
        return super().clean()


class ConfirmForm(GDSForm):
    """A confirmation page's single button."""

    def __init__(self, *args: Any, submit_label: str, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class DraftPlanForm(GDSForm):
    submit_label = "Start the action plan"

    monitored_by = _text(
        "Who will monitor the plan?",
        required=False,
        error="",
        help_text="For example the case review group, the Learning from Practice subgroup or the MESI subgroup",
    )

    def layout_fields(self) -> list[Any]:
        return [Field.text("monitored_by")]


class ActionForm(GDSForm):
    """One row of Document 19: the agreed action, who leads it, how it is measured and by when."""

    submit_label = "Save the action"

    recommendation = forms.ModelChoiceField(
        queryset=None,
        to_field_name="public_id",  # opaque in the form and in ?recommendation=
        label="Which recommendation does this action answer?",
        empty_label="Choose a recommendation",
        error_messages={"required": "Choose the recommendation this action answers"},
    )
    description = _textarea(
        "Agreed action", error="Describe the agreed action", help_text="What will be done"
    )
    owner_agency = forms.ModelChoiceField(
        queryset=None,
        to_field_name="public_id",
        label="Agency that owns the action",
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that owns the action"},
    )
    lead_name = _text(
        "Named lead",
        error="Enter the name of the person leading the action",
        help_text="The responsible person",
    )
    lead_email = forms.EmailField(
        label="Named lead's email (optional)",
        required=False,
        help_text="Reminders go to this address and to the agency's portal contacts",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    measure = _textarea(
        "How will you know it is done?",
        error="Say how you will know the action is done",
        help_text="Specific and measurable: what will have changed, and how it will be measured",
    )
    target_date = gov_date_field("Target date")
    theme = forms.ChoiceField(
        label="Practice theme (optional)",
        choices=[("", "Choose a theme"), *Theme.choices],
        required=False,
        help_text="The annual report counts actions by theme",
    )

    def __init__(self, *args: Any, plan: Any, with_recommendation: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_recommendation:
            self.fields["recommendation"].queryset = plan.review.recommendations.order_by("number")
            self.fields["recommendation"].label_from_instance = lambda r: f"{r.number}. {r.text[:120]}"
        else:
            del self.fields["recommendation"]
        self.fields["owner_agency"].queryset = Agency.objects.filter(partnership=plan.partnership).order_by(
            "name"
        )
        rebuild_layout(self)

    def layout_fields(self) -> list[Any]:
        fields = [
            Field("recommendation"),
            Field.textarea("description", rows=4),
            Field("owner_agency"),
            Field.text("lead_name", field_width=20),
            Field.text("lead_email", field_width=30),
            Field.textarea("measure", rows=4),
            Field("target_date"),
            Field("theme"),
        ]
        if "version" in self.fields:
            fields.append(Field("version"))
        return [f for f in fields if f.fields[0] in self.fields]

    def action_fields(self) -> dict[str, Any]:
        names = ["description", "owner_agency", "lead_name", "lead_email", "measure", "target_date", "theme"]
        return {name: self.cleaned_data.get(name) for name in names}


class EditActionForm(VersionedForm, ActionForm):
    submit_label = "Save changes"


class ProgressForm(VersionedForm):
    """The owner's update: how it is going (RAG), what was done, the evidence so far and an optional file.

    Rendered inside the page's own <form>, which holds two buttons: save the update, or mark completed.
    """

    rag = forms.ChoiceField(
        label="How is the action going?",
        choices=Action.Rag.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    text = _textarea("What has been done since the last update?", required=False, rows=5)
    impact_evidence = _textarea(
        "Evidence of impact",
        required=False,
        rows=4,
        help_text="What has changed for children and families, and how you know (needed to mark it completed)",
    )
    evidence_file = forms.FileField(
        label="Attach evidence (optional)",
        required=False,
        help_text=f"{uploads.ALLOWED_DESCRIPTION}, for example an audit report or a training register",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False  # the page's own <form> holds the two buttons and the file input
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*self.layout_fields())

    def layout_fields(self) -> list[Any]:
        return [
            Field.radios("rag", legend_size=Size.SMALL),
            Field.textarea("text", rows=5),
            Field.textarea("impact_evidence", rows=4),
            Field("evidence_file"),
            Field("version"),
        ]

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            uploads.validate(upload)  # before anything is saved: a refused file loses nothing typed
        return upload


class ReasonForm(GDSForm):
    """One reason box: closing or reopening an action, withdrawing a briefing."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, label: str, submit_label: str, error: str, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages = {**self.fields["reason"].error_messages, "required": error}

    def layout_fields(self) -> list[Any]:
        return [Field.textarea("reason", rows=4)]


class AgreeForm(GDSForm):
    submit_label = "Record the plan as agreed"

    agreed_by = _text(
        "Who agreed the plan?",
        error="Say who agreed the plan",
        max_length=300,
        help_text="For example: the three safeguarding partners, or the case review group",
    )
    agreed_on = gov_date_field("Date agreed")

    def layout_fields(self) -> list[Any]:
        return [Field.text("agreed_by"), Field("agreed_on")]


class ReauditForm(GDSForm):
    submit_label = "Record the re-audit"

    sustained = forms.TypedChoiceField(
        label="Has the improvement been sustained?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the improvement has been sustained"},
    )
    finding = _textarea("What did the re-audit find?", error="Say what the re-audit found", rows=4)
    next_due = gov_date_field("Next re-audit (optional)", required=False)

    def layout_fields(self) -> list[Any]:
        return [Field.radios("sustained", inline=True), Field.textarea("finding", rows=4), Field("next_due")]


class BriefingForm(VersionedForm):
    """The briefing's title and one box per step of the framework's template."""

    submit_label = "Save the briefing"

    title = _text("Title", error="Enter a title for the briefing")

    def __init__(self, *args: Any, steps: list[dict[str, str]], **kwargs: Any) -> None:
        self.steps = steps
        super().__init__(*args, **kwargs)
        for i, step in enumerate(steps):
            self.fields[f"step_{i}"] = _textarea(step["heading"], required=False, rows=6)
        rebuild_layout(self)

    def layout_fields(self) -> list[Any]:
        steps = [Field.textarea(f"step_{i}", rows=6) for i in range(len(getattr(self, "steps", [])))]
        return [Field.text("title"), *steps, Field("version")]

    def bodies(self) -> list[str]:
        return [self.cleaned_data.get(f"step_{i}", "") for i in range(len(self.steps))]


class DispatchForm(GDSForm):
    submit_label = "Record who it went to"

    audience = _text(
        "Who did it go to?",
        error="Say who the briefing went to",
        max_length=300,
        help_text="For example: health visiting team leaders, or the LfP subgroup",
    )
    method = forms.ChoiceField(
        label="How was it shared?",
        choices=BriefingDispatch.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the briefing was shared"},
    )
    emails = forms.CharField(
        label="Email addresses (to email it now)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line. The briefing is sent as a PDF attachment.",
    )
    shared_on = gov_date_field("Date shared")

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("audience"),
            Field.radios("method"),
            Field.textarea("emails", rows=3),
            Field("shared_on"),
        ]

    def clean_emails(self) -> list[str]:
        addresses = [
            a.strip()
            for a in self.cleaned_data.get("emails", "").replace(",", "\n").splitlines()
            if a.strip()
        ]
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError as exc:
                raise ValidationError(
                    f"“{address}” is not an email address: enter one like name@example.org"
                ) from exc
        return addresses
