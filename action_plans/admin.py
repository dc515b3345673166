from django.contrib import admin

from action_plans.models import Action, ActionPlan, LearningBriefing


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["case", "state", "agreed_on", "closed_at"]
    list_filter = ["state", "partnership"]
    readonly_fields = ["state"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return ActionPlan.unscoped.select_related("case")


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["description", "owner_agency", "target_date", "state", "rag"]
    list_filter = ["state", "rag", "partnership"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return Action.unscoped.select_related("owner_agency")


@admin.register(LearningBriefing)
class LearningBriefingAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "published_at"]
    list_filter = ["state", "partnership"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return LearningBriefing.unscoped.all()
