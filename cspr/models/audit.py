"""Audit rows: stage events (also the outbox) and who looked at which case."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cspr.tenancy import TenantModel

from .cases import Case
from .partnerships import Partnership


class CaseEvent(TenantModel):
    """A transition or notable act on a case: the audit record, the timeline entry and the outbox."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    stage = models.CharField(max_length=20)
    subject = models.CharField(max_length=60, blank=True, help_text="What moved, e.g. scoping request")
    subject_id = models.UUIDField(null=True, blank=True)
    code = models.CharField(max_length=80, help_text="Dotted code; its sentence is in cspr/audit.py")
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # Used by the outbox sweep (cspr.tasks.process_outbox).
            models.Index(fields=["at"], condition=models.Q(processed_at=None), name="caseevent_outbox"),
            # The case history, newest first, paged (cspr.selectors.case_history): walked backwards.
            models.Index(fields=["case", "at", "id"], name="caseevent_case_at_id"),
            # The stage marks on the case timeline (cspr.timeline.build): a few codes among thousands.
            models.Index(fields=["case", "code"], name="caseevent_case_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.case_id} at {self.at:%Y-%m-%d %H:%M}"


class AccessLog(TenantModel):
    """Every view of a case by a person (safeguarding data: who looked, when, at what)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    path = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["case", "-at"], name="accesslog_case_at")]


class OptionChange(TenantModel):
    """A partnership changing one of its own options (`Partnership.option_overrides`), by whom and why.

    Append-only on PostgreSQL (cspr migration 0007): the history of a rule such as the retention period
    is evidence of what the partnership had decided when the rule was applied.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=60, help_text="An option key of cspr/frameworks.py")
    old_value = models.JSONField(null=True, help_text="The partnership's own value before; null: none")
    new_value = models.JSONField(null=True)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["partnership", "key", "-at"], name="optionchange_partnership_key")]

    def __str__(self) -> str:
        return f"{self.key} changed at {self.at:%Y-%m-%d %H:%M}"
