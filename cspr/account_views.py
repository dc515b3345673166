"""Signing in and the account pages: two-factor set-up and step, recovery codes, password, session clock."""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from cspr import security, two_factor
from cspr.account_forms import CodeForm, ConfirmAuthenticatorForm, GDSPasswordChangeForm, SignInForm
from cspr.templatetags.cspr_security import cspr_duration

NEW_CODES_KEY = "cspr_new_recovery_codes"
RECOVERY_CODES_LOW = 3


class SignInView(auth_views.LoginView):
    """Django's sign-in (django-axes counts its failures), telling people why they were signed out."""

    template_name = "cspr/login.html"
    authentication_form = SignInForm

    def get_context_data(self, **kwargs: object) -> dict:
        context = super().get_context_data(**kwargs)
        context["signed_out_idle"] = self.request.session.pop(security.SIGNED_OUT_KEY, None) == security.IDLE
        context["idle_for"] = cspr_duration(settings.CSPR_SESSION_IDLE_SECONDS)
        return context


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _mark_verified(request: HttpRequest, device: object) -> None:
    request.session.cycle_key()  # a new session id for the more trusted session
    django_otp.login(request, device)
    request.session[security.ENROLLED_KEY] = True


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: QR code and key as text, a code to confirm, then recovery codes."""
    if two_factor.has_authenticator(request.user) and not request.user.is_verified():
        # Replacing an app needs the current one (or a recovery code) first.
        return redirect(_with_next("two_factor_verify", reverse("two_factor_setup")))
    enrolment = two_factor.start_enrolment(user=request.user)
    form = ConfirmAuthenticatorForm(request.POST or None)
    if form.is_valid():
        try:
            codes = two_factor.confirm_enrolment(
                user=request.user, device=enrolment.device, code=form.cleaned_data["code"]
            )
        except two_factor.CodeRefused as exc:
            form.add_error("code", str(exc))
        else:
            enrolment.device.refresh_from_db()
            _mark_verified(request, enrolment.device)
            request.session[NEW_CODES_KEY] = codes
            return redirect(_with_next("recovery_codes", _next_url(request)))
    context = {
        "form": form,
        "enrolment": enrolment,
        "username": request.user.get_username(),
        "issuer": settings.OTP_TOTP_ISSUER,
        "next": _next_url(request),
    }
    return render(request, "cspr/account/two_factor_setup.html", context)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The step after the password: a code from the authenticator app or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not django_otp.user_has_device(request.user):
        return redirect(_with_next("two_factor_setup", _next_url(request)))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = two_factor.verify(user=request.user, code=form.cleaned_data["code"])
        except two_factor.CodeRefused as exc:
            form.add_error("code", str(exc))
        else:
            _mark_verified(request, device)
            if isinstance(device, StaticDevice):
                left = two_factor.recovery_codes_left(request.user)
                messages.success(request, _recovery_code_used(left))
                if left <= RECOVERY_CODES_LOW:
                    return redirect("account")
            return redirect(_next_url(request))
    return render(request, "cspr/account/two_factor_verify.html", {"form": form, "next": _next_url(request)})


def _recovery_code_used(left: int) -> str:
    if left == 0:
        return "You used your last recovery code. Make new recovery codes now."
    plural = "code" if left == 1 else "codes"
    return f"You signed in with a recovery code. You have {left} recovery {plural} left."


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show new recovery codes once; a button makes a new set (the old set stops working)."""
    if request.method == "POST":
        request.session[NEW_CODES_KEY] = two_factor.new_recovery_codes(user=request.user)
        return redirect("recovery_codes")
    codes = request.session.pop(NEW_CODES_KEY, None)
    context = {
        "codes": codes,
        "left": two_factor.recovery_codes_left(request.user),
        "next": _next_url(request),
    }
    return render(request, "cspr/account/recovery_codes.html", context)


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    context = {
        "has_authenticator": two_factor.has_authenticator(request.user),
        "recovery_codes_left": two_factor.recovery_codes_left(request.user),
        "low": RECOVERY_CODES_LOW,
    }
    return render(request, "cspr/account/account.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change a password against the NCSC-style rules (length and deny-list; no forced rotation)."""

    form_class = GDSPasswordChangeForm
    template_name = "cspr/account/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: GDSPasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed")
        return response


@never_cache
@require_http_methods(["GET", "POST"])
def session_status(request: HttpRequest) -> JsonResponse:
    """For the idle warning script: GET reads the session clock, POST ("Stay signed in") restarts it."""
    signed_in = request.user.is_authenticated
    left = security.seconds_left(request) if signed_in else 0
    return JsonResponse({"signed_in": signed_in, "seconds_left": left})
