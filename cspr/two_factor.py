"""Two-factor authentication: an authenticator app (TOTP) plus ten single-use recovery codes.

Built on django-otp: a `TOTPDevice` per person for the app and a `StaticDevice` holding the recovery
codes. Both devices throttle wrong codes (1, 2, 4, 8 … seconds), and a used recovery code is deleted.
An administrator resets a person who lost both with `manage.py reset_two_factor <username>` or by deleting
their devices in the admin; they set up again at their next sign-in.
"""

from __future__ import annotations

import io
import re
import secrets
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_CODE_LENGTH = 10  # ~49 bits each; the device throttles guesses
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

WRONG_CODE = "The code is not right. Check your authenticator app and enter the 6-digit code it shows now"
WRONG_RECOVERY_CODE = "That recovery code is not right or has already been used"
TOO_MANY_TRIES = "You have entered too many wrong codes. Wait {seconds} seconds, then try again"


class CodeRefused(Exception):
    """The code was wrong, already used or tried too soon; the message says which and what to do."""


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the app's secret as a QR code and as text to type in."""

    device: TOTPDevice
    secret: str
    qr_svg: SafeString


def is_recovery_code(code: str) -> bool:
    """Authenticator codes are six digits; anything else is treated as a recovery code."""
    return not re.fullmatch(r"\d{6}", normalise(code))


def normalise(code: str) -> str:
    """People copy codes with spaces or hyphens; compare without them, in lower case."""
    return re.sub(r"[\s-]", "", code).lower()


def has_authenticator(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def start_enrolment(*, user: AbstractBaseUser) -> Enrolment:
    """The person's unconfirmed authenticator (made now if they have none) with its QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return Enrolment(
        device=device, secret=" ".join(re.findall(".{1,4}", secret)), qr_svg=qr_svg(device.config_url)
    )


def confirm_enrolment(*, user: AbstractBaseUser, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the new authenticator with a code from it; returns fresh recovery codes to show once.

    The person's previous authenticator and recovery codes stop working.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        refusal = _refusal(device, code, WRONG_CODE)
        if refusal is None:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return new_recovery_codes(user=user)
    raise CodeRefused(refusal)  # outside the transaction: the throttle's failure count must stay saved


def new_recovery_codes(*, user: AbstractBaseUser) -> list[str]:
    """Replace the person's recovery codes with ten new ones; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes: list[str] = []
        while len(codes) < RECOVERY_CODE_COUNT:
            code = "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
            if code not in codes:
                codes.append(code)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(*, user: AbstractBaseUser, code: str) -> TOTPDevice | StaticDevice:
    """The device that accepts `code` (authenticator code or recovery code), else `CodeRefused`."""
    if is_recovery_code(code):
        model, message = StaticDevice, WRONG_RECOVERY_CODE
    else:
        model, message = TOTPDevice, WRONG_CODE
    with transaction.atomic():
        device = model.objects.devices_for_user(user, confirmed=True).select_for_update().first()
        refusal = message if device is None else _refusal(device, code, message)
    if refusal is not None:
        raise CodeRefused(refusal)  # after the commit: the throttle's failure count must stay saved
    return device


def _refusal(device: TOTPDevice | StaticDevice, code: str, message: str) -> str | None:
    """Why `code` is refused by `device`, or None when it is accepted (the device records the try)."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return TOO_MANY_TRIES.format(seconds=_wait_seconds(details.get("locked_until")))
    if not device.verify_token(normalise(code)):
        return message
    return None


def _wait_seconds(locked_until: datetime | None) -> int:
    from django.utils import timezone

    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


def reset(*, user: AbstractBaseUser) -> int:
    """Remove the person's authenticator and recovery codes (an administrator's act); returns how many."""
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed


def qr_svg(uri: str) -> SafeString:
    """The otpauth:// URI as an inline SVG QR code (no image files, no scripts; fine under the CSP)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration: it is embedded in an HTML page
    sized = re.sub(
        r'width="[^"]+" height="[^"]+"',
        'width="200" height="200" role="img" aria-label="QR code for your authenticator app"',
        svg,
        count=1,
    )
    return mark_safe(sized)  # noqa: S308 -- drawn by qrcode from our own URI: path data only, no text
