from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Area, Post


class AreaAdminForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name", "level", "code", "parent", "polsek", "bhabinkamtibmas"]

    def clean(self):
        data = super().clean()
        level = data.get("level")
        if level:
            # Each rule's message goes next to the field it is about; the constraint saying the
            # same (area_only_province_is_root, area_only_village_has_polsek) is then not checked
            # again by Django, so the administrator reads it once.
            try:
                services.check_area(level=level, parent=data.get("parent"), polsek=None)
            except services.AreaError as exc:
                self.add_error("parent", str(exc))
            else:
                try:
                    services.check_area(level=level, parent=data.get("parent"), polsek=data.get("polsek"))
                except services.AreaError as exc:
                    self.add_error("polsek", str(exc))
        parent = data.get("parent")
        if self.instance.pk and parent is not None and parent.path.startswith(self.instance.path):
            raise ValidationError(_("An area cannot be moved under itself."))
        if data.get("code") == "":
            data["code"] = None
        return data


class PostFormSet(forms.BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        # Two new rows with one name: the only unique check among these rows is
        # post_unique_name_in_rw, so say what it says.
        return _("This RW already has a post with this name.")


class PostInline(admin.TabularInline):
    model = Post
    formset = PostFormSet
    extra = 0
    fields = ["name", "kind", "address", "is_active"]
    show_change_link = True


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    form = AreaAdminForm
    list_display = ["name", "level", "code", "parent", "polsek"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "polsek", "bhabinkamtibmas"]
    list_select_related = ["parent", "polsek"]
    readonly_fields = ["path", "depth"]
    show_full_result_count = False
    list_per_page = 50

    def get_inlines(self, request, obj):
        return [PostInline] if obj is not None and obj.level == "rw" else []

    def save_model(self, request, obj, form, change):
        services.save_area(area=obj)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "rw", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "address", "rw__name", "rw__parent__name"]
    autocomplete_fields = ["rw"]
    list_select_related = ["rw", "rw__parent"]
    show_full_result_count = False
    list_per_page = 50
