"""Write the seeded procedure frameworks and demo partnerships into the database (idempotent)."""

from __future__ import annotations

from cspr.framework_seeds import FRAMEWORKS, PARTNERSHIPS, SeedPartnership
from cspr.models import Agency, Partnership, ProcedureFramework


def load_frameworks() -> list[ProcedureFramework]:
    """Create or update the five seed procedure frameworks from cspr/framework_seeds.py."""
    return [
        ProcedureFramework.objects.update_or_create(
            slug=seed.slug,
            defaults={
                "name": seed.name,
                "source_document": seed.source_document,
                "rules": seed.rules.to_data(),
            },
        )[0]
        for seed in FRAMEWORKS
    ]


def load_partnership(seed: SeedPartnership) -> Partnership:
    """Create or update one seed partnership and its agencies."""
    partnership, _ = Partnership.objects.update_or_create(
        slug=seed.slug,
        defaults={
            "name": seed.name,
            "reference_prefix": seed.slug.replace("-", "")[:4].upper(),
            "framework": ProcedureFramework.objects.get(slug=seed.framework_slug),
            "local_authority": seed.local_authority,
            "police": seed.police,
            "health": seed.health,
            "mailbox": seed.mailbox,
            "brand_colour": seed.brand_colour,
            "region": seed.region,
        },
    )
    for name, kind in seed.agencies:
        domain = partnership.mailbox.split("@")[-1]
        Agency.unscoped.get_or_create(
            partnership=partnership,
            name=name,
            defaults={
                "kind": kind,
                "email": f"safeguarding.{kind.replace('_', '')}@{domain}",
                "safeguarding_lead_name": f"Safeguarding lead, {name}",
                "safeguarding_lead_email": f"lead.{kind.replace('_', '')}@{domain}",
            },
        )
    return partnership


def load_partnerships() -> list[Partnership]:
    return [load_partnership(seed) for seed in PARTNERSHIPS]
