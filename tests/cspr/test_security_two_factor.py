"""Two-factor authentication: set-up, the step after the password, recovery codes, reset and enforcement."""

from __future__ import annotations

import re
import uuid
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cspr import two_factor
from cspr.security import OPEN_WITHOUT_TWO_FACTOR

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0 - steps_ahead * device.step, device.digits):06d}"


def authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def home_of(partnership) -> str:
    return partnership.get_absolute_url()


# -- enforcement -------------------------------------------------------------------------------------------

CONVERTER_VALUES = {"uuid": lambda p: str(uuid.uuid4()), "slug": lambda p: p.slug, "int": lambda p: "1"}


def every_route(patterns=None, prefix: str = "", namespace: str = ""):
    """(reversible name, kwargs converters) of every named URL pattern, admin included once (its index)."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                yield "admin:index", {}
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from every_route(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            params = dict(
                (name, converter or "str") for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route)
            )
            yield f"{namespace}{entry.name}", params


def url_of(name: str, params: dict[str, str], partnership) -> str:
    kwargs = {
        key: partnership.slug
        if key == "partnership_slug"
        else CONVERTER_VALUES.get(converter, lambda p: "2026-12-24")(partnership)
        for key, converter in params.items()
    }
    return reverse(name, kwargs=kwargs)


def is_open(name: str) -> bool:
    return name in OPEN_WITHOUT_TWO_FACTOR or f"{name.split(':')[0]}:" in OPEN_WITHOUT_TWO_FACTOR


def test_every_page_with_case_data_waits_for_the_two_factor_step(unverified_client, bo_a, partnership_a):
    authenticator(bo_a)
    unverified_client.force_login(bo_a)
    verify = reverse("two_factor_verify")
    checked = 0
    for name, params in every_route():
        if is_open(name):
            continue
        url = url_of(name, params, partnership_a)
        for method in (unverified_client.get, unverified_client.post):
            response = method(url)
            assert response.status_code == 302, f"{method.__name__.upper()} {url} gave {response.status_code}"
            assert response["Location"].startswith(verify), f"{url} sent to {response['Location']}"
        checked += 1
    assert checked > 20  # the walk really covered the site (cases, rapid review, referrals, portal, admin …)


def test_the_open_pages_do_not_ask_for_a_code(unverified_client, bo_a, partnership_a):
    authenticator(bo_a)
    unverified_client.force_login(bo_a)
    for name in ["accessibility", "healthz", "two_factor_verify"]:
        assert unverified_client.get(reverse(name)).status_code == 200, name
    brand = reverse("brand_stylesheet", kwargs={"slug": partnership_a.slug})
    assert unverified_client.get(brand).status_code == 200


def test_a_person_without_an_app_is_sent_to_set_one_up(unverified_client, bo_a, partnership_a):
    unverified_client.force_login(bo_a)
    response = unverified_client.get(home_of(partnership_a))
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('two_factor_setup')}?next={home_of(partnership_a).replace('/', '%2F')}"
    )


def test_the_local_demo_signs_in_with_a_password_alone(unverified_client, bo_a, partnership_a, settings):
    settings.CSPR_REQUIRE_2FA = False
    unverified_client.force_login(bo_a)
    assert unverified_client.get(home_of(partnership_a)).status_code == 200


def test_even_in_the_demo_a_person_who_set_up_an_app_must_use_it(
    unverified_client, bo_a, partnership_a, settings
):
    settings.CSPR_REQUIRE_2FA = False
    authenticator(bo_a)
    unverified_client.force_login(bo_a)
    response = unverified_client.get(home_of(partnership_a))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))


# -- set-up ------------------------------------------------------------------------------------------------


def test_setting_up_an_app_shows_the_key_as_a_qr_code_and_as_text(unverified_client, bo_a):
    unverified_client.force_login(bo_a)
    page = unverified_client.get(reverse("two_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=bo_a, confirmed=False)
    key = two_factor.start_enrolment(user=bo_a).secret
    assert '<svg width="200" height="200" role="img" aria-label="QR code for your authenticator app"' in page
    assert key in page and len(key.replace(" ", "")) == 32
    assert "<script" not in page.split("<svg")[1].split("</svg>")[0]
    # Reloading the page keeps the same unconfirmed key: a person who scanned it is not left behind.
    unverified_client.get(reverse("two_factor_setup"))
    assert list(TOTPDevice.objects.filter(user=bo_a)) == [device]


def test_a_wrong_code_at_set_up_is_refused_and_the_key_stays(unverified_client, bo_a):
    unverified_client.force_login(bo_a)
    unverified_client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=bo_a)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = unverified_client.post(reverse("two_factor_setup"), {"code": wrong})
    assert response.status_code == 200
    assert two_factor.WRONG_CODE in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_a_code_from_the_app_confirms_it_and_shows_ten_recovery_codes_once(
    unverified_client, bo_a, partnership_a
):
    unverified_client.force_login(bo_a)
    next_url = home_of(partnership_a)
    unverified_client.get(reverse("two_factor_setup"), {"next": next_url})
    device = TOTPDevice.objects.get(user=bo_a)

    response = unverified_client.post(
        f"{reverse('two_factor_setup')}?next={next_url}", {"code": code_for(device)}
    )

    assert response.status_code == 302 and response["Location"].startswith(reverse("recovery_codes"))
    device.refresh_from_db()
    assert device.confirmed
    page = unverified_client.get(response["Location"]).content.decode()
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)
    assert len(set(codes)) == 10
    assert sorted(c.replace("-", "") for c in codes) == sorted(
        StaticToken.objects.filter(device__user=bo_a).values_list("token", flat=True)
    )
    assert f'href="{next_url}"' in page
    again = unverified_client.get(reverse("recovery_codes")).content.decode()
    assert (
        not re.findall(r"<code>[a-z0-9]{5}-[a-z0-9]{5}</code>", again) and "10 recovery codes left" in again
    )
    # The session is now past the two-factor step.
    assert unverified_client.get(next_url).status_code == 200


def test_replacing_the_app_needs_the_current_one_first(unverified_client, bo_a):
    authenticator(bo_a)
    unverified_client.force_login(bo_a)
    response = unverified_client.get(reverse("two_factor_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=bo_a).count() == 1


def test_a_verified_person_can_replace_their_app_and_the_old_one_stops_working(client, bo_a):
    client.force_login(bo_a)
    old = TOTPDevice.objects.get(user=bo_a)
    client.get(reverse("two_factor_setup"))
    new = TOTPDevice.objects.get(user=bo_a, confirmed=False)
    assert client.post(reverse("two_factor_setup"), {"code": code_for(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=bo_a)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


# -- the step after the password ---------------------------------------------------------------------------


def test_a_code_from_the_app_completes_sign_in_and_returns_to_the_page(
    unverified_client, bo_a, partnership_a
):
    device = authenticator(bo_a)
    unverified_client.force_login(bo_a)
    next_url = home_of(partnership_a)
    response = unverified_client.post(
        f"{reverse('two_factor_verify')}?next={next_url}", {"code": code_for(device)}
    )
    assert response.status_code == 302 and response["Location"] == next_url
    assert unverified_client.get(next_url).status_code == 200


def test_a_code_cannot_be_used_twice(unverified_client, bo_a):
    device = authenticator(bo_a)
    code = code_for(device)
    assert two_factor.verify(user=bo_a, code=code) == device
    with pytest.raises(two_factor.CodeRefused):
        two_factor.verify(user=bo_a, code=code)


def test_a_wrong_code_keeps_the_person_out_with_a_clear_message(unverified_client, bo_a, partnership_a):
    device = authenticator(bo_a)
    unverified_client.force_login(bo_a)
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"
    response = unverified_client.post(reverse("two_factor_verify"), {"code": wrong})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and two_factor.WRONG_CODE in page
    assert unverified_client.get(home_of(partnership_a)).status_code == 302


def test_quick_wrong_codes_are_throttled(unverified_client, bo_a):
    device = authenticator(bo_a)
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"
    with time_machine.travel(timezone.now(), tick=False):
        with pytest.raises(two_factor.CodeRefused, match="not right"):
            two_factor.verify(user=bo_a, code=wrong)
        with pytest.raises(two_factor.CodeRefused, match="too many wrong codes"):
            two_factor.verify(user=bo_a, code=code_for(device))  # even the right code waits
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_the_next_address_must_be_on_this_site(unverified_client, bo_a):
    device = authenticator(bo_a)
    unverified_client.force_login(bo_a)
    response = unverified_client.post(
        f"{reverse('two_factor_verify')}?next=https://evil.example/", {"code": code_for(device)}
    )
    assert response["Location"] == reverse("home")


# -- recovery codes ----------------------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(unverified_client, bo_a, partnership_a):
    authenticator(bo_a)
    codes = two_factor.new_recovery_codes(user=bo_a)
    unverified_client.force_login(bo_a)
    response = unverified_client.post(reverse("two_factor_verify"), {"code": codes[0].upper()}, follow=True)
    assert "You have 9 recovery codes left" in response.content.decode()
    assert two_factor.recovery_codes_left(bo_a) == 9
    with pytest.raises(two_factor.CodeRefused, match="already been used"):
        two_factor.verify(user=bo_a, code=codes[0])


def test_using_one_of_the_last_recovery_codes_leads_to_the_account_page(unverified_client, bo_a):
    authenticator(bo_a)
    codes = two_factor.new_recovery_codes(user=bo_a)
    StaticToken.objects.filter(device__user=bo_a).exclude(
        token__in=[c.replace("-", "") for c in codes[:2]]
    ).delete()
    unverified_client.force_login(bo_a)
    response = unverified_client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert response["Location"] == reverse("account")


def test_making_new_recovery_codes_replaces_the_old_ones(client, bo_a):
    client.force_login(bo_a)
    old = two_factor.new_recovery_codes(user=bo_a)
    response = client.post(reverse("recovery_codes"), follow=True)
    new = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    with pytest.raises(two_factor.CodeRefused):
        two_factor.verify(user=bo_a, code=old[0])
    assert StaticDevice.objects.filter(user=bo_a).count() == 1


# -- reset by an administrator -----------------------------------------------------------------------------


def test_an_administrator_resets_a_person_who_lost_their_phone(unverified_client, bo_a, partnership_a):
    authenticator(bo_a)
    two_factor.new_recovery_codes(user=bo_a)
    out = StringIO()
    call_command("reset_two_factor", "bo_a", stdout=out)
    assert "reset for bo_a (2 devices removed)" in out.getvalue()
    assert (
        not TOTPDevice.objects.filter(user=bo_a).exists()
        and not StaticDevice.objects.filter(user=bo_a).exists()
    )
    unverified_client.force_login(bo_a)
    response = unverified_client.get(home_of(partnership_a))
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_a_reset_ends_the_verified_sessions(client, bo_a, partnership_a):
    client.force_login(bo_a)
    assert client.get(home_of(partnership_a)).status_code == 200
    two_factor.reset(user=bo_a)
    response = client.get(home_of(partnership_a))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup"))


def test_the_account_page_shows_the_two_factor_state(client, bo_a):
    client.force_login(bo_a)
    two_factor.new_recovery_codes(user=bo_a)
    page = client.get(reverse("account")).content.decode()
    assert "Authenticator app" in page and "10 left" in page
    assert reverse("password_change") in page and reverse("two_factor_setup") in page
