"""Django's SQLite backend, noting writes for the partnerships' data versions (cspr.data_versions)."""

from django.db.backends.sqlite3 import base

from cspr.data_versions import VersionedWrites


class DatabaseWrapper(VersionedWrites, base.DatabaseWrapper):
    pass
