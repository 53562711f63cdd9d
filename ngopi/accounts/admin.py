from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
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
                    # Next to the parent field; Django then skips policeunit_only_polda_is_root,
                    # which would say the same again.
                    form_self.add_error("parent", str(exc))
                    return data
                if obj is not None and parent is not None and parent.path.startswith(obj.path):
                    raise ValidationError(_("A unit cannot be moved under itself."))
            return data

        form.clean = clean
        return form


class OfficerCreationForm(AdminUserCreationForm):
    """Django's add-user form, also checking ``user_officer_has_unit``. The form leaves out
    ``is_superuser`` (a new user is never a superuser), and Django skips a constraint on a field
    that is not on the form: an officer without a unit reached the database and was a 500."""

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("is_superuser")  # saved as False; the constraint must see it
        return exclude


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = OfficerCreationForm
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
