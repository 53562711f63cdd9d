from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import secrets
from .models import ApiToken, Open311Key


@admin.action(description=_("Revoke the selected (effective at once)"))
def revoke(modeladmin, request, queryset):
    count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    modeladmin.message_user(request, _("%(count)d revoked.") % {"count": count})


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    """Keys for civic apps: the key is made when the row is added and shown once, here."""

    list_display = [
        "application",
        "shown",
        "contact",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    fields = ["application", "contact", "expires_at", "revoked_at", "shown", "created_at", "last_used_at"]
    readonly_fields = ["shown", "created_at", "last_used_at"]
    search_fields = ["application", "contact"]
    actions = [revoke]

    def save_model(self, request, obj, form, change):
        if not change:
            secret = secrets.new_secret(secrets.KEY_PREFIX)
            obj.digest, obj.shown, obj.issued_by = (
                secrets.digest(secret),
                secret[: secrets.SHOWN],
                request.user,
            )
            messages.warning(
                request,
                _("The api_key for %(app)s, shown only this once: %(key)s")
                % {"app": obj.application, "key": secret},
            )
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Users make their own tokens; administrators see them and may revoke them."""

    list_display = ["name", "user", "shown", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "shown", "created_at", "expires_at", "last_used_at"]
    fields = [*readonly_fields, "revoked_at"]
    search_fields = ["name", "user__username"]
    actions = [revoke]

    def has_add_permission(self, request):
        return False
