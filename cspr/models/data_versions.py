"""Each partnership's data version: replaced in the same transaction as every write to its data."""

from __future__ import annotations

from django.db import models

from .partnerships import Partnership


class DataVersion(models.Model):
    """A random number that changes whenever anything shown on the partnership's pages is written.

    Written only by cspr.data_versions, just before each transaction that wrote the partnership's data
    commits; pages keep their costly parts under it (cspr.page_cache). A partnership without a row has
    had nothing written since the rows were loaded in bulk (version 0). Random rather than counted, so a
    database restored from a backup brings back the number that goes with its data.
    """

    # No database constraint: inserting a first version would otherwise wait on a partnership row that
    # the same transaction's neighbour has locked (cspr.services.open_case) while that one waits on this.
    # Versions are only written for partnerships that exist (cspr.data_versions.bump_written).
    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="data_version",
        db_constraint=False,
    )
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.token}"
