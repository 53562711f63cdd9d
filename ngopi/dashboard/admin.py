from django.contrib import admin

from .models import EarlyWarningRule, Rollup


@admin.register(EarlyWarningRule)
class EarlyWarningRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "kind", "threshold", "window_days", "is_active"]
    list_filter = ["is_active", "kind", "category"]
    list_editable = ["threshold", "window_days", "is_active"]


@admin.register(Rollup)
class RollupAdmin(admin.ModelAdmin):
    list_display = ["name", "refreshed_at", "seconds", "rows"]
    readonly_fields = ["name", "refreshed_at", "seconds", "rows"]

    def has_add_permission(self, request):
        return False
