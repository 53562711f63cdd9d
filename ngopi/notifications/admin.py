from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import kinds, services
from .models import EmailPreference, Notification


class KindFilter(admin.SimpleListFilter):
    """The registered kinds by name (the raw keys meant nothing to an administrator)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.code, kind.label) for kind in kinds.all_kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.display(description=_("kind"), ordering="kind")
def kind_name(obj) -> str:
    return kinds.label_of(obj.kind)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "recipient",
        kind_name,
        "created_at",
        "email_status",
        "email_attempts",
        "last_error",
    ]
    list_filter = ["email_status", KindFilter, "urgent"]
    search_fields = ["title", "recipient__username", "key"]
    raw_id_fields = ["recipient"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry"]
    show_full_result_count = False

    def has_add_permission(self, request):
        # Written by the app, one per recipient and key; the all-read-only add form saved an
        # empty row (no recipient) and was a 500.
        return False

    @admin.action(description=_("Retry the e-mail of the selected failed deliveries"))
    def retry(self, request, queryset):
        count = services.retry_failed(ids=queryset.values_list("pk", flat=True))
        services.kick_delivery()
        self.message_user(
            request, _("%(count)d deliveries queued again.") % {"count": count}, messages.SUCCESS
        )


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", kind_name, "email"]
    list_filter = [KindFilter]
    raw_id_fields = ["user"]
