"""Forms for the account pages: the two-factor codes and changing a password (GOV.UK styled)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator

from cspr.forms import GDSForm


def password_min_length() -> int:
    for validator in settings.AUTH_PASSWORD_VALIDATORS:
        if validator["NAME"].endswith("MinimumLengthValidator"):
            return validator.get("OPTIONS", {}).get("min_length", 8)
    return 8


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a username longer than any account's before it is checked.

    Django sets the username's max_length after the field is built, so nothing enforces it; an overlong
    name would reach django-axes, whose failure record cannot store it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))


class CodeForm(GDSForm):
    """The two-factor step: a code from the authenticator app, or a recovery code."""

    submit_label = "Continue"

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="Enter the 6-digit code your app shows now. If you cannot use your app, "
        "enter one of your recovery codes instead.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app, or a recovery code"},
    )

    def layout_fields(self) -> list[Any]:
        return [
            Field.text(
                "code",
                field_width=10,
                autocomplete="one-time-code",
                spellcheck="false",
                autocapitalize="none",
            )
        ]


class ConfirmAuthenticatorForm(GDSForm):
    """Set-up: a code from the newly added app proves it holds the right secret."""

    submit_label = "Confirm and continue"

    code = forms.RegexField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows for this service",
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "invalid": "Enter the code as 6 digits, for example 123456",
        },
    )

    def layout_fields(self) -> list[Any]:
        return [Field.text("code", field_width=5, autocomplete="one-time-code", inputmode="numeric")]


class GDSPasswordChangeForm(PasswordChangeForm):
    """Django's password change (validators from AUTH_PASSWORD_VALIDATORS), with GOV.UK wording."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            f"Use at least {password_min_length()} characters. A good way to make a strong password "
            "is to use three random words. Avoid common passwords and your name or username."
        )
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.error_messages["password_incorrect"] = "Your current password is not right. Enter it again"
        self.error_messages["password_mismatch"] = "The two new passwords do not match. Enter them again"
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field("old_password", autocomplete="current-password"),
            Field("new_password1", autocomplete="new-password"),
            Field("new_password2", autocomplete="new-password"),
            Submit("submit", "Change password"),
        )
