"""Factories for the core models; stage factories live beside their tests and build on these."""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth import get_user_model

from cspr.framework_seeds import FRAMEWORKS
from cspr.models import Agency, Case, Membership, Partnership, ProcedureFramework
from cspr.models.partnerships import AgencyKind
from cspr.roles import Role
from cspr.tenancy import scopes_disabled

TEST_PASSWORD = "correct-horse-battery-staple"


class ScopeFreeFactory(factory.django.DjangoModelFactory):
    """Builds rows without a partnership scope; tests then run their code inside one."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


def seed_framework(slug: str) -> ProcedureFramework:
    seed = next(f for f in FRAMEWORKS if f.slug == slug)
    framework, _ = ProcedureFramework.objects.update_or_create(
        slug=seed.slug,
        defaults={"name": seed.name, "source_document": seed.source_document, "rules": seed.rules.to_data()},
    )
    return framework


class PartnershipFactory(ScopeFreeFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["slug"]

    class Params:
        procedure = "west-midlands"

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.LazyAttribute(lambda o: f"{o.slug.title()} Safeguarding Children Partnership")
    reference_prefix = factory.LazyAttribute(lambda o: o.slug.replace("-", "")[:4].upper())
    framework = factory.LazyAttribute(lambda o: seed_framework(o.procedure))
    local_authority = "Test City Council"
    police = "Test Police"
    health = "NHS Test Integrated Care Board"
    mailbox = factory.LazyAttribute(lambda o: f"office@{o.slug}.example")


class AgencyFactory(ScopeFreeFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.NHS_TRUST
    email = factory.Sequence(lambda n: f"agency{n}@example.org")
    safeguarding_lead_name = "Sam Lead"
    safeguarding_lead_email = factory.Sequence(lambda n: f"lead{n}@example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(ScopeFreeFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.BUSINESS_OFFICE
    agency = None


class CaseFactory(ScopeFreeFactory):
    class Meta:
        model = Case

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"CASE-2026-{n:03d}")
    child_pseudonym = "Child A"
    aware_of_incident = date(2026, 12, 17)
    referral_received = date(2026, 12, 18)


def member(
    partnership: Partnership, role: Role, *, agency: Agency | None = None, username: str | None = None
):
    """A user holding `role` in `partnership` (agency contacts need their agency)."""
    user = UserFactory(**({"username": username} if username else {}))
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    return user


def closed(case: Case) -> Case:
    """The case closed now, as the end of its last stage leaves it: its stage, and a last audit row (the
    retention period runs from the last one)."""
    from cspr import audit
    from cspr.models.cases import Stage

    with scopes_disabled():
        Case.unscoped.filter(pk=case.pk).update(stage=Stage.CLOSED)
        case.refresh_from_db()
        audit.record(case=case, code="action_plan.closed", by=None, stage=Stage.CLOSED)
    return case
