"""Backups: the PostgreSQL database (pg_dump's custom format) and the uploaded files, in one folder with a
manifest of checksums, so a restore refuses a damaged or incomplete backup before it touches anything.

`make backup` and `make restore BACKUP=<folder>` call the `backup` and `restore` commands, which call these.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.utils import timezone

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup could not be made or restored; the message says why."""


@dataclass(frozen=True)
class Postgres:
    """Connection details for pg_dump/pg_restore, from a postgres:// URL or Django's settings."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_url(cls, url: str) -> Postgres:
        parts = urlparse(url)
        if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise BackupError(
                f"Backups need PostgreSQL; {parts.scheme or 'this'} databases are not backed up."
            )
        return cls(
            name=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=parts.hostname or "",
            port=str(parts.port or ""),
        )

    @classmethod
    def from_settings(cls) -> Postgres:
        db = settings.DATABASES["default"]
        if "postgresql" not in db["ENGINE"]:
            raise BackupError("Backups need PostgreSQL; the local SQLite demo database is not backed up.")
        return cls(
            name=db["NAME"], user=db.get("USER", ""), password=db.get("PASSWORD", ""),
            host=db.get("HOST", ""), port=str(db.get("PORT", "") or ""),
        )  # fmt: skip

    def arguments(self) -> list[str]:
        args = ["--dbname", self.name]
        for flag, value in (("--username", self.user), ("--host", self.host), ("--port", self.port)):
            if value:
                args += [flag, value]
        return args

    def environment(self) -> dict[str, str]:
        return {**os.environ, **({"PGPASSWORD": self.password} if self.password else {})}


def make_backup(folder: Path, *, database: Postgres | None = None, media_root: Path | None = None) -> dict:
    """Write the database dump, the uploaded files and a manifest into `folder` (which must not exist)."""
    database = database or Postgres.from_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if folder.exists():
        raise BackupError(f"{folder} already exists; choose a new folder for each backup.")
    folder.mkdir(parents=True)
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / DATABASE_FILE), *database.arguments()],
         database)  # fmt: skip
    with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    manifest = {
        "made_at": timezone.now().isoformat(),
        "database": database.name,
        "files": {name: _sha256(folder / name) for name in (DATABASE_FILE, MEDIA_FILE)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def restore_backup(folder: Path, *, database: Postgres | None = None, media_root: Path | None = None) -> dict:
    """Check the backup against its manifest, then replace the database's contents and the uploaded files."""
    database = database or Postgres.from_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = verify(folder)
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *database.arguments(),
          str(folder / DATABASE_FILE)], database)  # fmt: skip
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
        for member in archive.getmembers():
            if member.name == "media":
                continue
            member.name = member.name.removeprefix("media/")
            archive.extract(member, media_root, filter="data")  # "data" refuses paths leaving media_root
    return manifest


def verify(folder: Path) -> dict:
    """The manifest, once every file it lists is present with the checksum it recorded."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} has no readable {MANIFEST}: it is not a complete backup.") from exc
    for name, expected in manifest.get("files", {}).items():
        path = folder / name
        if not path.exists():
            raise BackupError(f"{name} is missing from the backup.")
        if _sha256(path) != expected:
            raise BackupError(
                f"{name} does not match its checksum: the backup is damaged. Nothing was restored."
            )
    return manifest


def _run(command: list[str], database: Postgres) -> None:
    # The program is pg_dump or pg_restore and the arguments come from settings, never from a request.
    result = subprocess.run(command, env=database.environment(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
