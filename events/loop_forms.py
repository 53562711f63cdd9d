"""Forms of the dialogue loop: a commitment (recorded, closed) and a himbauan."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngopi.accounts.scoping import jurisdiction_of
from ngopi.areas.enums import AreaLevel
from ngopi.areas.models import Area, in_tree_order
from ngopi.core.text import CleanCharField
from ngopi.core.widgets import DateInput

from .enums import CLOSED_COMMITMENT_STATUSES, CommitmentStatus
from .forms import OfficerChoiceField
from .models import Operation


class CommitmentForm(forms.Form):
    text = CleanCharField(
        label=_("What was promised"),
        max_length=300,
        help_text=_("e.g. patrol every Saturday night at the RW 18 field"),
    )
    responsible = OfficerChoiceField(label=_("Responsible officer"), queryset=None)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    aspirations = forms.TypedMultipleChoiceField(
        label=_("Answers these aspirations (optional)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, responsible, aspiration_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = responsible.select_related("unit").order_by(
            "unit__path", "username"
        )
        self.fields["aspirations"].choices = [
            (item.row_id, f"{item.code} — {item.text}") for item in aspiration_items
        ]
        if not aspiration_items:
            del self.fields["aspirations"]


class CommitmentCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(s.value, s.label) for s in CommitmentStatus if s in CLOSED_COMMITMENT_STATUSES],
        widget=forms.RadioSelect,
    )
    outcome_note = CleanCharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    evidence = CleanCharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
        help_text=_("e.g. patrol log numbers, the letter to Dinas PU, dates"),
    )


class TreeOrderIterator(forms.models.ModelChoiceIterator):
    """The choices in tree order, siblings in the natural order of their names (RW 17, 18, 19)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for area in in_tree_order(self.queryset):
            yield self.choice(area)


class AreaChoiceField(forms.ModelChoiceField):
    iterator = TreeOrderIterator

    def label_from_instance(self, area):
        return area.label_with_level()


def himbauan_areas(user):
    """The kota/kabupaten, kecamatan, kelurahan and RWs in (or above a kelurahan in) the user's
    jurisdiction."""
    villages = Area.objects.visible_to(user).villages()
    if jurisdiction_of(user).everything:
        above = Q(level__in=[AreaLevel.CITY, AreaLevel.DISTRICT])
    else:
        paths = set()
        for path in villages.values_list("path", flat=True):
            parts = path.strip("/").split("/")
            paths.update("/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts)))
        above = Q(path__in=paths, level__in=[AreaLevel.CITY, AreaLevel.DISTRICT])
    inside = Q(pk__in=villages.values("pk")) | Q(level=AreaLevel.RW, parent__in=villages.values("pk"))
    return Area.objects.filter(above | inside).select_related("parent").order_by("path")


class HimbauanForm(forms.Form):
    title = CleanCharField(label=_("Title"), max_length=200)
    body = CleanCharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    area = AreaChoiceField(label=_("Area"), queryset=Area.objects.none())
    operation = forms.ModelChoiceField(
        label=_("Operation"), queryset=Operation.objects.none(), required=False, empty_label=_("— none —")
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput(), initial=timezone.localdate)
    valid_until = forms.DateField(label=_("Valid until (optional)"), widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = himbauan_areas(user)
        self.fields["operation"].queryset = Operation.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("A himbauan must end on or after the day it starts."))
        return data
