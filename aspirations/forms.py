from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ngopi.areas.enums import AreaLevel
from ngopi.core.images import PhotosField
from ngopi.core.text import CleanCharField

from . import routing, selectors
from .codes import normalise_code
from .enums import Kind, Priority, Privacy, Sort, Status, Verification
from .models import Aspiration, Category, OutcomeCode
from .services import MAX_TEXT, assignable_officers

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 \-]{5,20}$", _("Enter a phone number with digits only, e.g. 0812 3456 7890.")
)
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


rw_label = routing.rw_label


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
        if privacy == Privacy.ANONYMOUS:
            for field in ("name", "phone", "email"):
                data[field] = ""
            data["consent"] = False
        elif privacy:
            if not data.get("name"):
                self.add_error("name", _("Give your name, or choose to stay anonymous."))
            if not data.get("consent"):
                self.add_error("consent", _("We need your consent to keep your name and contact details."))
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


# --- staff -----------------------------------------------------------------------------------


class TriageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Officer"), queryset=Aspiration.objects.none())
    note = CleanCharField(label=_("Note (internal)"), max_length=1000, required=False)

    def __init__(self, *args, aspiration: Aspiration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            assignable_officers(aspiration).select_related("unit").order_by("unit__path", "username")
        )


class QuestionForm(forms.Form):
    question = CleanCharField(
        label=_("Question to the reporter"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the tracking page; the reporter answers there."),
    )


class FollowUpForm(forms.Form):
    text = CleanCharField(
        label=_("What was done"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    public = forms.BooleanField(
        label=_("Show to the reporter"),
        required=False,
        initial=True,
        help_text=_("Untick for an internal update."),
    )


class NoteForm(forms.Form):
    text = CleanCharField(
        label=_("Internal note"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReferForm(forms.Form):
    body = CleanCharField(
        label=_("Handed over to"), max_length=200, help_text=_("e.g. Dinas PUPR Kota Bekasi")
    )
    referred_on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = CleanCharField(label=_("Their reference (letter number)"), max_length=100, required=False)


class DuplicateForm(forms.Form):
    original = CleanCharField(label=_("Tracking code of the original aspiration"), max_length=64)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_original(self):
        code = normalise_code(self.cleaned_data["original"])
        original = Aspiration.objects.visible_to(self.user).filter(code=code).first() if code else None
        if original is None:
            raise forms.ValidationError(_("No aspiration with that code is in your jurisdiction."))
        return original


class ResolveForm(forms.Form):
    outcome = forms.ModelChoiceField(label=_("Outcome"), queryset=OutcomeCode.objects.active())
    resolution = CleanCharField(
        label=_("What came of it (shown to the reporter)"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    verification = forms.ChoiceField(
        label=_("Tip verification"), choices=[("", "—"), *Verification.choices], required=False
    )
    verification_results = CleanCharField(
        label=_("Results (internal)"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. 35 motorcycles and sharp weapons secured, 12 persons secured"),
    )

    def __init__(self, *args, aspiration: Aspiration, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspiration = aspiration
        if aspiration.kind != Kind.TIP:
            del self.fields["verification"]
            del self.fields["verification_results"]

    def clean(self):
        data = super().clean()
        if self.aspiration.kind == Kind.TIP and not data.get("verification"):
            self.add_error("verification", _("Say whether the tip was proven."))
        return data


class CloseForm(forms.Form):
    note = CleanCharField(
        label=_("Closing note (shown to the reporter)"), max_length=MAX_TEXT, required=False
    )


class ReopenForm(forms.Form):
    reason = CleanCharField(label=_("Why is it reopened?"), max_length=MAX_TEXT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def area_label(area) -> str:
    """A kelurahan by its name; an RW with its kelurahan ("RW 18, Pekayon Jaya")."""
    return rw_label(area) if area.level == AreaLevel.RW else area.name


class InboxFilterForm(forms.Form):
    q = CleanCharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), ("open", _("Open")), *Status.choices]
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Kind.choices])
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    area = forms.TypedChoiceField(label=_("Kelurahan"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    operation = forms.TypedChoiceField(label=_("Operation"), required=False, coerce=int, empty_value=None)
    assignee = forms.TypedChoiceField(label=_("Assigned to"), required=False, coerce=int, empty_value=None)
    session = forms.IntegerField(label=_("Session"), required=False, min_value=1, widget=forms.HiddenInput)
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    date_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Received until"), required=False, widget=DateInput)
    resolved_from = forms.DateField(label=_("Resolved from"), required=False, widget=DateInput)
    resolved_to = forms.DateField(label=_("Resolved until"), required=False, widget=DateInput)
    verification = forms.ChoiceField(
        label=_("Tip verification"), required=False, choices=[("", _("All")), *Verification.choices]
    )
    outcome = forms.TypedChoiceField(label=_("Outcome"), required=False, coerce=int, empty_value=None)
    rated = forms.BooleanField(label=_("Rated by the reporter"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=Sort.choices)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["category"].choices = every + [(c.pk, c.name) for c in choices["categories"]]
        self.fields["area"].choices = every + [(a.pk, area_label(a)) for a in choices["villages"]]
        if not choices["villages"]:
            self.fields["area"].help_text = _("Choose a unit first to list its kelurahan.")
        if not choices["assignees"]:
            self.fields["assignee"].help_text = _("Choose a unit first to list its officers.")
        self.fields["unit"].choices = every + [(u.pk, u.name) for u in choices["units"]]
        self.fields["operation"].choices = every + [(o.pk, o.name) for o in choices["operations"]]
        self.fields["outcome"].choices = every + [(o.pk, o.name) for o in OutcomeCode.objects.active()]
        self.fields["assignee"].choices = [*every, (0, _("Nobody"))] + [
            (u.pk, str(u)) for u in choices["assignees"]
        ]

    def filters(self) -> selectors.InboxFilters:
        data = {}
        if self.is_bound:
            # A bad value drops only its own filter (the form shows why); the others still apply.
            self.is_valid()
            data = self.cleaned_data
        return selectors.InboxFilters(
            q=data.get("q") or "",
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            category=data.get("category"),
            area=data.get("area"),
            unit=data.get("unit"),
            session=data.get("session"),
            operation=data.get("operation"),
            assignee=data.get("assignee"),
            urgent=bool(data.get("urgent")),
            overdue=bool(data.get("overdue")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            resolved_from=data.get("resolved_from"),
            resolved_to=data.get("resolved_to"),
            verification=data.get("verification") or "",
            outcome=data.get("outcome"),
            rated=bool(data.get("rated")),
            sort=data.get("sort") or Sort.NEWEST,
        )


class CaptureEntryForm(forms.Form):
    """One resident's aspiration as typed by the officer at the session."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    description = CleanCharField(
        label=_("What the resident said"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    rw = forms.ChoiceField(label=_("RW"))
    location_detail = CleanCharField(label=_("Exact place"), max_length=300, required=False)
    urgent = forms.BooleanField(label=_("Happening now / about to happen"), required=False)
    privacy = forms.ChoiceField(label=_("Privacy"), choices=Privacy.choices, initial=Privacy.ANONYMOUS)
    name = CleanCharField(label=_("Resident's name"), max_length=150, required=False)
    phone = CleanCharField(label=_("Phone"), max_length=30, required=False, validators=[phone_validator])
    consent = forms.BooleanField(label=_("Resident agreed that we keep name and phone"), required=False)

    def __init__(self, *args, rws, categories, default_rw=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._rws = {str(rw.pk): rw for rw in rws}
        self.fields["rw"].choices = [(pk, rw_label(rw)) for pk, rw in self._rws.items()]
        # A blank row keeps its defaults and is skipped, so the session's RW is the initial value.
        self.fields["rw"].initial = str(default_rw.pk) if default_rw else None
        self.fields["category"].queryset = categories

    def clean_rw(self):
        rw = self._rws.get(self.cleaned_data["rw"])
        if rw is None:
            raise forms.ValidationError(_("Choose the RW where it happened."))
        return rw

    def clean(self):
        data = super().clean()
        if data.get("privacy") == Privacy.ANONYMOUS:
            data["name"] = data["phone"] = ""
            data["consent"] = False
        elif data.get("privacy"):
            if not data.get("name"):
                self.add_error("name", _("Write the resident's name, or record it as anonymous."))
            if not data.get("consent"):
                self.add_error("consent", _("Ask the resident's consent to keep name and phone."))
        return data


class BaseCaptureFormSet(forms.BaseFormSet):
    def __init__(self, *args, rws, categories, default_rw=None, **kwargs):
        self.rws, self.categories, self.default_rw = rws, categories, default_rw
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"rws": self.rws, "categories": self.categories, "default_rw": self.default_rw}

    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_changed() and form.cleaned_data for form in self.forms):
            raise forms.ValidationError(_("Write at least one aspiration."))


CaptureFormSet = forms.formset_factory(CaptureEntryForm, formset=BaseCaptureFormSet, extra=3, max_num=20)
