"""Django's PostgreSQL backend, noting writes for the partnerships' data versions (cspr.data_versions)."""

from django.db.backends.postgresql import base

from cspr.data_versions import VersionedWrites


class DatabaseWrapper(VersionedWrites, base.DatabaseWrapper):
    pass
