from django.contrib import admin

from .models import EarlyWarningRule, ExportJob, Rollup


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


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: who exported what, and how the job went (the file is the user's own)."""

    list_display = ["pk", "user", "format", "with_identities", "status", "rows_done", "created_at"]
    list_filter = ["status", "format", "with_identities"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
