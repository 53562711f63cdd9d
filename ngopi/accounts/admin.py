from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import PoliceUnit, User


@admin.register(PoliceUnit)
class PoliceUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    readonly_fields = ["path", "depth"]
    show_full_result_count = False
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        services.save_unit(unit=obj)  # the form's clean() has checked the tree rules

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(form_self):
            data = original_clean(form_self)
            kind, parent = data.get("kind"), data.get("parent")
            if kind:
                try:
                    services._check_parent(kind, parent)
                except services.UnitTreeError as exc:
                    raise ValidationError(str(exc)) from exc
                if obj is not None and parent is not None and parent.path.startswith(obj.path):
                    raise ValidationError(_("A unit cannot be moved under itself."))
            return data

        form.clean = clean
        return form


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "rank", "nrp", "role", "unit", "is_active"]
    list_filter = ["role", "unit__kind", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "nrp", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    show_full_result_count = False
    list_per_page = 50
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        (_("Police"), {"fields": ["role", "unit", "rank", "nrp", "position", "phone", "language"]}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]}),
        (_("Police"), {"fields": ["role", "unit", "rank", "nrp", "first_name", "last_name", "email"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The role decides the permission group; the admin may add further groups by hand.
        services.set_role(user=form.instance, role=form.instance.role)
