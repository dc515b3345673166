from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cspr.models import Agency, Case, CaseEvent, ClosureDay, Membership, Partnership, ProcedureFramework


@admin.register(ProcedureFramework)
class ProcedureFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "source_document", "updated_at"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "framework", "region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "kind", "email"]
    list_filter = ["partnership", "kind"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "partnership", "role", "agency", "is_active"]
    list_filter = ["partnership", "role"]
    raw_id_fields = ["user"]


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason", "partnership"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "child_pseudonym", "partnership", "stage"]
    list_filter = ["partnership", "stage"]


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    """Read-only: audit rows are never edited."""

    list_display = ["at", "case", "code", "by"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
