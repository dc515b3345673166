"""Hypothesis strategies for what people (and attackers) type or upload: malformed, oversize,
unicode-heavy, script-bearing and out-of-range values."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# Small and bounded: every form of the product gets a handful of examples, so the whole suite stays
# within a few minutes on two cores. CSPR_BAD_INPUT_EXAMPLES raises it for a longer hunt.
settings.register_profile(
    "bad_input",
    max_examples=int(os.environ.get("CSPR_BAD_INPUT_EXAMPLES", "5")),
    deadline=None,
    database=None,  # the examples depend on rows built per test, so replaying old ones means little
    # No shrinking: a failing example is reported as drawn (a bad value is short to read anyway), and
    # shrinking a page's examples one request at a time would take minutes.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BAD_INPUT = settings.get_profile("bad_input")

SCRIPTS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    '=HYPERLINK("http://evil.example","Click")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "' OR '1'='1' --",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
]
UNICODE = [
    "\u202eevil.exe\u202c",  # right-to-left override
    "مرحبا بالعالم",
    "שלום עולם",
    "e\u0301\u0301\u0301\u0301\u0327",  # combining marks
    "Z\u0364\u0351\u0313a\u0308\u0356l\u036eg\u030co\u0319",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466\U0001f9d2\U0001f3fd",
    "\ufeffBOM",
    "\u200b\u200c\u200d",
    "a\x00b",
    "\x00",
    "\r\n\t",
    "\x1b[31m",
    "\ud800",  # a lone surrogate: only sent in bodies we encode ourselves (see `encodable`)
]
OUT_OF_RANGE = [
    "",
    " ",
    "0",
    "00",
    "-1",
    "-999999999",
    "31",
    "02",
    "13",
    "99999",
    "1e309",
    "NaN",
    "inf",
    "-0",
    "0x1F",
    "1.5",
    "9" * 40,
    "31/02/2026",
    "2026-02-31",
    "0000-00-00",
    "99999-12-31",
    "00:00:60",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "../../etc/passwd",
    "%00",
]
OVERSIZE = ["x" * 10_001, "\U0001f9d2" * 3_000, "a " * 20_000]

bad_text = st.one_of(
    st.sampled_from(SCRIPTS + UNICODE + OUT_OF_RANGE + OVERSIZE),
    st.text(max_size=80),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def field_value(baseline: str | None) -> st.SearchStrategy[str | None]:
    """Either what the page filled in (so one bad field is tested on its own) or a bad value."""
    return st.one_of(st.just(baseline), bad_text)


def encodable(value: str) -> str:
    """`value` without lone surrogates, for multipart bodies that the test client encodes strictly."""
    return value.encode("utf-8", "replace").decode("utf-8")


FILE_NAMES = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "report\x00.pdf",
    "réunion–notes \u202egpj.exe",
    "\U0001f9d2\U0001f3fd.pdf",
    "a" * 300 + ".pdf",
    ".pdf",
    "",
    "CON",
    "notes.pdf.exe",
    "<script>.pdf",
    "=HYPERLINK(1).csv",
]
FILE_BODIES = [
    b"",
    b"MZ\x90\x00\x03" + b"\x00" * 64,  # a Windows executable
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,  # an image under a document's name
    b"%PDF-1.4\n%broken",
    b"PK\x03\x04" + b"\x00" * 26,  # a truncated zip (docx, xlsx)
    b"<html><script>alert(1)</script></html>",
    b'=HYPERLINK("http://evil.example")\r\n\x00\xff\xfe',
]
bad_file_name = st.one_of(st.sampled_from(FILE_NAMES), st.text(max_size=40).map(encodable))
bad_file_body = st.one_of(st.sampled_from(FILE_BODIES), st.binary(max_size=2048))
