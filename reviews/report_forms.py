"""Forms for the draft report, its comments, factual accuracy checks, sign-off, recommendations and the
learning workshops (GOV.UK pattern, crispy-forms-gds). Messages say how to fix the problem."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cspr.forms import GDSForm, gov_date_field
from reviews.models import PractitionerConversation, ReportApproval, Workshop, WorkshopInvitee
from reviews.report_services import OutlineSection, SectionText

BAD_TIME = "Enter the time as hours and minutes on the 24-hour clock, like 14:30"
TIME_PATTERN = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")
RELOAD = "Reload the page and try again: the form was missing the version of the report you opened"
MAX_UPLOAD = 10 * 1024 * 1024


def _textarea(
    label: str, *, required: bool = False, rows: int = 5, help_text: str = "", error: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": error or f"Enter {label[0].lower()}{label[1:]}"},
    )


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


def _time(label: str) -> forms.CharField:
    return _text(label, max_length=5, help_text="Use the 24-hour clock, for example 14:30")


def _parse_time(value: str) -> time:
    match = TIME_PATTERN.match(value)
    if match is None:
        raise ValidationError(BAD_TIME)
    return time(int(match.group(1)), int(match.group(2)))


class BasedOnForm(GDSForm):
    """A form that carries the number of the version the author opened (optimistic locking)."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any]:
        if "based_on" in self.errors:
            raise ValidationError(RELOAD)
        return super().clean()


class DraftForm(BasedOnForm):
    """The whole report on one page: the title, then one box per section (Document 18's headings)."""

    submit_label = "Save as a new version"

    title = _text("Report title", max_length=300)
    note = _text(
        "What changed in this version",
        required=False,
        max_length=500,
        help_text='For example, "Corrections from the factual accuracy checks"',
    )
    extra_heading = _text(
        "Heading of a new section",
        required=False,
        max_length=300,
        help_text="Only if the report needs a section the procedure does not list",
    )
    extra_body = _textarea("Text of the new section", rows=6)

    def __init__(self, *args: Any, sections: Sequence[OutlineSection], **kwargs: Any) -> None:
        self.outline = list(sections)
        super().__init__(*args, **kwargs)
        for section in self.outline:
            self.fields[self.field_name(section.key)] = _textarea(
                section.heading,
                rows=10,
                help_text=(section.guidance + " " if section.guidance else "")
                + "Leave a blank line between paragraphs.",
            )
        # The same order as the page, so the error summary lists problems top to bottom.
        self.order_fields(["title", *(self.field_name(s.key) for s in self.outline), "extra_heading"])
        self.helper.layout = Layout(*self.layout_fields(), Submit("submit", self.submit_label))

    @staticmethod
    def field_name(key: str) -> str:
        return f"section__{key}"

    def layout_fields(self) -> list[Any]:
        if not hasattr(self, "outline"):
            return []
        return [
            Field.text("title"),
            *[Field.textarea(self.field_name(s.key), rows=10) for s in self.outline],
            Fieldset(
                Field.text("extra_heading"),
                Field.textarea("extra_body", rows=6),
                legend="Add a section",
                legend_size=Size.SMALL,
            ),
            Field.text("note"),
            Field("based_on"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("extra_body", "").strip() and not data.get("extra_heading", "").strip():
            self.add_error("extra_heading", "Enter a heading for the new section")
        return data

    def sections(self) -> list[SectionText]:
        result = [
            SectionText(key=s.key, heading=s.heading, body=self.cleaned_data.get(self.field_name(s.key), ""))
            for s in self.outline
        ]
        if self.cleaned_data.get("extra_heading", "").strip():
            result.append(
                SectionText(
                    key="", heading=self.cleaned_data["extra_heading"], body=self.cleaned_data["extra_body"]
                )
            )
        return result


class UploadForm(BasedOnForm):
    submit_label = "Upload and save as a new version"

    document = forms.FileField(
        label="Upload the report",
        help_text="A Word document (.docx). Each heading starts a section; headings that match the "
        "procedure's sections keep their comments.",
        error_messages={"required": "Choose a Word document to upload"},
    )
    title = _text("Report title", max_length=300)
    note = _text("What changed in this version", required=False, max_length=500)

    def clean_document(self) -> Any:
        document = self.cleaned_data["document"]
        if not document.name.lower().endswith(".docx"):
            raise ValidationError("The file must be a Word document (.docx)")
        if document.size > MAX_UPLOAD:
            raise ValidationError("The file must be smaller than 10 MB")
        return document

    def layout_fields(self) -> list[Any]:
        return [Field("document"), Field.text("title"), Field.text("note"), Field("based_on")]


class CommentForm(GDSForm):
    submit_label = "Add comment"

    body = _textarea("Your comment", required=True, error="Enter your comment")

    def __init__(self, *args: Any, submit_label: str = "", **kwargs: Any) -> None:
        if submit_label:
            self.submit_label = submit_label
        super().__init__(*args, **kwargs)

    def layout_fields(self) -> list[Any]:
        return [Field.textarea("body", rows=4)]


class ConfirmForm(GDSForm):
    def __init__(self, *args: Any, submit_label: str, **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)

    def layout_fields(self) -> list[Any]:
        return []


class AccuracyRequestForm(GDSForm):
    submit_label = "Ask the agencies to check the report"

    agencies = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Which agencies should check the report?",
        help_text="Each agency sees only its own check, and answers paragraph by paragraph.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one agency to check the report"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies

    def layout_fields(self) -> list[Any]:
        return [Field.checkboxes("agencies", legend_size=Size.MEDIUM)]


class AccuracyAnswerForm(GDSForm):
    """One box per paragraph of the version the agency is checking, and a general comment."""

    general_comment = _textarea("Anything else about the factual accuracy of the report", rows=4)
    no_corrections = forms.BooleanField(
        label="The report is factually accurate for our agency", required=False
    )

    def __init__(self, *args: Any, paragraphs: Sequence[tuple[str, int, str]], **kwargs: Any) -> None:
        self.paragraphs = list(paragraphs)
        super().__init__(*args, **kwargs)
        for key, index, _ in self.paragraphs:
            self.fields[self.field_name(key, index)] = forms.CharField(
                label="What is not accurate, and what should it say?",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.textarea("general_comment", rows=4), Field.checkbox("no_corrections")
        )

    @staticmethod
    def field_name(key: str, index: int) -> str:
        return f"p__{key}__{index}"

    def corrections(self) -> dict[tuple[str, int], str]:
        return {(k, i): self.cleaned_data.get(self.field_name(k, i), "") for k, i, _ in self.paragraphs}


class ApprovalForm(GDSForm):
    submit_label = "Approve this version"

    version = forms.UUIDField(widget=forms.HiddenInput)
    signatory = forms.ChoiceField(
        label="Which safeguarding partner are you approving for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the safeguarding partner you are approving for"},
    )
    person = _text("Your name and job title")
    comment = _textarea("Comment (optional)", rows=3)

    def __init__(self, *args: Any, signatories: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signatory"].choices = [(s, ReportApproval.Signatory(s).label) for s in signatories]
        if len(signatories) == 1:
            self.fields["signatory"].initial = signatories[0]
            self.fields["signatory"].widget = forms.HiddenInput()

    def layout_fields(self) -> list[Any]:
        return [
            Field("version"),
            Field.radios("signatory", legend_size=Size.SMALL),
            Field.text("person"),
            Field.textarea("comment", rows=3),
        ]


class EndorsementForm(GDSForm):
    submit_label = "Record the endorsement"

    version = forms.UUIDField(widget=forms.HiddenInput)
    person = _text("Independent scrutineer's name")
    comment = _textarea("Comment (optional)", rows=3)

    def layout_fields(self) -> list[Any]:
        return [Field("version"), Field.text("person"), Field.textarea("comment", rows=3)]


class RecommendationForm(GDSForm):
    submit_label = "Save recommendation"

    text = _textarea("Recommendation", required=True, rows=4, error="Enter the recommendation")
    addressed_to = _text(
        "Addressed to",
        required=False,
        max_length=300,
        help_text="The named people or organisations it is for",
    )
    measures = _textarea("How we will know it has been accepted and implemented", rows=3)

    def layout_fields(self) -> list[Any]:
        return [
            Field.textarea("text", rows=4),
            Field.text("addressed_to"),
            Field.textarea("measures", rows=3),
        ]


# --- Workshops ------------------------------------------------------------------------------------------


class WorkshopForm(GDSForm):
    submit_label = "Save the workshop"

    kind = forms.ChoiceField(
        label="What is being planned?",
        choices=Workshop.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is being planned"},
    )
    on = gov_date_field("Date", help_text="For example, 12 3 2027")
    starts = _time("Start time")
    ends = _time("Finish time")
    venue = _text("Venue", max_length=300)
    feedback_session = _text(
        "Feedback session to hold in diaries",
        required=False,
        help_text="Date and time, if known. Document 15 asks practitioners to hold it.",
    )
    contact = _text("Who to contact with questions", max_length=300, help_text="Name and contact details")
    signed_by = _text(
        "Invitation signed by", help_text="The chair of the review group, the lead reviewer or the manager"
    )

    def clean_starts(self) -> time:
        return _parse_time(self.cleaned_data["starts"])

    def clean_ends(self) -> time:
        return _parse_time(self.cleaned_data["ends"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            isinstance(data.get("starts"), time)
            and isinstance(data.get("ends"), time)
            and data["ends"] <= data["starts"]
        ):
            self.add_error("ends", "The finish time must be after the start time")
        return data

    def workshop_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "starts_at": timezone.make_aware(datetime.combine(data["on"], data["starts"])),
            "ends_at": data["ends"],
            "venue": data["venue"],
            "feedback_session": data["feedback_session"],
            "contact": data["contact"],
            "signed_by": data["signed_by"],
        }

    @classmethod
    def initial_for(cls, workshop: Workshop) -> dict[str, Any]:
        starts = timezone.localtime(workshop.starts_at)
        return {
            "kind": workshop.kind,
            "on": starts.date(),
            "starts": f"{starts:%H:%M}",
            "ends": f"{workshop.ends_at:%H:%M}",
            "venue": workshop.venue,
            "feedback_session": workshop.feedback_session,
            "contact": workshop.contact,
            "signed_by": workshop.signed_by,
        }

    def layout_fields(self) -> list[Any]:
        return [
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field("on"),
            Field.text("starts", field_width=5),
            Field.text("ends", field_width=5),
            Field.text("venue"),
            Field.text("feedback_session"),
            Field.text("contact"),
            Field.text("signed_by"),
        ]


class InviteeForm(GDSForm):
    submit_label = "Add to the invitation list"

    agency = forms.ModelChoiceField(
        queryset=None, label="Agency", error_messages={"required": "Select the practitioner's agency"}
    )
    name = _text("Name")
    job_title = _text("Job title")
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def layout_fields(self) -> list[Any]:
        return [Field("agency"), Field.text("name"), Field.text("job_title"), Field.text("email")]


class AttendanceForm(GDSForm):
    submit_label = "Save attendance"

    def __init__(self, *args: Any, invitees: Sequence[WorkshopInvitee], **kwargs: Any) -> None:
        self.invitees = list(invitees)
        super().__init__(*args, **kwargs)
        for invitee in self.invitees:
            self.fields[self.field_name(invitee)] = forms.ChoiceField(
                label=f"{invitee.name}, {invitee.job_title} ({invitee.agency.name})",
                choices=WorkshopInvitee.Attendance.choices,
                initial=invitee.attendance,
                widget=forms.RadioSelect,
            )
        self.helper.layout = Layout(
            *[Field.radios(self.field_name(i), legend_size=Size.SMALL, inline=True) for i in self.invitees],
            Submit("submit", self.submit_label),
        )

    @staticmethod
    def field_name(invitee: WorkshopInvitee) -> str:
        return f"attendance__{invitee.public_id.hex}"

    def layout_fields(self) -> list[Any]:
        return []

    def attendance(self) -> dict[Any, str]:
        return {i.public_id: self.cleaned_data[self.field_name(i)] for i in self.invitees}


class HeldForm(GDSForm):
    submit_label = "Record as held"

    learning_notes = _textarea(
        "Themes and learning identified",
        rows=6,
        help_text="Anonymous: comments are not attributable to individuals (Document 16).",
    )

    def layout_fields(self) -> list[Any]:
        return [Field.textarea("learning_notes", rows=6)]


class ConversationForm(GDSForm):
    submit_label = "Record the conversation"

    agency = forms.ModelChoiceField(
        queryset=None, label="Agency", error_messages={"required": "Select the agency"}
    )
    practitioner = _text("Practitioner's name")
    job_title = _text("Job title")
    held_on = gov_date_field("Date of the conversation")
    reason = forms.ChoiceField(
        label="Why was the conversation held?",
        choices=PractitionerConversation.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the conversation was held"},
    )
    summary = _textarea("What the practitioner contributed", required=True, rows=5)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean_held_on(self) -> Any:
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise ValidationError("The date of the conversation must be today or in the past")
        return value

    def layout_fields(self) -> list[Any]:
        return [
            Field("agency"),
            Field.text("practitioner"),
            Field.text("job_title"),
            Field("held_on"),
            Field.radios("reason", legend_size=Size.SMALL),
            Field.textarea("summary", rows=5),
        ]
