"""The signed-in person's own pages, at /account/ (no partnership data here)."""

from django.urls import path

from cspr import account_views

urlpatterns = [
    path("", account_views.account, name="account"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/set-up/", account_views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", account_views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", account_views.recovery_codes, name="recovery_codes"),
    path("session/", account_views.session_status, name="session_status"),
]
