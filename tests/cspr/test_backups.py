"""`backup` then `restore` round-trips a populated PostgreSQL database and the uploaded files; a damaged
backup is refused before anything is touched."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from cspr.backups import BackupError, Postgres, make_backup, restore_backup, verify
from cspr.tenancy import scopes_disabled
from tests.factories import CaseFactory, PartnershipFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),  # pg_dump must see the rows, so they are committed
    pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are of PostgreSQL"),
]


def _connect(database: Postgres, name: str):
    return psycopg2.connect(
        dbname=name, user=database.user or None, password=database.password or None,
        host=database.host or None, port=database.port or None,
    )  # fmt: skip


@pytest.fixture
def restored_database():
    """An empty database beside the test database, dropped afterwards."""
    source = Postgres.from_settings()
    target = replace(source, name=f"{source.name}_restored")
    admin = _connect(source, "postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target.name}"')
        cursor.execute(f'CREATE DATABASE "{target.name}"')
    yield target
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')
    admin.close()


def test_a_backup_restores_the_cases_and_the_files(tmp_path, restored_database):
    with scopes_disabled():
        partnership = PartnershipFactory(slug="backed-up")
        case = CaseFactory(partnership=partnership, child_pseudonym="Child Backup")
    upload = Path(settings.MEDIA_ROOT) / "private" / "returns" / "chronology.csv"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text("date,event\n2026-12-01,Seen by GP\n")

    call_command("backup", str(tmp_path / "backup"))
    restored_media = tmp_path / "restored-media"
    restore_backup(tmp_path / "backup", database=restored_database, media_root=restored_media)

    with _connect(restored_database, restored_database.name) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT reference, child_pseudonym FROM cspr_case WHERE public_id = %s", [str(case.public_id)]
        )
        assert cursor.fetchone() == (case.reference, "Child Backup")
        cursor.execute("SELECT count(*) FROM django_migrations")
        assert cursor.fetchone()[0] > 10
    db.close()
    assert (restored_media / "private" / "returns" / "chronology.csv").read_text() == upload.read_text()


def test_a_damaged_backup_is_refused(tmp_path, restored_database):
    make_backup(tmp_path / "backup")
    dump = tmp_path / "backup" / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-10])
    with pytest.raises(BackupError, match="damaged"):
        verify(tmp_path / "backup")
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(tmp_path / "backup", database=restored_database, media_root=tmp_path / "media")
    assert not (tmp_path / "media").exists()  # nothing was touched


def test_a_backup_never_overwrites_an_earlier_one(tmp_path):
    (tmp_path / "backup").mkdir()
    with pytest.raises(BackupError, match="already exists"):
        make_backup(tmp_path / "backup")
