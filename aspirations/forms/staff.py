"""The officers' forms: one per action on an aspiration, the inbox filters, recording at a session."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ngopi.areas.enums import AreaLevel
from ngopi.core.text import CleanCharField
from ngopi.core.widgets import DateInput

from .. import selectors
from ..codes import normalise_code
from ..enums import Kind, Priority, Privacy, Sort, Status, Verification
from ..models import Aspiration, Category, OutcomeCode
from ..services import MAX_TEXT, assignable_officers
from .common import phone_validator, rw_label


class TriageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    agenda_text = CleanCharField(
        label=_("Tips only: what may be discussed in public at a session"),
        max_length=200,
        required=False,
        help_text=_(
            "The session agenda shows this instead of the tip. No names, addresses or details that "
            'point to the reporter. Empty: "Information (not discussed openly)".'
        ),
    )


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
    referred_on = forms.DateField(label=_("On"), widget=DateInput())
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
    public_summary = CleanCharField(
        label=_("Summary for the RW's public page"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What residents of the RW may read of the outcome. Never names."),
    )
    outcome_public = forms.BooleanField(
        label=_('Publish this outcome on the RW\'s public page ("kami dengar, kami lakukan")'),
        required=False,
        initial=False,
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
        if data.get("outcome_public") and not data.get("public_summary"):
            self.add_error(
                "public_summary", _("Write the summary for the public before publishing the outcome.")
            )
        return data


class CloseForm(forms.Form):
    note = CleanCharField(
        label=_("Closing note (shown to the reporter)"), max_length=MAX_TEXT, required=False
    )


class ReopenForm(forms.Form):
    reason = CleanCharField(label=_("Why is it reopened?"), max_length=MAX_TEXT)


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
    date_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Received until"), required=False, widget=DateInput())
    resolved_from = forms.DateField(label=_("Resolved from"), required=False, widget=DateInput())
    resolved_to = forms.DateField(label=_("Resolved until"), required=False, widget=DateInput())
    verification = forms.ChoiceField(
        label=_("Tip verification"), required=False, choices=[("", _("All")), *Verification.choices]
    )
    outcome = forms.TypedChoiceField(label=_("Outcome"), required=False, coerce=int, empty_value=None)
    rated = forms.BooleanField(label=_("Rated by the reporter"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=Sort.choices)

    # Parameters that only page or order the list: a query with nothing else (the bare inbox,
    # its next pages) shows the open work. A link that narrows the list some other way without
    # naming a status (the dashboard's "received in the period") means every status.
    NOT_NARROWING = frozenset({"after", "sort"})

    def __init__(self, data=None, *args, choices: dict, **kwargs):
        if data is None:
            kwargs.setdefault("initial", {"status": selectors.DEFAULT_STATUS})
        elif "status" not in data and not set(data) - self.NOT_NARROWING:
            data = data.copy()
            data["status"] = selectors.DEFAULT_STATUS
        super().__init__(data, *args, **kwargs)
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
            status=(data.get("status") or "") if self.is_bound else selectors.DEFAULT_STATUS,
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
