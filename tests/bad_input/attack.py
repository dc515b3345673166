"""Send hypothesis-made values into one form and check the product's answer and its stored rows."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from cspr.tenancy import scopes_disabled
from rapid_review.views.portal import DRAFT_KEPT
from tests.bad_input.pages import PROJECT_APPS, Form
from tests.bad_input.strategies import BAD_INPUT, bad_file_body, bad_file_name, bad_text, field_value

ACCEPTED = {200, 302, 303, 400, 403, 404, 405, 409}  # 409: a stale or forged version number
SUCCESS = {302, 303}
ERROR_SUMMARY = "govuk-error-summary"
# A success shown in place, as GOV.UK's confirmation panel (e.g. a calendar link shown once, never redirected to).
CONFIRMATION_PANEL = "govuk-panel--confirmation"

# Names a confirmation's view might read from a forged request (a version check, a reason, a next page).
FORGED_FIELDS = ["version", "reason", "next", "confirm", "public_id"]

Pairs = list[tuple[str, str]]
Upload = tuple[str, str, bytes, str]  # field name, file name, body, content type


def _tables() -> list[str]:
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model._meta.app_label in PROJECT_APPS and not model._meta.proxy and model._meta.managed
        }
    )


# Columns a refused attempt is meant to change: a wrong two-factor code counts towards the device's lockout.
COUNTERS = ["throttling_failure_count", "throttling_failure_timestamp"]


def snapshot() -> dict[str, set[str]]:
    """A fingerprint of every stored row of the product (and its users and two-factor devices), by table,
    leaving out the failure COUNTERS.

    One statement for all tables: the suite takes two snapshots per example.
    """
    quote_name = connection.ops.quote_name
    tables = _tables()
    sql = " UNION ALL ".join(
        f"SELECT %s, md5((to_jsonb(t) - %s::text[])::text) FROM {quote_name(table)} t" for table in tables
    )
    rows: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for table in tables for value in (table, COUNTERS)])
        for table, fingerprint in cursor.fetchall():
            rows.setdefault(table, set()).add(fingerprint)
    return rows


def lost_or_altered(before: dict[str, set[str]], after: dict[str, set[str]]) -> list[str]:
    """Tables with rows stored before that are gone or changed now (new rows are not this check's business)."""
    return [
        f"{table}: {len(rows - after.get(table, set()))} row(s) deleted or changed"
        for table, rows in before.items()
        if rows - after.get(table, set())
    ]


def urlencoded(pairs: Pairs) -> str:
    """A form body as a browser would send it; lone surrogates go out as the bytes a lax client sends."""
    return urlencode(pairs, encoding="utf-8", errors="surrogatepass")


def multipart(pairs: Pairs, uploads: list[Upload]) -> tuple[bytes, str]:
    """A multipart body built by hand: the test client would sanitise file names (and we want them raw)."""
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in pairs:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_header(name)}"\r\n\r\n'.encode()
            + value.encode("utf-8", "surrogatepass")
            + b"\r\n"
        )
    for name, filename, body, content_type in uploads:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_header(name)}"; '
            f'filename="{_header(filename)}"\r\nContent-Type: {content_type}\r\n\r\n'.encode(
                "utf-8", "surrogatepass"
            )
            + body
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _header(value: str) -> str:
    # As browsers do (WHATWG "multipart/form-data encoding algorithm"): quote, CR and LF percent-encoded.
    return value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


@st.composite
def submissions(draw, form: Form, csrf: str) -> tuple[Pairs, list[Upload]]:
    """The form's fields with some of them bad (sometimes repeated), and bad files in its file fields."""
    pairs: Pairs = []
    for f in form.fields:
        if f.name == "csrfmiddlewaretoken":
            pairs.append((f.name, csrf))
            continue
        if f.kind == "file":
            continue
        choices = field_value(f.baseline)
        if f.options:
            choices = st.one_of(st.sampled_from(f.options), choices)
        for value in draw(st.lists(choices, min_size=1, max_size=2)):
            if value is not None:
                pairs.append((f.name, value))
    if not form.typed:
        # A confirmation has nothing to type: forge a field its view may read anyway.
        pairs.append((draw(st.sampled_from(FORGED_FIELDS)), draw(bad_text)))
    if form.submit:
        pairs.append(form.submit)
    uploads = [
        (
            f.name,
            draw(bad_file_name),
            draw(bad_file_body),
            draw(st.sampled_from(["application/pdf", "text/csv", "application/octet-stream", "image/png"])),
        )
        for f in form.files
    ]
    return pairs, uploads


def csrf_token(client: Client) -> str:
    cookie = client.cookies.get(settings.CSRF_COOKIE_NAME)
    return cookie.value if cookie else "not-checked-by-the-test-client"


def send(client: Client, form: Form, pairs: Pairs, uploads: list[Upload]):
    if form.method == "get":
        joiner = "&" if "?" in form.action else "?"
        return client.get(form.action + joiner + urlencoded(pairs))
    if form.files:
        body, content_type = multipart(pairs, uploads)
        return client.generic("POST", form.action, body, content_type=content_type)
    return client.generic(
        "POST", form.action, urlencoded(pairs), content_type="application/x-www-form-urlencoded"
    )


def files_outside_media(root: Path) -> list[str]:
    """Files written under the test's folder but outside MEDIA_ROOT (a path traversal landed)."""
    media = Path(settings.MEDIA_ROOT).resolve()
    return [str(p) for p in root.rglob("*") if p.is_file() and not p.resolve().is_relative_to(media)]


def stored_file_names() -> list[str]:
    """Names of stored files that would resolve outside MEDIA_ROOT."""
    media = Path(settings.MEDIA_ROOT).resolve()
    bad = []
    with scopes_disabled():
        for model in apps.get_models():
            for f in model._meta.concrete_fields:
                if isinstance(f, models.FileField):
                    for name in model._base_manager.exclude(**{f.attname: ""}).values_list(
                        f.attname, flat=True
                    ):
                        if name and not (media / name).resolve().is_relative_to(media):
                            bad.append(f"{model._meta.label}.{f.name}={name!r}")
    return bad


def attack(client: Client, form: Form, *, page: str, test_root: Path) -> None:
    """Post hypothesis-made values into `form`: never a server error, a clear error message when refused,
    nothing stored before lost or altered, and no file stored outside media."""
    csrf = csrf_token(client)

    @BAD_INPUT
    @given(submission=submissions(form, csrf))
    def each(submission: tuple[Pairs, list[Upload]]) -> None:
        pairs, uploads = submission
        with transaction.atomic():  # every example starts from the same rows
            before = snapshot()
            response = send(client, form, pairs, uploads)
            where = f"{form.method.upper()} {form.action} (form on {page})"
            assert response.status_code in ACCEPTED, f"{where} answered {response.status_code}"
            body = "" if response.streaming else response.content.decode(errors="replace")
            confirmed = response.status_code == 200 and CONFIRMATION_PANEL in body
            if form.method == "post" and response.status_code not in SUCCESS and not confirmed:
                # A page that saves the answers before a refused step says so; only then may rows change.
                draft_kept = DRAFT_KEPT in body
                problems = [] if draft_kept else lost_or_altered(before, snapshot())
                assert not problems, f"{where} refused the input but changed stored rows: {problems[:5]}"
                if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                    assert ERROR_SUMMARY in body, f"{where}: no error summary"
            if uploads:
                assert not stored_file_names(), f"{where} stored a file outside media"
                assert not files_outside_media(test_root), f"{where} wrote a file outside media"
            transaction.set_rollback(True)

    each()
