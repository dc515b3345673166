"""The business office's and decision-makers' forms for a rapid review (GOV.UK pattern, crispy-forms-gds)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.validators import EmailValidator
from django.utils import timezone

from cspr.forms import GDSForm, gov_date_field
from cspr.models import Agency
from rapid_review.models import Attendee, Position, RapidReview
from rapid_review.services import CRITERIA, NONE_OF_THE_ABOVE

NOT_IN_FUTURE = "{label} must be today or in the past"
BAD_TIME = "Enter the time as hours and minutes on the 24-hour clock, like 14:30"
NONE_AND_CRITERIA = 'Select the criteria that apply, or "None of the above" on its own'
TIME_PATTERN = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


def _text(
    label: str, *, required: bool = True, max_length: int = 200, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


def _textarea(label: str, *, required: bool = False, help_text: str = "", error: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=help_text,
        error_messages={"required": error or f"Enter {label[0].lower()}{label[1:]}"},
    )


def _radios(choices: Any, label: str, *, error: str, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": error},
    )


def _not_future(form: forms.Form, name: str) -> None:
    value = form.cleaned_data.get(name)
    if isinstance(value, date) and value > timezone.localdate():
        form.add_error(name, NOT_IN_FUTURE.format(label=form.fields[name].label))


class ConfirmForm(GDSForm):
    """A confirmation page's single button."""

    def __init__(self, *args: Any, submit_label: str, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class SendRequestsForm(GDSForm):
    """Document 2 "Background Information", completed before the requests go out, and who receives them."""

    submit_label = "Send scoping requests"

    case_summary = _textarea(
        "Summary of the case",
        required=True,
        help_text="Agencies use this to search their records. Do not include anything they do not need.",
        error="Enter the summary of the case",
    )
    period_under_review = _text(
        "Indicative time period to be looked at",
        required=False,
        help_text="For example, from the child's birth in May 2020 to the incident",
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies should receive a scoping request?",
        queryset=Agency.unscoped.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Agencies the referral says were involved are already selected. Select all that apply.",
        error_messages={"required": "Select at least one agency to send a scoping request to"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies

    def layout_fields(self) -> list[Any]:
        return [
            Field.textarea("case_summary"),
            Field.text("period_under_review"),
            Field.checkboxes("agencies"),
        ]


class AddAgencyForm(GDSForm):
    submit_label = "Send a scoping request"

    agency = forms.ModelChoiceField(
        label="Which agency should receive a scoping request?",
        queryset=Agency.unscoped.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the agency to send a scoping request to"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def layout_fields(self) -> list[Any]:
        return [Field.radios("agency", legend_size=Size.MEDIUM)]


class ScheduleMeetingForm(GDSForm):
    """The meeting's date, time and format; a reason only when the date is outside the procedure's window."""

    submit_label = "Schedule the meeting"

    meeting_on = gov_date_field("Date of the meeting", help_text="For example, 5 1 2027")
    meeting_time = _text("Start time", max_length=5, help_text="Use the 24-hour clock, for example 14:30")
    meeting_format = _radios(
        RapidReview._meta.get_field("meeting_format").choices,
        "How will the meeting be held?",
        error="Select how the meeting will be held",
    )
    outside_window_reason = _textarea(
        "Reason for holding the meeting outside the procedure's window",
        help_text="Only needed when the date is outside the window shown above",
    )

    def clean_meeting_time(self) -> time:
        match = TIME_PATTERN.match(self.cleaned_data["meeting_time"])
        if match is None:
            raise forms.ValidationError(BAD_TIME)
        return time(int(match.group(1)), int(match.group(2)))

    def meeting_at(self) -> datetime:
        """The date and time typed, as London time."""
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["meeting_on"], self.cleaned_data["meeting_time"])
        )

    def layout_fields(self) -> list[Any]:
        return [
            Field("meeting_on"),
            Field.text("meeting_time", field_width=5),
            Field.radios("meeting_format", legend_size=Size.MEDIUM),
            Field.textarea("outside_window_reason"),
        ]


class AttendeeForm(GDSForm):
    """Document 4 "List of Participants": Name | Job Role/Title | Agency/Organisation."""

    submit_label = "Add attendee"

    name = _text("Name")
    job_title = _text("Job role or title")
    organisation = _text("Agency or organisation")
    represents = _radios(
        Attendee.Represents.choices, "Who do they represent?", error="Select who the attendee represents"
    )

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.text("job_title"),
            Field.text("organisation"),
            Field.radios("represents", legend_size=Size.MEDIUM),
        ]


class MeetingHeldForm(GDSForm):
    submit_label = "Record that the meeting took place"

    omissions = _textarea(
        "Omissions to the list of participants",
        help_text="Give the reason any agency whose involvement would normally be expected did not attend",
    )


class PositionForm(GDSForm):
    """A decision-maker's agreement or dissent; dissent is minuted, not hidden."""

    submit_label = "Record the position"

    role = _radios((), "Whose position is this?", error="Select whose position this is")
    person = _text("Name of the person")
    stance = _radios(
        Position.Stance.choices,
        "Do they agree with the proposed decision?",
        error="Select whether they agree or disagree",
    )
    comment = _textarea(
        "Comment", help_text="Required in practice when they disagree: the minute records why"
    )
    recorded_on = gov_date_field("Date of the position")

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Position.Role(r).label) for r in roles]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _not_future(self, "recorded_on")
        return cleaned

    def layout_fields(self) -> list[Any]:
        return [
            Field.radios("role", legend_size=Size.MEDIUM),
            Field.text("person"),
            Field.radios("stance", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("comment"),
            Field("recorded_on"),
        ]


class MeetingRecordForm(GDSForm):
    """Document 4 Section 2, "completed during the meeting and agreed by participants" (saved as a draft)."""

    submit_label = "Save the meeting record"

    immediate_action_taken = _radios(
        [("yes", "Yes"), ("no", "No")],
        "Has all appropriate immediate action been taken?",
        error="Select yes if all appropriate immediate action has been taken",
        required=False,
    )
    immediate_action_details = _textarea(
        "Immediate action: details",
        help_text="What has been done. If not all, say what action is needed, when, and by whom",
    )
    criteria = forms.MultipleChoiceField(
        label="Which criteria from Working Together does the case have the potential to meet?",
        choices=[*CRITERIA, (NONE_OF_THE_ABOVE, "None of the above")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. These should be agreed by everyone at the rapid review.",
    )
    nature_of_harm = _textarea(
        "The nature of the harm",
        help_text="Whether it meets the criteria for serious harm and/or long-term impairment",
    )
    analysis_against_criteria = _textarea("Analysis against the criteria")
    immediate_learning = _textarea(
        "Immediate learning", help_text="Who will share it, and how it will be shared and implemented"
    )
    legal_advice = _textarea("Has legal advice been sought?", help_text="If yes, give details")

    def clean_criteria(self) -> list[str]:
        chosen = self.cleaned_data["criteria"]
        if NONE_OF_THE_ABOVE in chosen and len(chosen) > 1:
            raise forms.ValidationError(NONE_AND_CRITERIA)
        return chosen

    def layout_fields(self) -> list[Any]:
        return [
            Field.radios("immediate_action_taken", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("immediate_action_details"),
            Field.checkboxes("criteria", legend_size=Size.MEDIUM, small=True),
            Field.textarea("nature_of_harm"),
            Field.textarea("analysis_against_criteria"),
            Field.textarea("immediate_learning"),
            Field.textarea("legal_advice"),
        ]


class DecisionForm(GDSForm):
    """Document 4 Section 3: the outcome from the procedure's own list, and the reasons."""

    submit_label = "Record the decision"

    outcome = _radios((), "What is the decision?", error="Select the decision")
    outcome_text = _text("Give details", required=False, max_length=300)
    rationale = _textarea(
        "Reasons for the decision",
        required=True,
        help_text=(
            "Other review options must be considered. If the decision is not to proceed, explain why no "
            "further learning is expected."
        ),
        error="Enter the reasons for the decision",
    )
    endorsed_by = _text(
        "Endorsed by",
        required=False,
        help_text="For example, the independent scrutineer. Leave blank if decision-making is delegated.",
    )

    def __init__(self, *args: Any, outcomes: list[Any], **kwargs: Any) -> None:
        self.outcomes = outcomes
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.code, o.label) for o in outcomes]
        asking = [o.label for o in outcomes if o.needs_text]
        if asking:
            self.fields["outcome_text"].help_text = f"Only if you chose: {'; '.join(asking)}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = next((o for o in self.outcomes if o.code == cleaned.get("outcome")), None)
        if chosen is not None and not chosen.needs_text:
            cleaned["outcome_text"] = ""  # text typed under another option before changing one's mind
        return cleaned

    def layout_fields(self) -> list[Any]:
        # One details box under the radios, not a conditional reveal per option: several options can ask
        # for details, and a field renders only once (the later options' boxes went missing), while the
        # reveal's aria-controls pointed at nothing for the options without one (found by axe-core).
        return [
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.text("outcome_text"),
            Field.textarea("rationale"),
            Field.text("endorsed_by"),
        ]


class PanelResponseForm(GDSForm):
    submit_label = "Record the response"

    response = _radios(
        RapidReview.PanelResponse.choices,
        "What did the National Panel say?",
        error="Select what the National Panel said",
    )
    received_on = gov_date_field("Date the response was received")
    notes = _textarea("Notes", help_text="For example, what more information the Panel asked for")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _not_future(self, "received_on")
        return cleaned

    def layout_fields(self) -> list[Any]:
        return [
            Field.radios("response", legend_size=Size.MEDIUM),
            Field("received_on"),
            Field.textarea("notes"),
        ]


class ReviseForm(GDSForm):
    submit_label = "Reopen the decision"

    reason = _textarea(
        "Why is the decision being revised?",
        required=True,
        help_text="For example, the National Panel asked for more information about agency involvement",
        error="Enter why the decision is being revised",
    )


class LateNoticeForm(GDSForm):
    """Cambridgeshire & Peterborough: the chair's notice to the National Panel of a late rapid review."""

    submit_label = "Send the late notice"

    reasons = _textarea(
        "Why will the rapid review be late?", required=True, error="Enter why the rapid review will be late"
    )
    expected_on = gov_date_field("Expected date the rapid review will be sent")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        value = cleaned.get("expected_on")
        if isinstance(value, date) and value < timezone.localdate():
            self.add_error("expected_on", "The expected date must be today or in the future")
        return cleaned


class CompositeForm(GDSForm):
    """Cambridgeshire & Peterborough: the composite of the returns to the case review subgroup."""

    submit_label = "Send the composite"

    to = forms.CharField(
        label="Email addresses of the case review subgroup",
        help_text="One address per line, or separated by commas",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the subgroup's email addresses"},
    )
    message = _textarea("Message", required=True, error="Enter the message that goes with the composite")

    def clean_to(self) -> list[str]:
        addresses = [a.strip() for a in re.split(r"[\s,;]+", self.cleaned_data["to"]) if a.strip()]
        bad = [a for a in addresses if not _is_email(a)]
        if bad:
            raise forms.ValidationError(f"Check these email addresses: {', '.join(bad)}")
        if not addresses:
            raise forms.ValidationError("Enter the subgroup's email addresses")
        return list(dict.fromkeys(addresses))


class SubgroupViewsForm(GDSForm):
    submit_label = "Save the subgroup's views"

    views = _textarea(
        "The case review subgroup's views",
        required=True,
        help_text="Whether the case meets the criteria, on the information known at this point",
        error="Enter the subgroup's views",
    )


def _is_email(address: str) -> bool:
    try:
        EmailValidator()(address)
    except forms.ValidationError:
        return False
    return True
