"""Staff pages of the dialogue loop: a session's agenda and commitments, the commitments list
and page, and himbauan."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngopi.accounts.models import PoliceUnit
from ngopi.areas.models import Area
from ngopi.core.dates import format_date

from .. import agenda, loop_selectors, rules, selectors, services, workflow
from ..enums import CommitmentStatus
from ..loop_forms import CommitmentCloseForm, CommitmentForm, HimbauanForm
from ..models import Operation
from ..workflow import Action

NOTE_MAX = 2000
# The field each refusal of services.record_commitment is about (by its code).
COMMITMENT_FIELD_OF = {
    "no_text": "text",
    "responsible_outside": "responsible",
    "due_before_session": "due_date",
}


def _aspiration_items(session):
    return [
        item
        for section in agenda.session_agenda(session)
        if section.code == "aspirations"
        for item in section.items
    ]


@login_required
@require_POST
def session_agenda(request, pk: int):
    """The lead ticks what was discussed and notes the answers."""
    session = selectors.session_detail(user=request.user, pk=pk)
    answers = {}
    for section in agenda.session_agenda(session):
        rows = {}
        for item in section.items:
            prefix = f"{section.code}-{item.row_id}"
            rows[item.row_id] = (
                request.POST.get(f"{prefix}-discussed") == "on",
                request.POST.get(f"{prefix}-note", "")[:NOTE_MAX],
            )
        answers[section.code] = rows
    try:
        services.record_agenda(actor=request.user, session=session, answers=answers)
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The agenda is saved."))
    return redirect(session)


@login_required
def commitment_create(request, pk: int):
    session = selectors.session_detail(user=request.user, pk=pk)
    try:
        workflow.check(session, request.user, Action.COMMITMENT)
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
        return redirect(session)
    form = CommitmentForm(
        request.POST or None,
        responsible=services.responsible_choices(session),
        aspiration_items=_aspiration_items(session),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_commitment(
                actor=request.user,
                session=session,
                text=data["text"],
                responsible=data["responsible"],
                due_date=data["due_date"],
                agenda_rows={"aspirations": data.get("aspirations") or []},
            )
        except ValidationError as exc:
            # Each refusal by the field it is about, so it shows (and is announced) with that field.
            for problem in exc.error_list:
                form.add_error(COMMITMENT_FIELD_OF.get(problem.code), problem)
        except workflow.TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The commitment is recorded."))
            return redirect(session)
    return render(request, "events/commitment_form.html", {"form": form, "session": session})


class CommitmentFilterForm(forms.Form):
    """The list's narrowing, as the dashboard links to it (bad values are ignored)."""

    status = forms.CharField(required=False)
    unit = forms.IntegerField(required=False)
    area = forms.IntegerField(required=False)
    operation = forms.IntegerField(required=False)
    due_from = forms.DateField(required=False)
    due_to = forms.DateField(required=False)


def _narrowing(request) -> tuple[dict, dict, bool]:
    """The narrowing, its query parameters, and whether the link's narrowing was not valid (then
    none applies, and the page says so)."""
    form = CommitmentFilterForm(request.GET)
    if not form.is_valid():
        return {}, {}, True
    data = form.cleaned_data
    user = request.user
    narrowing = {
        "unit": get_object_or_404(PoliceUnit.objects.visible_to(user), pk=data["unit"])
        if data["unit"]
        else None,
        "area": get_object_or_404(Area.objects.visible_to(user), pk=data["area"]) if data["area"] else None,
        "operation": (
            get_object_or_404(Operation.objects.visible_to(user), pk=data["operation"])
            if data["operation"]
            else None
        ),
        "due_from": data["due_from"],
        "due_to": data["due_to"],
    }
    params = {k: v for k, v in request.GET.items() if k in form.fields and k not in ("status", "page") and v}
    return narrowing, params, False


def _narrowing_words(narrowing: dict) -> list[str]:
    """What the list is narrowed to, in words, for the line above it."""
    words = [str(narrowing[k]) for k in ("unit", "operation") if narrowing.get(k)]
    if narrowing.get("area"):
        words.insert(1 if narrowing.get("unit") else 0, narrowing["area"].label())
    start, end = narrowing.get("due_from"), narrowing.get("due_to")
    if start or end:
        words.append(
            _("due %(start)s to %(end)s")
            % {"start": format_date(start) if start else "…", "end": format_date(end) if end else "…"}
        )
    return words


@login_required
def commitment_list(request):
    narrowing, params, invalid = _narrowing(request)
    filters = [
        ("", _("All")),
        (loop_selectors.OVERDUE, _("Overdue")),
        *[(s.value, s.label) for s in CommitmentStatus],
        (loop_selectors.ON_TIME, _("Kept on time")),
        (loop_selectors.CLOSED_OR_DUE, _("Closed or due")),
    ]
    status = request.GET.get("status", "")
    if status not in {value for value, _label in filters}:
        status, invalid = "", True
    page = loop_selectors.commitment_page(
        user=request.user, status=status, page=request.GET.get("page"), **narrowing
    )
    return render(
        request,
        "events/commitment_list.html",
        {
            "page": page,
            "status": status,
            "unit": narrowing.get("unit"),
            "narrowing": _narrowing_words(narrowing),
            "invalid": invalid,
            "filters": filters,
            "query": urlencode(params),
        },
    )


@login_required
def commitment_detail(request, pk: int):
    commitment = loop_selectors.commitment_detail(user=request.user, pk=pk)
    may_close = workflow.may_close_commitment(commitment, request.user)
    form = CommitmentCloseForm(request.POST or None) if may_close else None
    if request.method == "POST":
        if not may_close:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.close_commitment(actor=request.user, commitment=commitment, **form.cleaned_data)
            except (ValidationError, workflow.TransitionError) as exc:
                for problem in getattr(exc, "messages", [str(exc)]):
                    form.add_error(None, problem)
            else:
                messages.success(request, _("The commitment is closed."))
                return redirect(commitment)
    return render(request, "events/commitment_detail.html", {"commitment": commitment, "form": form})


@login_required
def himbauan_list(request):
    page = loop_selectors.himbauan_list(user=request.user, page=request.GET.get("page"))
    return render(
        request,
        "events/himbauan_list.html",
        {"page": page, "can_create": rules.can_manage_himbauan(request.user)},
    )


@login_required
def himbauan_detail(request, pk: int):
    himbauan = loop_selectors.himbauan_detail(user=request.user, pk=pk)
    return render(
        request,
        "events/himbauan_detail.html",
        {"himbauan": himbauan, "can_edit": rules.can_edit_himbauan(request.user, himbauan)},
    )


def _himbauan_form(request, himbauan=None):
    initial = None
    if himbauan is not None:
        initial = {
            "title": himbauan.title,
            "body": himbauan.body,
            "area": himbauan.area_id,
            "operation": himbauan.operation_id,
            "valid_from": himbauan.valid_from,
            "valid_until": himbauan.valid_until,
        }
    form = HimbauanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if himbauan is None:
                himbauan = services.create_himbauan(actor=request.user, **form.cleaned_data)
                messages.success(request, _("The himbauan is published."))
            else:
                services.update_himbauan(actor=request.user, himbauan=himbauan, **form.cleaned_data)
                messages.success(request, _("The himbauan is updated."))
        except ValidationError as exc:
            for problem in exc.messages:
                form.add_error(None, problem)
        else:
            return redirect(himbauan)
    return render(request, "events/himbauan_form.html", {"form": form, "himbauan": himbauan})


@login_required
def himbauan_create(request):
    if not rules.can_manage_himbauan(request.user):
        raise PermissionDenied
    return _himbauan_form(request)


@login_required
def himbauan_edit(request, pk: int):
    himbauan = loop_selectors.himbauan_detail(user=request.user, pk=pk)
    if not rules.can_edit_himbauan(request.user, himbauan):
        raise PermissionDenied
    return _himbauan_form(request, himbauan)
