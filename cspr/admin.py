from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from cspr import options, retention
from cspr.models import Agency, Case, CaseEvent, ClosureDay, Membership, Partnership, ProcedureFramework

RETENTION_IN_PROCEDURE = (
    "A procedure's rules here cannot change {keys}: each partnership sets its retention on its Retention "
    "settings page (/p/<slug>/retention/settings/) or on its own page here, where each change is recorded"
)


class ProcedureFrameworkForm(forms.ModelForm):
    """A procedure's rules; its retention options stay as they are (they apply to every partnership
    following it, and no OptionChange row would record the change)."""

    class Meta:
        model = ProcedureFramework
        fields = ["slug", "name", "source_document", "rules"]

    def clean_rules(self) -> Any:
        rules = self.cleaned_data["rules"]
        before = (self.initial.get("rules") or {}).get("options", {})
        after = rules.get("options", {}) if isinstance(rules, dict) else {}
        changed = [key for key in retention.SETTINGS if before.get(key) != after.get(key)]
        if changed:
            raise forms.ValidationError(RETENTION_IN_PROCEDURE.format(keys=" and ".join(changed)))
        return rules


@admin.register(ProcedureFramework)
class ProcedureFrameworkAdmin(admin.ModelAdmin):
    form = ProcedureFrameworkForm
    list_display = ["name", "slug", "source_document", "updated_at"]


OPTIONS_NOT_AN_OBJECT = 'Enter the options as an object of keys and values, e.g. {"retention_years": 7}'
OPTIONS_HELP = (
    "Options this partnership sets where its procedure leaves them open (keys in cspr/frameworks.py). "
    "Each change is recorded with who made it and why, as on the partnership's Retention settings page "
    "(/p/<slug>/retention/settings/), where the business office changes the retention period and action."
)


class PartnershipForm(forms.ModelForm):
    """The partnership, with a reason kept with each change of its options (cspr.options)."""

    reason = forms.CharField(
        label="Why the options change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with each option change in the partnership's audit trail",
    )

    class Meta:
        model = Partnership
        fields = [
            *("slug", "name", "reference_prefix", "framework", "local_authority", "police", "health"),
            *("mailbox", "brand_colour", "logo", "region", "option_overrides"),
        ]
        help_texts = {"option_overrides": OPTIONS_HELP}

    def clean_option_overrides(self) -> dict[str, Any]:
        value = self.cleaned_data["option_overrides"]
        if not isinstance(value, dict):
            raise forms.ValidationError(OPTIONS_NOT_AN_OBJECT)
        for key, each in value.items():
            try:
                options.check(key, each)
            except options.OptionRefused as exc:
                raise forms.ValidationError(f"{key}: {exc}") from exc
        return value


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    """Options change only through cspr.options, so the admin leaves the same audit rows as the settings page."""

    form = PartnershipForm
    list_display = ["name", "slug", "framework", "region"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Partnership, form: PartnershipForm, change: bool) -> None:
        # The options are written by cspr.options (each change audited), never by the admin's own save.
        before = (form.initial.get("option_overrides") or {}) if change else {}
        after = form.cleaned_data["option_overrides"]
        if change:
            fields = [f.name for f in obj._meta.concrete_fields if not f.primary_key]
            obj.save(update_fields=[name for name in fields if name != "option_overrides"])
        else:
            obj.option_overrides = {}
            obj.save()
        changed = options.change_options(
            partnership=obj,
            by=request.user,
            values=after,
            unset=[key for key in before if key not in after],
            reason=form.cleaned_data["reason"],
        )
        if changed:
            names = ", ".join(c.key for c in changed)
            messages.info(request, f"Option changes recorded in the partnership's audit trail: {names}")


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
