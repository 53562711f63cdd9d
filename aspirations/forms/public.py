"""The residents' forms (field names of the aspiration form are public, DESIGN.md §5)."""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ngopi.core.images import PhotosField
from ngopi.core.text import CleanCharField
from ngopi.core.widgets import DATETIME_LOCAL, DateTimeLocalInput

from .. import routing, selectors
from ..codes import normalise_code
from ..enums import Kind, Privacy
from ..intake import reporter_fields, reporter_problems
from ..services import MAX_TEXT
from .common import phone_validator

AREA_STEPS = ("kota", "kecamatan", "kelurahan")  # the names of the area steps' menus


@dataclass(frozen=True)
class AreaSteps:
    """The public form's area menus, one level at a time: each list holds (id, label) and each
    ``*_id`` the chosen one (or None). Only the chosen kelurahan's RWs are listed."""

    cities: list
    districts: list
    villages: list
    rws: list
    city_id: int | None = None
    district_id: int | None = None
    village_id: int | None = None


def area_steps(*, kota=None, kecamatan=None, kelurahan=None, rw=None) -> AreaSteps:
    """The menus for what was chosen. The steps are read from the top down (a kecamatan counts
    only inside the chosen kota, and so on); with no kota chosen, a known RW (a QR poster's
    ``?area=``, or a form sent back) chooses the steps above it."""
    chosen = [selectors.int_or_none(v) for v in (kota, kecamatan, kelurahan)]
    if chosen[0] is None and routing.rw(rw) is not None:
        chosen = routing.chain(rw)[:-1]  # its kota, kecamatan and kelurahan
    path: list[int] = []
    menus = [routing.children(None) or []]
    for pk in chosen:
        if pk is None or pk not in {option[0] for option in menus[-1]}:
            break
        path.append(pk)
        menus.append(routing.children(pk) or [])
    menus += [[]] * (4 - len(menus))
    path += [None] * (3 - len(path))
    return AreaSteps(*menus, *path)


class AspirationForm(forms.Form):
    """The public form (field names are part of the public contract, DESIGN.md §5)."""

    kind = forms.ChoiceField(
        label=_("What do you want to tell us?"), choices=Kind.choices, widget=forms.RadioSelect
    )
    # Category and RW are checked against the in-memory routing table (routing.py): no query.
    category = forms.ChoiceField(label=_("About"))
    description = CleanCharField(
        label=_("What happened?"),
        min_length=10,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who, what, where, when. Do not write other people's personal data unless it matters."),
    )
    area = CleanCharField(
        label=_("RW"),
        help_text=_("RW, kelurahan, kecamatan"),
        # The first option's wording before and after a kelurahan is chosen (for the script).
        widget=forms.Select(
            attrs={"data-waiting": _("— choose the kelurahan first —"), "data-blank": _("— choose the RW —")}
        ),
    )
    location_detail = CleanCharField(
        label=_("Exact place"),
        max_length=300,
        required=False,
        help_text=_("Street, landmark, RT, e.g. “Jl. Melati depan warung”."),
    )
    occurred_at = forms.DateTimeField(
        label=_("When did it happen (or when will it happen)?"),
        required=False,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d"],
        widget=DateTimeLocalInput(),
    )
    urgent = forms.BooleanField(
        label=_("This is happening now or about to happen"),
        required=False,
        help_text=_("The officer on duty is alerted at once. In an emergency call 110."),
    )
    privacy = forms.ChoiceField(
        label=_("Who may know it was you?"),
        choices=[
            (Privacy.PUBLIC, _("Public — officers handling it may see my name")),
            (Privacy.CONFIDENTIAL, _("Confidential — only the officer handling it and his commanders")),
            (Privacy.ANONYMOUS, _("Anonymous — no name, no contact, no IP address stored, ever")),
        ],
        widget=forms.RadioSelect,
        initial=Privacy.ANONYMOUS,
    )
    name = CleanCharField(label=_("Your name"), max_length=150, required=False)
    phone = CleanCharField(
        label=_("Phone / WhatsApp"), max_length=30, required=False, validators=[phone_validator]
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    photos = PhotosField(
        label=_("Photos (up to 3)"),
        max_count=3,
        help_text=_("JPEG, PNG or WebP. Location and camera data are removed before anything is stored."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the police keep my name and contact details to handle this aspiration."),
        required=False,
    )
    kegiatan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people, filled by bots.
    homepage = CleanCharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = CallableChoiceIterator(self._category_choices)
        self.fields["area"].widget.choices = CallableChoiceIterator(self._rw_choices)
        self.session = None

    @staticmethod
    def _category_choices() -> list:
        categories = routing.current().categories.values()
        return [("", _("— choose a category —")), *((str(c.pk), c.name) for c in categories)]

    @cached_property
    def steps(self) -> AreaSteps:
        """The area menus for what this form holds (to render it)."""
        source = self.data if self.is_bound else self.initial
        return area_steps(**{step: source.get(step) for step in AREA_STEPS}, rw=source.get("area"))

    def _rw_choices(self) -> list:
        if not self.steps.rws:
            return [("", _("— choose the kelurahan first —"))]
        return [("", _("— choose the RW —")), *((str(pk), label) for pk, label in self.steps.rws)]

    def clean_category(self):
        category = routing.category(self.cleaned_data["category"])
        if category is None:
            raise forms.ValidationError(_("Choose what it is about."), code="invalid_choice")
        return category

    def clean_area(self):
        rw = routing.rw(self.cleaned_data["area"])
        if rw is None:
            raise forms.ValidationError(_("Choose the RW where it happened."), code="invalid_choice")
        return rw

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value is None:
            return None
        now = timezone.now()
        if value < now - timedelta(days=366 * 5) or value > now + timedelta(days=366):
            raise forms.ValidationError(_("Check the date: it is too far from today."), code="out_of_range")
        return value

    def clean_kegiatan(self):
        self.session = selectors.session_for_form(pk=self.cleaned_data.get("kegiatan"))
        return self.session.pk if self.session else None

    def clean(self):
        data = super().clean()
        if data.get("homepage"):
            raise forms.ValidationError(_("Please leave the last field empty."), code="honeypot")
        privacy = data.get("privacy")
        if privacy:
            fields = ("name", "phone", "email", "consent")
            values = reporter_fields(privacy=privacy, **{f: data.get(f) or "" for f in fields})
            reporter = dict(zip(fields, values, strict=True))
            data.update(reporter)
            for field, problem in reporter_problems(privacy=privacy, **reporter).items():
                if field not in self.errors:
                    self.add_error(field, problem)
        return data


class LookupForm(forms.Form):
    code = CleanCharField(
        label=_("Tracking code"),
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "placeholder": "NK-XXXX-XXXX-XXXX-XXXX",
                "autocomplete": "off",
                "autocapitalize": "characters",
            }
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("That is not a tracking code. It looks like NK-7K3Q-9XZ2-M4TD-H8PW."), code="invalid"
            )
        return code


class ReplyForm(forms.Form):
    text = CleanCharField(
        label=_("Your message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well was it handled?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1 = very poorly, 5 = very well"),
    )
    comment = CleanCharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
