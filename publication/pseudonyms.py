"""Pseudonymisation: the register of real names and their aliases, and the check that the report to be
published contains none of the case record's identifying details.

Reports are "appropriately anonymised" (West Midlands §10.5; the Document 8 leaflet: the report "will not
contain any identifying details"); Northamptonshire's Overview Report is "anonymous with no identifiable
child or family information". The check scans the approved report, section by section, and the published
PDF's metadata for every real name in the register and in the referral (child, family, professionals),
each date of birth in the usual written forms, each address line with a house number or a postcode, and
each registered identifier (NHS number, the National Panel notification reference).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ObjectDoesNotExist

from cspr.deadlines.projection import explain_date
from publication.models import PseudonymCheck, PseudonymEntry, Publication

CONTEXT_CHARS = 40
# Name parts too short or too common to search for on their own; the full name is still searched.
MIN_PART = 3
COMMON_PARTS = {
    "the", "and", "of", "school", "primary", "secondary", "academy", "nursery", "college", "road", "street",
    "lane", "avenue", "house", "court", "close", "centre", "hospital", "trust", "nhs", "surgery", "park",
    "safeguarding", "children", "child", "partnership", "council", "police", "health", "social", "care",
    "team", "manager", "officer", "lead", "visitor", "worker", "nurse", "doctor", "referrer", "family",
}  # fmt: skip
PERSON_KINDS = {PseudonymEntry.Kind.CHILD, PseudonymEntry.Kind.FAMILY, PseudonymEntry.Kind.PROFESSIONAL}
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
NOT_RUN = "Run the check before publishing"
STALE = "The report or the register changed since the last check: run it again"
HITS_FOUND = "The last check found {count} identifying detail(s): replace them with aliases and run it again"


@dataclass(frozen=True)
class Term:
    """Something that must not appear in the published report."""

    text: str
    kind: str  # name, date of birth, address, identifier
    source: str  # where it comes from, e.g. "child", "family member (Mother)"


def _referral(publication: Publication):  # -> referrals.models.Referral | None
    try:
        return publication.case.referral
    except ObjectDoesNotExist:
        return None


def _child(referral):  # -> referrals.models.Child | None
    try:
        return referral.child if referral is not None else None
    except ObjectDoesNotExist:
        return None


def suggested_entries(publication: Publication) -> list[tuple[str, str, str]]:
    """(kind, real name, alias) from the referral: the child, each family member, the professionals named."""
    referral = _referral(publication)
    child = _child(referral)
    found: list[tuple[str, str, str]] = []
    if child is not None:
        found.append((PseudonymEntry.Kind.CHILD, child.name, publication.case.child_pseudonym))
        if child.also_known_as:
            found.append((PseudonymEntry.Kind.CHILD, child.also_known_as, publication.case.child_pseudonym))
    if referral is not None:
        seen: dict[str, int] = {}
        for member in referral.family_members.all():
            relationship = member.relationship.strip().capitalize() or "Family member"
            seen[relationship] = seen.get(relationship, 0) + 1
            alias = relationship if seen[relationship] == 1 else f"{relationship} {seen[relationship]}"
            found.append((PseudonymEntry.Kind.FAMILY, member.name, alias))
        professionals = [referral.referrer_name, referral.lead_name]
        if child is not None:
            professionals += [child.lead_practitioner, child.lead_investigator, child.coroner_contact]
        for n, name in enumerate(dict.fromkeys(p.strip() for p in professionals if p and p.strip()), start=1):
            found.append((PseudonymEntry.Kind.PROFESSIONAL, name, f"Professional {n}"))
    return found


def _name_terms(entry_kind: str, real_name: str, source: str) -> list[Term]:
    terms = [Term(real_name.strip(), "name", source)]
    if entry_kind in PERSON_KINDS:
        for part in re.split(r"[\s\-]+", real_name):
            part = part.strip(".,'")
            if len(part) >= MIN_PART and part.casefold() not in COMMON_PARTS and part != real_name.strip():
                terms.append(Term(part, "name", source))
    return terms


def _date_forms(day: date) -> list[str]:
    """A date as people write it: 03/02/2024, 3/2/2024, 03/02/24, 3 February 2024, 3 Feb 2024, 2024-02-03."""
    return list(
        dict.fromkeys(
            [
                f"{day:%d/%m/%Y}",
                f"{day.day}/{day.month}/{day.year}",
                f"{day:%d/%m/%y}",
                f"{day.day} {day:%B %Y}",
                f"{day:%d %B %Y}",
                f"{day.day} {day:%b %Y}",
                f"{day:%B} {day.day}, {day.year}",
                day.isoformat(),
                f"{day:%d.%m.%Y}",
            ]
        )
    )


def _address_terms(address: str, source: str) -> list[Term]:
    terms = [Term(m.group(0), "address", source) for m in POSTCODE.finditer(address)]
    for line in re.split(r"[\n,]+", address):
        line = line.strip()
        if len(line) >= 5 and re.search(r"\d", line) and not POSTCODE.fullmatch(line):
            terms.append(Term(line, "address", source))
    return terms


def terms_for(publication: Publication) -> list[Term]:
    """Everything identifying in the case record and the register, deduplicated (case-insensitively)."""
    terms: list[Term] = []
    for entry in publication.pseudonyms.all():
        terms += _name_terms(
            entry.kind, entry.real_name, f"{entry.get_kind_display().lower()} ({entry.alias})"
        )
    referral = _referral(publication)
    child = _child(referral)
    if child is not None:
        terms += _name_terms(PseudonymEntry.Kind.CHILD, child.name, "child")
        terms += [Term(text, "date of birth", "child") for text in _date_forms(child.date_of_birth)]
        if child.date_of_death:
            terms += [Term(text, "date of death", "child") for text in _date_forms(child.date_of_death)]
        terms += _address_terms(child.home_address, "child's home address")
        terms += _address_terms(child.incident_address, "address of the incident")
        nhs = re.sub(r"\D", "", child.nhs_number)
        if nhs:
            terms += [
                Term(nhs, "identifier", "NHS number"),
                Term(f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}", "identifier", "NHS number"),
            ]
    if referral is not None:
        for member in referral.family_members.all():
            source = f"family member ({member.relationship})"
            terms += _name_terms(PseudonymEntry.Kind.FAMILY, member.name, source)
            if member.date_of_birth:
                terms += [Term(text, "date of birth", source) for text in _date_forms(member.date_of_birth)]
            terms += _address_terms(member.address, f"{source} address")
        if referral.national_notification_reference:
            terms.append(
                Term(referral.national_notification_reference, "identifier", "National Panel notification")
            )
    unique: dict[str, Term] = {}
    for term in terms:
        if term.text.strip():
            unique.setdefault(term.text.strip().casefold(), term)
    return list(unique.values())


def _pattern(text: str) -> re.Pattern[str]:
    # Word boundaries where the term starts or ends with a word character; any run of spaces matches a space.
    body = r"\s+".join(re.escape(part) for part in text.split())
    start = r"\b" if re.match(r"\w", text) else ""
    end = r"\b" if re.search(r"\w$", text) else ""
    return re.compile(f"{start}{body}{end}", re.IGNORECASE)


def scan(texts: list[tuple[str, str]], terms: list[Term]) -> list[dict[str, str]]:
    """Each occurrence of each term in (where, text) pairs, with the words around it."""
    hits: list[dict[str, str]] = []
    for where, text in texts:
        for term in terms:
            for match in _pattern(term.text).finditer(text):
                a, b = match.span()
                hits.append(
                    {
                        "where": where,
                        "term": term.text,
                        "kind": term.kind,
                        "source": term.source,
                        "before": ("…" if a > CONTEXT_CHARS else "") + text[max(0, a - CONTEXT_CHARS) : a],
                        "match": text[a:b],
                        "after": text[b : b + CONTEXT_CHARS] + ("…" if len(text) > b + CONTEXT_CHARS else ""),
                    }
                )
    return hits


def digest(publication: Publication) -> str:
    """What a clean result vouches for: the approved text, the register and the public-page wording."""
    version = publication.review.approved_version
    parts = [str(version.pk if version else ""), version.text() if version else ""]
    parts += [f"{e.kind}|{e.real_name}|{e.alias}" for e in publication.pseudonyms.order_by("pk")]
    parts += [
        publication.title,
        publication.summary,
        publication.reviewer_names,
        publication.learning_briefing,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def latest_check(publication: Publication) -> PseudonymCheck | None:
    return publication.checks.order_by("-run_at", "-pk").first()


def check_passes(publication: Publication) -> tuple[bool, str]:
    """Whether the latest check is clean and still describes the report; else what to do."""
    check = latest_check(publication)
    if check is None:
        return False, NOT_RUN
    if not check.is_clean:
        return False, HITS_FOUND.format(count=len(check.hits))
    if check.digest != digest(publication):
        return False, STALE
    return True, f"Clean on {explain_date(check.run_at.date())}"
