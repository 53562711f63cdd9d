from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngopi.accounts.enums import Role, UnitKind
from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.enums import AreaLevel
from ngopi.areas.models import Area, Post
from ngopi.core.dates import at_wib
from ngopi.core.images import PhotosField
from ngopi.core.text import CleanCharField
from ngopi.core.widgets import DATETIME_LOCAL, DateInput, DateTimeLocalInput, MenuChoiceField, TimeInput

from .enums import OfficerRole, SessionStatus
from .models import Operation, SessionKind


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, post):
        return f"{post.name} — {post.rw.name}, {post.rw.parent.name}"


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        unit = f" · {user.unit}" if user.unit_id else ""
        return f"{user}{unit}"


DEFAULT_KIND = "Ngopi Kamtibmas"


def _default_kind(form):
    """Preselect the kind the app is named after (an administrator may add others), not the
    first in alphabetical order."""
    if form.is_bound or form.initial.get("kind"):
        return
    kinds = form.fields["kind"].queryset
    default = kinds.filter(name__iexact=DEFAULT_KIND).first()
    if default is not None:
        form.initial["kind"] = default.pk


def _scoped_fields(form, user):
    form.fields["post"].queryset = (
        Post.objects.visible_to(user)
        .active()
        .select_related("rw", "rw__parent")
        .order_by("rw__parent__name", "name")
    )
    form.fields["operation"].queryset = Operation.objects.visible_to(user).order_by("-starts_on")
    form.fields["kind"].queryset = SessionKind.objects.filter(is_active=True)


class SessionForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=SessionKind.objects.none(), empty_label=None)
    title = CleanCharField(label=_("Title"), max_length=200)
    post = PostChoiceField(label=_("Post (venue)"), queryset=Post.objects.none())
    starts_at = forms.DateTimeField(
        label=_("Starts (WIB)"), input_formats=[DATETIME_LOCAL], widget=DateTimeLocalInput()
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (WIB)"), input_formats=[DATETIME_LOCAL], widget=DateTimeLocalInput()
    )
    operation = forms.ModelChoiceField(
        label=_("Operation"), queryset=Operation.objects.none(), required=False, empty_label=_("— none —")
    )
    agenda = CleanCharField(
        label=_("Agenda and topics"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, current_start=None, **kwargs):
        """``current_start``: the start of the session being edited (keeping it is allowed even
        once it has passed; moving a session into the past is not)."""
        super().__init__(*args, **kwargs)
        self.current_start = current_start
        _scoped_fields(self, user)
        _default_kind(self)

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The session must end after it starts."))
        if starts_at and starts_at != self.current_start and starts_at <= timezone.now():
            self.add_error(
                "starts_at",
                _("This time has already passed: a session is scheduled ahead (WIB)."),
            )
        return data


class OfficerForm(forms.Form):
    officer = OfficerChoiceField(label=_("Officer"), queryset=User.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=OfficerRole.choices, initial=OfficerRole.ATTENDING)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = (
            User.objects.visible_to(user)
            .filter(is_active=True)
            .exclude(role=Role.ADMINISTRATOR)
            .select_related("unit")
        )


class GuestForm(forms.Form):
    position = CleanCharField(
        label=_("Position"),
        max_length=120,
        required=False,
        help_text=_("e.g. Camat, Danramil, Lurah, Ketua RW"),
    )
    name = CleanCharField(label=_("Name"), max_length=150, required=False)
    institution = CleanCharField(label=_("Institution"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        if (data.get("name") or data.get("institution")) and not data.get("position"):
            self.add_error("position", _("Give the guest's position."))
        return data


class BaseOfficerFormSet(BaseFormSet):
    """Every session has its lead: he is reminded before it and files its report after."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        roles = [f.cleaned_data.get("role") for f in self.forms if f.cleaned_data.get("officer")]
        if OfficerRole.LEAD not in roles:
            raise ValidationError(
                _(
                    "Choose the lead officer (role “Lead”): "
                    "he is reminded of the session and files its report."
                )
            )


OfficerFormSet = formset_factory(OfficerForm, formset=BaseOfficerFormSet, extra=3, max_num=20)
GuestFormSet = formset_factory(GuestForm, extra=3, max_num=30)


class ReasonForm(forms.Form):
    reason = CleanCharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class ReportForm(forms.Form):
    held = forms.TypedChoiceField(
        label=_("Did the session take place?"),
        choices=[
            ("yes", _("Yes, it was held")),
            ("postponed", _("No, it was postponed")),
            ("cancelled", _("No, it was cancelled")),
        ],
        widget=forms.RadioSelect,
        initial="yes",
    )
    reason = CleanCharField(
        label=_("Reason (if not held)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )
    residents_count = forms.IntegerField(
        label=_("Residents attending"), min_value=0, max_value=100_000, required=False
    )
    leaders_count = forms.IntegerField(
        label=_("Community leaders attending"), min_value=0, max_value=10_000, required=False
    )
    agencies_count = forms.IntegerField(
        label=_("Other agencies attending"), min_value=0, max_value=10_000, required=False
    )
    summary = CleanCharField(
        label=_("Summary / minutes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20_000,
    )
    issues_raised = CleanCharField(
        label=_("Issues raised by residents"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20_000,
    )
    photos = PhotosField(label=_("Photos (up to 5)"), max_count=5)

    def clean(self):
        data = super().clean()
        if data.get("held") == "yes":
            if not data.get("summary"):
                self.add_error("summary", _("Write a short summary of what was discussed."))
            if data.get("residents_count") is None:
                self.add_error("residents_count", _("How many residents came?"))
        elif data.get("held") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason the session did not take place."))
        return data


class ReportCorrectionForm(forms.Form):
    residents_count = forms.IntegerField(label=_("Residents attending"), min_value=0, max_value=100_000)
    leaders_count = forms.IntegerField(label=_("Community leaders attending"), min_value=0, max_value=10_000)
    agencies_count = forms.IntegerField(label=_("Other agencies attending"), min_value=0, max_value=10_000)
    summary = CleanCharField(
        label=_("Summary / minutes"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000
    )
    issues_raised = CleanCharField(
        label=_("Issues raised by residents"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20_000,
    )
    photos = PhotosField(label=_("Add photos (up to 5)"), max_count=5)


class OperationForm(forms.Form):
    name = CleanCharField(label=_("Name"), max_length=150)
    unit = forms.ModelChoiceField(label=_("Owning unit"), queryset=PoliceUnit.objects.none())
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    description = CleanCharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = PoliceUnit.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("An operation must end on or after the day it starts."))
        return data


class OperationEditForm(OperationForm):
    """An operation's name, period and description; its owning unit does not change."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["unit"]


class BatchForm(forms.Form):
    title = CleanCharField(label=_("Title"), max_length=200, initial=_("Ngopi Kamtibmas serentak"))
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=SessionKind.objects.none(), empty_label=None)
    unit = forms.ModelChoiceField(
        label=_("Unit (Polres or Polsek)"),
        queryset=PoliceUnit.objects.none(),
        help_text=_("One session for every active post the unit's Polseks cover."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Only these kelurahan (optional)"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("The kelurahan of the chosen unit; leave all unticked for the whole unit."),
        widget=forms.CheckboxSelectMultiple,
    )
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Start (WIB)"), widget=TimeInput(), initial=time(19, 30))
    end = forms.TimeField(label=_("End (WIB)"), widget=TimeInput(), initial=time(22, 0))
    operation = forms.ModelChoiceField(
        label=_("Operation"), queryset=Operation.objects.none(), required=False, empty_label=_("— none —")
    )
    agenda = CleanCharField(
        label=_("Agenda and topics"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = SessionKind.objects.filter(is_active=True)
        self.fields["unit"].queryset = PoliceUnit.objects.visible_to(user).filter(
            kind__in=[UnitKind.POLDA, UnitKind.POLRES, UnitKind.POLSEK]
        )
        self.fields["areas"].queryset = self._villages(user)
        self.fields["areas"].label_from_instance = lambda area: f"{area.name} ({area.parent.name})"
        self.fields["operation"].queryset = Operation.objects.visible_to(user).order_by("-starts_on")
        _default_kind(self)

    def _villages(self, user):
        """The kelurahan the chosen unit's Polseks cover: none until a unit is chosen (the
        preview reloads the page with the list); a kelurahan outside it is an invalid choice."""
        field = self.fields["unit"]
        raw = self.data.get(self.add_prefix("unit")) if self.is_bound else self.initial.get("unit")
        try:
            unit = field.to_python(raw)
        except ValidationError:
            unit = None
        if unit is None:
            return Area.objects.none()
        return (
            Area.objects.visible_to(user)
            .filter(level=AreaLevel.VILLAGE, polsek__path__startswith=unit.path)
            .select_related("parent")
            .order_by("parent__name", "name")
        )

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", _("The session must end after it starts."))
            else:
                data["starts_at"] = at_wib(day, start)
                data["ends_at"] = at_wib(day, end)
        return data


class SessionFilterForm(forms.Form):
    unit = MenuChoiceField(
        label=_("Unit"), queryset=PoliceUnit.objects.none(), required=False, empty_label=_("All units")
    )
    area = MenuChoiceField(
        label=_("Kelurahan"), queryset=Area.objects.none(), required=False, empty_label=_("All areas")
    )
    operation = MenuChoiceField(
        label=_("Operation"),
        queryset=Operation.objects.none(),
        required=False,
        empty_label=_("All operations"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *SessionStatus.choices], required=False
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    batch = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = PoliceUnit.objects.visible_to(user)
        self.fields["area"].queryset = (
            Area.objects.visible_to(user).filter(level=AreaLevel.VILLAGE).order_by("name")
        )
        self.fields["operation"].queryset = Operation.objects.visible_to(user)


class PublicFilterForm(forms.Form):
    area = MenuChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All areas")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(
            level__in=[AreaLevel.CITY, AreaLevel.DISTRICT, AreaLevel.VILLAGE]
        ).order_by("path")
        self.fields["area"].label_from_instance = lambda a: ("— " * max(a.depth - 1, 0)) + a.name
