"""Administrators manage categories and outcome codes; aspirations themselves are read-only here
(every change goes through the staff pages and their services, so the timeline stays complete)."""

from django.contrib import admin

from .models import Aspiration, Category, IdentityView, OutcomeCode, TimelineEntry


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "default_priority", "is_police_matter", "is_active", "order"]
    list_editable = ["default_priority", "is_police_matter", "is_active", "order"]
    list_filter = ["default_priority", "is_police_matter", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(OutcomeCode)
class OutcomeCodeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_active", "order"]
    list_editable = ["is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class TimelineInline(admin.TabularInline):
    model = TimelineEntry
    fields = ["created_at", "kind", "actor", "actor_role", "is_public", "text", "status_after"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Aspiration)
class AspirationAdmin(admin.ModelAdmin):
    """Read-only: for administrators to look something up. The reporter's identity is not shown
    here, not even sealed (confidential identities are seen, and logged, on the staff page)."""

    list_display = [
        "code",
        "kind",
        "category",
        "status",
        "priority",
        "unit",
        "assignee",
        "created_at",
        "due_at",
    ]
    list_filter = ["status", "kind", "privacy", "urgent", "category"]
    search_fields = ["code"]
    list_select_related = ["category", "unit", "assignee"]
    date_hierarchy = "created_at"
    exclude = ["reporter_identity", "search_document", "commitments"]
    inlines = [TimelineInline]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IdentityView)
class IdentityViewAdmin(admin.ModelAdmin):
    list_display = ["viewed_at", "viewer", "aspiration"]
    list_select_related = ["viewer", "aspiration"]
    search_fields = ["aspiration__code", "viewer__username"]
    readonly_fields = ["viewed_at", "viewer", "aspiration"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
