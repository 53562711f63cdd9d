from django.contrib import admin

from .models import CalendarFeed, Commitment, Himbauan, Operation, Session, SessionBatch, SessionKind


@admin.register(SessionKind)
class SessionKindAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    search_fields = ["name"]


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "starts_on", "ends_on"]
    list_filter = ["unit__kind"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    date_hierarchy = "starts_on"


@admin.register(SessionBatch)
class SessionBatchAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "starts_at", "status"]
    list_filter = ["status"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit", "operation", "created_by"]
    show_full_result_count = False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """Read-mostly: sessions are scheduled and moved through their states on the staff pages."""

    list_display = ["title", "post", "unit", "starts_at", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "post__name", "unit__name"]
    list_select_related = ["post", "unit"]
    raw_id_fields = ["post", "rw", "unit", "organiser", "operation", "batch", "created_by"]
    readonly_fields = ["status", "status_reason", "created_at", "updated_at"]
    date_hierarchy = "starts_at"
    show_full_result_count = False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["token"]


@admin.register(Himbauan)
class HimbauanAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "unit", "operation", "valid_from", "valid_until"]
    search_fields = ["title", "area__name", "unit__name"]
    list_select_related = ["area", "unit", "operation"]
    raw_id_fields = ["area", "unit", "operation", "created_by"]
    date_hierarchy = "valid_from"


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    """Read-mostly: commitments are recorded with the report and closed on the staff pages."""

    list_display = ["text", "rw", "unit", "responsible", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["text", "unit__name"]
    list_select_related = ["rw", "unit", "responsible"]
    raw_id_fields = ["session", "rw", "unit", "responsible", "closed_by", "created_by"]
    readonly_fields = ["status", "closed_at", "closed_by", "created_at"]
    date_hierarchy = "due_date"
    show_full_result_count = False
