"""The review office's forms (GOV.UK pattern, crispy-forms-gds): what is typed is kept when a form is refused."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from cspr.forms import GDSForm, gov_date_field
from cspr.models import Agency
from reviews.models import (
    FamilyContact,
    ParallelProcess,
    ReviewerAppointment,
    ReviewFamilyMember,
    TeamMeeting,
    TeamMember,
    TermsOfReference,
)

NOT_IN_FUTURE = "{label} must be today or in the past"


class GDSModelForm(forms.ModelForm):
    """A model form rendered like `GDSForm`, one primary button."""

    submit_label = "Save"
    dates: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.dates:
            model_field = self._meta.model._meta.get_field(name)
            required = not model_field.blank
            self.fields[name] = gov_date_field(str(model_field.verbose_name).capitalize(), required=required)
            if self.instance.pk and getattr(self.instance, name):
                self.initial[name] = getattr(self.instance, name)
        for name, field in self.fields.items():
            if field.required and "required" in field.error_messages and name not in self.dates:
                label = str(field.label or name)
                field.error_messages["required"] = f"Enter {label[0].lower()}{label[1:]}"
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)

    @property
    def helper(self) -> FormHelper:
        """Built when rendered, so fields a subclass adds or removes are laid out too."""
        helper = FormHelper()
        helper.label_size = Size.SMALL
        helper.legend_size = Size.SMALL
        helper.layout = Layout(*[Field(name) for name in self.fields], Submit("submit", self.submit_label))
        return helper


def _radios(form: forms.BaseForm, *names: str) -> None:
    for name in names:
        field = form.fields[name]
        field.widget = forms.RadioSelect(choices=[c for c in field.choices if c[0] != ""])
        field.choices = [c for c in field.choices if c[0] != ""]
        field.error_messages["required"] = f"Select {str(field.label).lower()}"


class ConfirmForm(GDSForm):
    def __init__(self, *args: Any, submit_label: str, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class ReasonForm(GDSForm):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args: Any, submit_label: str, label: str = "Reason", **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


class WorkshopHeldForm(GDSForm):
    submit_label = "Record the workshop"
    held_on = gov_date_field("Date of the workshop")

    def clean_held_on(self) -> Any:
        value = self.cleaned_data["held_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(NOT_IN_FUTURE.format(label="The date of the workshop"))
        return value


class TermsForm(GDSModelForm):
    submit_label = "Save the terms of reference"
    dates = (
        "period_from",
        "period_to",
        "information_requests_by",
        "workshop_on",
        "draft_report_by",
        "planned_completion",
    )

    class Meta:
        model = TermsOfReference
        fields = [
            "period_from",
            "period_to",
            "period_reason",
            "key_lines_of_enquiry",
            "methodology",
            "methodology_detail",
            "information_tools",
            "family_involvement",
            "parallel_processes",
            "legal_advice",
            "information_requests_by",
            "workshop_on",
            "draft_report_by",
            "planned_completion",
            "change_note",
        ]

    def __init__(self, *args: Any, agencies: Any, needs_change_note: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Declared here, not from the model: a tenant queryset cannot be evaluated at import time.
        self.fields["agencies"] = forms.ModelMultipleChoiceField(
            label="Agencies in scope",
            queryset=agencies,
            widget=forms.CheckboxSelectMultiple(),
            error_messages={"required": "Select at least one agency in scope"},
        )
        if self.instance.pk and "agencies" not in self.initial:
            self.initial["agencies"] = [a.pk for a in self.instance.agencies.all()]
        order = [n for n in self.Meta.fields if n in self.fields]
        order.insert(order.index("information_tools"), "agencies")
        self.order_fields(order)
        _radios(self, "methodology", "information_tools")
        if needs_change_note:
            self.fields["change_note"].required = True
            self.fields["change_note"].error_messages["required"] = (
                "Say what changed: the approved version is kept and the new one needs approval again"
            )
        else:
            del self.fields["change_note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", "The end of the period under review must be after its start")
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("agencies")
        data.setdefault("change_note", "")
        for name in ("information_requests_by", "workshop_on", "draft_report_by"):
            data[name] = data.get(name) or None
        return data


class ApproveTermsForm(GDSForm):
    submit_label = "Approve these terms of reference"
    approval_note = forms.CharField(
        label="Approved at (meeting or group)",
        max_length=300,
        required=False,
        help_text="For example, review group meeting of 3 February 2027",
    )


class AppointReviewerForm(GDSForm):
    submit_label = "Appoint and tell the National Panel, Ofsted and DfE"

    user = forms.ChoiceField(
        label="Reviewer", widget=forms.RadioSelect, error_messages={"required": "Select the reviewer"}
    )
    role = forms.ChoiceField(
        label="Role",
        choices=ReviewerAppointment.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role"},
    )
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    no_conflict_declared = forms.BooleanField(
        label="The reviewer has declared no conflict of interest", required=False
    )
    confidentiality_accepted = forms.BooleanField(
        label="The reviewer has accepted the confidentiality terms", required=False
    )
    conflict_notes = forms.CharField(
        label="Anything the reviewer declared", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, candidates: list[AbstractBaseUser], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(u.pk): u for u in candidates}
        self.fields["user"].choices = [(str(u.pk), u.get_full_name() or u.get_username()) for u in candidates]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["user"] = self.candidates[data["user"]]
        return data


class DeclarationsForm(GDSForm):
    submit_label = "Record the declarations"

    no_conflict_declared = forms.BooleanField(
        label="I declare that I have no conflict of interest", required=False
    )
    confidentiality_accepted = forms.BooleanField(label="I accept the confidentiality terms", required=False)
    conflict_notes = forms.CharField(
        label="Anything you wish to declare", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TeamMemberForm(GDSModelForm):
    submit_label = "Add to the review team"

    class Meta:
        model = TeamMember
        fields = ["name", "job_title", "organisation", "represents", "email"]

    def __init__(self, *args: Any, accounts: list[AbstractBaseUser], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _radios(self, "represents")
        self.accounts = {str(u.pk): u for u in accounts}
        self.fields["account"] = forms.ChoiceField(
            label="Their account in this service (optional)",
            required=False,
            choices=[("", "No account")]
            + [(k, u.get_full_name() or u.get_username()) for k, u in self.accounts.items()],
            help_text="A member with an account can read this review",
        )

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        account = data.pop("account", "")
        data["user"] = self.accounts.get(account) if account else None
        return data


class TeamMeetingForm(GDSModelForm):
    submit_label = "Record the meeting"
    dates = ("held_on",)

    class Meta:
        model = TeamMeeting
        fields = ["held_on", "agenda", "other_attendees", "family_engagement", "actions"]

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"] = forms.ModelMultipleChoiceField(
            label="Who attended", queryset=members, widget=forms.CheckboxSelectMultiple(), required=False
        )
        self.order_fields(["held_on", "agenda", "attendees"])


class ParallelProcessForm(GDSModelForm):
    submit_label = "Save"

    class Meta:
        model = ParallelProcess
        fields = ["kind", "description", "contact", "status", "key_dates", "constraint", "blocks_publication"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _radios(self, "kind", "status")


class FamilyMemberForm(GDSModelForm):
    submit_label = "Save"

    class Meta:
        model = ReviewFamilyMember
        fields = [
            "name",
            "relationship",
            "lives_with_child",
            "address",
            "contact_details",
            "interpreter_language",
            "needs_advocacy",
            "other_support",
            "contact_plan",
            "involvement",
            "non_involvement_reason",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _radios(self, "involvement")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_involved = {ReviewFamilyMember.Involvement.DECLINED, ReviewFamilyMember.Involvement.NOT_INVOLVED}
        if data.get("involvement") in not_involved and not data.get("non_involvement_reason", "").strip():
            self.add_error(
                "non_involvement_reason",
                "Enter the reason this family member is not involved: it is recorded for the report",
            )
        return data


class FamilyContactForm(GDSModelForm):
    submit_label = "Log the contact"
    dates = ("contacted_on",)

    class Meta:
        model = FamilyContact
        fields = ["contacted_on", "method", "made_by", "outcome"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _radios(self, "method")

    def clean_contacted_on(self) -> Any:
        value = self.cleaned_data["contacted_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(NOT_IN_FUTURE.format(label="The date of contact"))
        return value


class DelayNoticeForm(GDSForm):
    submit_label = "Send the delay notice"

    reason = forms.CharField(
        label="Why will the review be late?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="This is sent as the reason for the delay",
        error_messages={"required": "Enter why the review will be late"},
    )
    expected_on = gov_date_field("Expected completion date")

    def layout_fields(self) -> list[Any]:
        return [Field("reason"), Field("expected_on")]


def agencies_of(partnership: Any) -> Any:
    return Agency.objects.filter(partnership=partnership).order_by("name")
