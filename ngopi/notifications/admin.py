from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import delivery as outbox
from . import kinds, services
from .models import ChannelAddress, Delivery, EmailPreference, InboundMessage, Notification


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
        "read_at",
    ]
    list_filter = [KindFilter, "urgent"]
    search_fields = ["title", "recipient__username", "key"]
    raw_id_fields = ["recipient"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        # Written by the app, one per recipient and key; the all-read-only add form saved an
        # empty row (no recipient) and was a 500.
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Each channel's attempt: failed ones are filtered by status and can be retried."""

    list_display = ["__str__", "notification", "channel", "status", "attempts", "created_at", "last_error"]
    list_filter = ["status", "channel", "urgent"]
    search_fields = ["notification__title", "address", "key", "provider_message_id"]
    list_select_related = ["notification"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["retry"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retry the selected failed deliveries"))
    def retry(self, request, queryset):
        count = outbox.retry_failed(ids=queryset.values_list("pk", flat=True))
        services.kick_delivery()
        self.message_user(
            request, _("%(count)d deliveries queued again.") % {"count": count}, messages.SUCCESS
        )


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["provider_message_id", "channel", "received_at", "processed_at", "handled_by", "attempts"]
    list_filter = ["channel", "handled_by"]
    readonly_fields = [f.name for f in InboundMessage._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False


@admin.register(ChannelAddress)
class ChannelAddressAdmin(admin.ModelAdmin):
    list_display = ["user", "channel", "address", "verified_at"]
    list_filter = ["channel"]
    raw_id_fields = ["user"]
    exclude = ["code_hash"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", kind_name, "email", "whatsapp", "sms"]
    list_filter = [KindFilter]
    raw_id_fields = ["user"]
