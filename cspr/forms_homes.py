"""GET forms of the home pages: the work queue's filters and the case search. Nothing typed is lost."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms

from cspr.models import Agency
from cspr.work_queue import GROUPS, STAGES, Filters


class WorkQueueFilterForm(forms.Form):
    """Narrow the work queue by stage, agency or reviewer; unknown values get a message, not a 500."""

    stage = forms.ChoiceField(label="Stage", required=False)
    agency = forms.ChoiceField(label="Agency", required=False)
    reviewer = forms.ChoiceField(label="Reviewer", required=False)

    def __init__(
        self, data: Any = None, *, agencies: list[Agency], reviewers: list[tuple[int, str]] | None
    ) -> None:
        super().__init__(data)
        self.helper = FormHelper()  # the GOV.UK error summary tag reads it
        self.agencies = {str(a.public_id): a for a in agencies}
        self.fields["stage"].choices = [("", "All stages"), *STAGES]
        self.fields["stage"].error_messages["invalid_choice"] = "Choose a stage from the list"
        self.fields["agency"].choices = [("", "All agencies")] + [
            (k, a.name) for k, a in self.agencies.items()
        ]
        self.fields["agency"].error_messages["invalid_choice"] = "Choose an agency from the list"
        if reviewers is None:
            del self.fields["reviewer"]  # no stage app knows reviewers' cases yet (CSPR_REVIEWER_CASES)
        else:
            self.fields["reviewer"].choices = [("", "All reviewers")] + [(str(i), n) for i, n in reviewers]
            self.fields["reviewer"].error_messages["invalid_choice"] = "Choose a reviewer from the list"

    def filters(self) -> Filters:
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        reviewer = data.get("reviewer")
        return Filters(
            stage=data["stage"],
            agency=self.agencies.get(data["agency"]),
            reviewer_id=int(reviewer) if reviewer else None,
        )


class GroupField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[("all", "All open deadlines")] + [(k, g.label) for k, g in GROUPS.items()], **kwargs
        )


class SearchForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()

    q = forms.CharField(
        label="Search cases",
        max_length=100,
        min_length=2,
        error_messages={
            "required": "Enter a case reference, a pseudonym or a name",
            "min_length": "Enter at least 2 characters",
            "max_length": "Enter 100 characters or fewer",
        },
    )
