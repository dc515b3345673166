"""Reset a person's two-factor authentication when they have lost their phone and their recovery codes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cspr import two_factor


class Command(BaseCommand):
    help = (
        "Remove a person's authenticator app and recovery codes; they set up two-factor authentication "
        "again at their next sign-in. Check who is asking before you run it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}")
        removed = two_factor.reset(user=user)
        self.stdout.write(
            f"Two-factor authentication reset for {username} ({removed} devices removed); "
            "they will set it up again at their next sign-in."
        )
