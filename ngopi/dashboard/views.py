"""Thin views: ask the rule, read the filters, ask the selectors, render or stream."""

from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import exports, rollups, selectors
from .forms import DashboardFilterForm, ExportForm
from .rules import can_see_dashboard


def _allowed(user) -> None:
    """403 unless ``rules.can_see_dashboard``."""
    if not can_see_dashboard(user):
        raise PermissionDenied


def _filters(request):
    query = request.GET.copy()
    query.pop("sep", None)  # the export's separator is no filter
    form = DashboardFilterForm(query or None, user=request.user)
    return form, form.filters()


def _charts(data: dict) -> dict:
    return {
        "trend": {
            "labels": [date_format(row["week"], "j M") for row in data["trend"]],
            "received": [row["received"].value for row in data["trend"]],
            "resolved": [row["resolved"].value for row in data["trend"]],
            "held": [row["held"].value for row in data["trend"]],
        },
        "categories": {
            "labels": [row["category"].name for row in data["categories"]],
            "values": [row["total"].value for row in data["categories"]],
        },
        "open": {
            "labels": [str(f.label) for f in data["open"]["statuses"]],
            "values": [f.value for f in data["open"]["statuses"]],
        },
    }


@login_required
@never_cache
@require_GET
def index(request):
    _allowed(request.user)
    form, filters = _filters(request)
    data = selectors.dashboard(user=request.user, f=filters)
    rollup = data["rollup"]
    stale_after = timedelta(seconds=3 * rollups.REFRESH_SECONDS)
    stale = (
        rollup is None or rollup.refreshed_at is None or timezone.now() - rollup.refreshed_at > stale_after
    )
    if stale:
        rollups.kick_refresh()
    return render(
        request,
        "dashboard/index.html",
        {
            **data,
            "form": form,
            "export_form": ExportForm(),
            "export_query": urlencode(filters.query()),
            "charts": _charts(data),
            "rollup_stale": stale,
            "refresh_minutes": rollups.REFRESH_SECONDS // 60,
        },
    )


def _filename(filters, extension: str) -> str:
    return f"aspirasi-{filters.date_from.isoformat()}-{filters.date_to.isoformat()}.{extension}"


def _identities(request) -> bool:
    """Whether the export includes the identities the user may see. Only a POST (CSRF-checked)
    may ask for them, since each one shown is written to the identity-view log; the filters stay
    in the query string either way."""
    if request.method != "POST":
        return False
    form = ExportForm(request.POST)
    return form.is_valid() and form.cleaned_data["identities"]


def _export_view(view):
    """GET exports without identities (a plain link); asking for identities by GET is refused."""

    @login_required
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def wrapped(request):
        _allowed(request.user)
        if request.method == "GET" and "identities" in request.GET:
            return HttpResponseNotAllowed(["POST"])
        return view(request)

    return wrapped


def _separator(request) -> str:
    """``sep=semicolon`` (a query parameter, or the name of the form's button) for Excel set to
    Indonesian; a comma otherwise."""
    name = request.POST.get("sep") or request.GET.get("sep") or "comma"
    return exports.SEPARATORS.get(name, ",")


@_export_view
def export_csv(request):
    _form, filters = _filters(request)
    identities = _identities(request)
    response = StreamingHttpResponse(
        exports.csv_lines(user=request.user, f=filters, identities=identities, separator=_separator(request)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(filters, "csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@_export_view
def export_xlsx(request):
    _form, filters = _filters(request)
    identities = _identities(request)
    handle = exports.xlsx_file(user=request.user, f=filters, identities=identities)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(filters, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response
