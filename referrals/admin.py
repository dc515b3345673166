"""Admin for staff: referrals with their history; state changes only through referrals.workflow."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from referrals.models import Child, FamilyMember, InvolvedAgency, KeyEvent, Referral


class ChildInline(admin.StackedInline):
    model = Child
    extra = 0


class FamilyMemberInline(admin.TabularInline):
    model = FamilyMember
    extra = 0


class InvolvedAgencyInline(admin.TabularInline):
    model = InvolvedAgency
    extra = 0


class KeyEventInline(admin.TabularInline):
    model = KeyEvent
    extra = 0


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "partnership", "state", "source", "referring_agency", "created_at"]
    list_filter = ["partnership", "state", "source"]
    readonly_fields = [
        "state",
        "case",
        "possible_duplicate_of",
        "submitted_at",
        "decided_at",
        "decision_reason",
    ]
    inlines = [ChildInline, FamilyMemberInline, InvolvedAgencyInline, KeyEventInline]

    def get_queryset(self, request):
        return Referral.unscoped.select_related("partnership", "case", "referring_agency")
