"""The seeded procedure frameworks and demo partnerships: registry keys, quoted sources, outcomes, colours."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

from cspr.framework_seeds import FRAMEWORKS, PARTNERSHIPS, SeedFramework
from cspr.frameworks import OPTIONS, TIMESCALES, Timescale, resolve_timescale

# The seeds sit beside the repository (../shared/seeds), in development and in CI alike.
SEEDS_DIR = Path(os.environ.get("CSPR_SEEDS_DIR", Path(__file__).resolve().parents[3] / "shared" / "seeds"))
SEED_FILES = {
    "west-midlands": "000_ce69d51221a0e76b.txt",
    "llr": "001_e35e09035094ca5c.txt",
    "cambridgeshire-peterborough": "002_9156f593d4441baf.txt",
    "northamptonshire": "003_8d42c0b125f1520f.txt",
    "lewisham": "004_4e0570acc913509c.txt",
}
DOCUMENT_KEYS = {
    "referral_form",
    "scoping_request",
    "scoping_letter",
    "rapid_review",
    "national_panel_letter",
    "terms_of_reference",
    "family_letter",
    "family_leaflet",
    "chronology",
    "chronology_request",
    "chronology_guidance",
    "information_report",
    "information_report_request",
    "information_report_guidance",
    "factual_summary",
    "workshop_invitation",
    "workshop_briefing",
    "workshop_agenda",
    "report_guidance",
    "action_plan",
    "learning_briefing",
}
LEADS_TO = {"national_review", "local_review", "other_learning_review", "no_further_action"}
# cspr.models.partnerships.AgencyKind, spelt out so this module needs no database or app registry.
AGENCY_KINDS = {
    "childrens_social_care",
    "police",
    "health_icb",
    "nhs_trust",
    "gp",
    "education",
    "probation",
    "cafcass",
    "housing",
    "ambulance",
    "other",
}
STATUTORY_KINDS = {"childrens_social_care", "police", "health_icb"}
QUOTE = re.compile(r'"([^"]+)"')

frameworks = pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.slug)


def normalise(text: str) -> str:
    """Collapse whitespace and case; drop the seeds' markdown emphasis and typographic quotes and dashes."""
    text = text.replace("*", "")
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))
    return " ".join(text.split()).casefold()


@cache
def seed_text(slug: str) -> str:
    path = SEEDS_DIR / SEED_FILES[slug]
    if not path.exists():
        pytest.skip(f"seed text not available at {path}")
    return normalise(path.read_text(encoding="utf-8"))


def own_timescales(framework: SeedFramework) -> dict[str, Timescale]:
    """The timescales whose source is this framework's own document (West Midlands: the registry defaults)."""
    if framework.slug == "west-midlands":
        return {k: t for k, t in TIMESCALES.items() if t.source.startswith("West Midlands")}
    return {key: resolve_timescale(key, framework.rules.timescales) for key in framework.rules.timescales}


def test_slugs_are_the_five_procedures() -> None:
    assert [f.slug for f in FRAMEWORKS] == list(SEED_FILES)


@frameworks
def test_every_registry_timescale_resolves(framework: SeedFramework) -> None:
    for key in TIMESCALES:
        timescale = resolve_timescale(key, framework.rules.timescales)
        assert timescale.key == key
        if timescale.window_from is not None:
            assert timescale.amount is not None and timescale.window_from < timescale.amount, key


@frameworks
def test_overrides_name_registry_keys(framework: SeedFramework) -> None:
    assert set(framework.rules.timescales) <= set(TIMESCALES)
    assert set(framework.rules.options) <= set(OPTIONS)


@frameworks
def test_every_framework_cites_its_own_procedure(framework: SeedFramework) -> None:
    if framework.slug == "west-midlands":
        return
    for key in TIMESCALES:
        source = resolve_timescale(key, framework.rules.timescales).source
        assert "West Midlands" not in source, f"{framework.slug}.{key} still cites West Midlands"


@frameworks
def test_set_timescales_quote_the_procedure(framework: SeedFramework) -> None:
    text = seed_text(framework.slug)
    for key, timescale in own_timescales(framework).items():
        quotes = QUOTE.findall(timescale.source)
        if timescale.is_set:
            assert quotes, f"{framework.slug}.{key} sets a timescale without quoting the procedure"
        for quote in quotes:
            assert normalise(quote) in text, f"{framework.slug}.{key}: not in the seed: {quote!r}"


@frameworks
def test_rules_round_trip_through_json(framework: SeedFramework) -> None:
    stored = json.loads(json.dumps(framework.rules.to_data()))  # as the JSONField keeps them
    assert type(framework.rules).from_data(stored) == framework.rules


@frameworks
def test_outcomes(framework: SeedFramework) -> None:
    codes = [o.code for o in framework.rules.outcomes]
    assert codes and len(codes) == len(set(codes))
    assert {o.leads_to for o in framework.rules.outcomes} <= LEADS_TO
    assert any(o.leads_to == "local_review" for o in framework.rules.outcomes)


@frameworks
def test_documents(framework: SeedFramework) -> None:
    keys = [d.key for d in framework.rules.documents]
    assert len(keys) == len(set(keys))
    assert set(keys) <= DOCUMENT_KEYS
    assert {"referral_form", "rapid_review"} <= set(keys)


@frameworks
def test_recipients(framework: SeedFramework) -> None:
    recipients = framework.rules.recipients
    assert recipients["national_panel"] == "Mailbox.NationalReviewPanel@education.gov.uk"
    assert framework.rules.options.get("send_to_nspcc", True) == ("nspcc" in recipients)
    for key, address in recipients.items():
        if key != "national_panel_postal":
            assert address.lower() in seed_text(framework.slug), f"{framework.slug}: {key} not in the seed"


def test_option_values() -> None:
    rules = {f.slug: f.rules.options for f in FRAMEWORKS}
    assert rules["llr"]["quorum"] == {"rule": "min_representatives", "min_total": 3, "min_statutory": 2}
    assert rules["northamptonshire"]["decision_model"] == "panel_recommends_leads_decide"
    assert rules["lewisham"]["decision_model"] == "partners_then_executive"
    for slug, options in rules.items():
        assert options["decision_model"] in {
            "partners_agree",
            "panel_recommends_leads_decide",
            "partners_then_executive",
        }
        assert options["quorum"]["rule"] in {
            "each_statutory_partner",
            "min_representatives",
            "set_by_partnership",
        }, slug


def test_partnerships_follow_seeded_frameworks() -> None:
    slugs = [p.slug for p in PARTNERSHIPS]
    assert len(slugs) == len(set(slugs))
    assert {p.framework_slug for p in PARTNERSHIPS} == set(SEED_FILES)


@pytest.mark.parametrize("partnership", PARTNERSHIPS, ids=lambda p: p.slug)
def test_partnership_agencies(partnership) -> None:
    names = [name for name, _ in partnership.agencies]
    kinds = {kind for _, kind in partnership.agencies}
    assert 6 <= len(names) <= 9 and len(names) == len(set(names))
    assert kinds <= AGENCY_KINDS
    assert kinds >= STATUTORY_KINDS, "every partnership has its three safeguarding partners"
    assert "@" in partnership.mailbox and partnership.region == "ENG"


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("partnership", PARTNERSHIPS, ids=lambda p: p.slug)
def test_brand_colour_carries_white_text(partnership) -> None:
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", partnership.brand_colour)
    contrast = 1.05 / (relative_luminance(partnership.brand_colour) + 0.05)
    assert contrast >= 4.5, f"{partnership.slug}: {contrast:.2f}:1 against white"
