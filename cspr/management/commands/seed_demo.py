"""Demo data: the seed partnerships, their agencies, one user per role and cases at every stage."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from cspr import services
from cspr.loaders import load_frameworks, load_partnerships
from cspr.models import Agency, Case, CaseEvent, Membership, Partnership
from cspr.models.partnerships import AgencyKind
from cspr.roles import Role
from cspr.tenancy import scope, scopes_disabled

DEMO_PASSWORD = "safeguarding-demo-2026"

ROLE_LOGINS = {
    "bo": Role.BUSINESS_OFFICE,
    "chair": Role.CHAIR,
    "la": Role.PARTNER_LOCAL_AUTHORITY,
    "police": Role.PARTNER_POLICE,
    "health": Role.PARTNER_HEALTH,
    "reviewer": Role.REVIEWER,
    "panel": Role.PANEL_MEMBER,
    "auditor": Role.AUDITOR,
}
# Agency contacts: two agencies per partnership, so the portal shows isolation between agencies.
AGENCY_LOGINS = {"agency": AgencyKind.NHS_TRUST, "agency2": AgencyKind.EDUCATION}
# People whose agency serves several partnerships: one login, a role in each area.
CROSS_PARTNERSHIP_LOGINS = {
    "west-midlands-police": "West Midlands Police",
    "leicestershire-police": "Leicestershire Police",
}


class Command(BaseCommand):
    help = "Load the demo partnerships, users (one per role) and cases. Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic(), scopes_disabled():
            load_frameworks()
            partnerships = load_partnerships()
            password = make_password(DEMO_PASSWORD)  # hash once: seeding stays fast
            logins = []
            for partnership in partnerships:
                logins += self._people(partnership, password)
                with scope(partnership):
                    self._cases(partnership)
            logins += self._cross_partnership_people(password)
            # Demo history, not news: its emails are not sent.
            CaseEvent.objects.filter(processed_at=None).update(processed_at=timezone.now())
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Every demo user's password: {DEMO_PASSWORD}")
        self.stdout.write("Demo logins (username: role, partnership):")
        for line in logins:
            self.stdout.write(f"  {line}")

    def _user(self, username: str, password: str, first: str, last: str):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.invalid"},
        )
        if created:
            user.password = password
            user.save(update_fields=["password"])
        return user

    def _people(self, partnership: Partnership, password: str) -> list[str]:
        prefix = partnership.slug
        lines = []
        for suffix, role in ROLE_LOGINS.items():
            user = self._user(f"{prefix}.{suffix}", password, role.label.split(" (")[0], partnership.name)
            Membership.unscoped.get_or_create(user=user, partnership=partnership, role=role, agency=None)
            lines.append(f"{user.username}: {role.label}, {partnership.name}")
        unused = list(Agency.unscoped.filter(partnership=partnership))
        for suffix, kind in AGENCY_LOGINS.items():
            agency = next((a for a in unused if a.kind == kind), unused[0])
            unused.remove(agency)
            user = self._user(f"{prefix}.{suffix}", password, "Agency contact", agency.name)
            Membership.unscoped.get_or_create(
                user=user, partnership=partnership, role=Role.AGENCY_CONTACT, agency=agency
            )
            lines.append(f"{user.username}: agency contact for {agency.name}, {partnership.name}")
        return lines

    def _cross_partnership_people(self, password: str) -> list[str]:
        lines = []
        for username, agency_name in CROSS_PARTNERSHIP_LOGINS.items():
            agencies = Agency.unscoped.filter(name=agency_name).select_related("partnership")
            user = self._user(username, password, "Agency contact", agency_name)
            for agency in agencies:
                Membership.unscoped.get_or_create(
                    user=user, partnership=agency.partnership, role=Role.AGENCY_CONTACT, agency=agency
                )
            areas = ", ".join(a.partnership.name for a in agencies)
            lines.append(f"{username}: agency contact for {agency_name} in {areas}")
        return lines

    def _cases(self, partnership: Partnership) -> None:
        """Cases at every stage, built by each stage's demo builder through its real workflow."""
        if Case.objects.filter(partnership=partnership).exists():
            return
        office = Membership.objects.get(partnership=partnership, role=Role.BUSINESS_OFFICE).user
        for path in settings.CSPR_DEMO_BUILDERS:
            import_string(path)(partnership=partnership, by=office)
        # An old case whose clocks ran out, so the dashboards show overdue work.
        received = _weekday_before(timezone.localdate() - timedelta(days=40))
        services.open_case(
            partnership=partnership,
            child_pseudonym="Child Z",
            aware_of_incident=received,
            referral_received=received,
            by=office,
        )


def _weekday_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
