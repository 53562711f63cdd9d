from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from aspirations.models import Category
from events.models import Operation
from ngopi.accounts.models import PoliceUnit
from ngopi.areas.models import Area
from ngopi.core.widgets import DateInput, MenuChoiceField

from .selectors.filters import DashboardFilters, period_dates

MAX_DAYS = 366 * 3


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python: Django renders every option through a template of its own,
    and the unit menu of a Polda (dozens of units) then costs more than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


def _number(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("week", _("This week")),
            ("month", _("This month")),
            ("operation", _("The operation's period")),
            ("custom", _("Custom dates")),
        ],
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    unit = MenuChoiceField(
        label=_("Unit"),
        queryset=PoliceUnit.objects.none(),
        required=False,
        empty_label=_("All my units"),
        widget=QuickSelect,
    )
    area = forms.ModelChoiceField(
        label=_("Kelurahan"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("All areas"),
        widget=QuickSelect,
    )
    category = MenuChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All categories"),
        widget=QuickSelect,
    )
    operation = MenuChoiceField(
        label=_("Operation"),
        queryset=Operation.objects.none(),
        required=False,
        empty_label=_("All operations"),
        widget=QuickSelect,
    )

    def _limit_area_menu(self, villages) -> None:
        """A Polda has thousands of kelurahan: the menu lists those of the chosen unit, or all of
        them when there are few; a kelurahan that came in by link stays selectable. Reads ids and
        names only, in one query (two when a long menu keeps a linked kelurahan)."""
        from aspirations.selectors import MENU_LIMIT

        menu = villages
        unit_pk = _number(self.data.get("unit"))
        unit = self.fields["unit"].queryset.filter(pk=unit_pk).only("path").first() if unit_pk else None
        if unit is not None:
            menu = villages.filter(polsek__path__startswith=unit.path)
        names = menu.values_list("pk", "name")
        rows = list(names[: MENU_LIMIT + 1])
        if len(rows) > MENU_LIMIT:  # too long to offer whole: only a kelurahan that came by link
            selected = _number(self.data.get("area"))
            rows = list(names.filter(pk=selected)) if selected else []
            if not rows:
                self.fields["area"].help_text = _("Choose a unit first to list its kelurahan.")
        self.fields["area"].widget.choices = [("", self.fields["area"].empty_label), *rows]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what lies in the user's jurisdiction: the same rule as every list.
        self.fields["unit"].queryset = PoliceUnit.objects.visible_to(user).order_by("path")
        self.fields["unit"].label_from_instance = lambda u: ("— " * u.depth) + u.name
        villages = Area.objects.visible_to(user).villages().order_by("name")
        self.fields["area"].queryset = villages  # what may be chosen (validated with one query)
        self._limit_area_menu(villages)
        self.fields["operation"].queryset = Operation.objects.visible_to(user).select_related("unit")
        for name, item in self.fields.items():
            css = "form-control" if name.startswith("date_") else "form-select"
            item.widget.attrs["class"] = f"{css} {css}-sm"

    def clean(self):
        data = super().clean()
        period = data.get("period") or "month"
        data["period"] = period
        if period == "operation" and not data.get("operation"):
            self.add_error("operation", _("Choose the operation whose period you want to see."))
        if period == "custom":
            start, end = data.get("date_from"), data.get("date_to")
            if not start or not end:
                self.add_error("date_from", _("Give both dates of the custom period."))
            elif end < start:
                self.add_error("date_to", _("The end date must not be before the start date."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("date_to", _("Choose a period of at most three years."))
        return data

    def filters(self) -> DashboardFilters:
        """The filters to show: what the user asked for, or this month when the form is invalid."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period = data.get("period") or "month"
        if period == "custom":
            start, end = data["date_from"], data["date_to"]
        elif period == "operation":
            start, end = data["operation"].starts_on, data["operation"].ends_on
        else:
            start, end = period_dates(period, today)
        return DashboardFilters(
            period=period,
            date_from=start,
            date_to=end,
            unit=data.get("unit"),
            area=data.get("area"),
            category=data.get("category"),
            operation=data.get("operation"),
        )


class ExportForm(forms.Form):
    identities = forms.BooleanField(
        label=_("Include the reporters' names and contacts I may see (each one is logged)"), required=False
    )
