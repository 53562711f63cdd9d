"""Thin views: ask the rule, read the filters, ask the selectors, render or stream."""

from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import exports, rollups, selectors, services
from .forms import DashboardFilterForm, ExportForm
from .models import ExportJob
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
            "export_async_rows": settings.NGOPI_EXPORT_ASYNC_ROWS,
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


def _as_job(request, filters, identities: bool, format: str, separator: str = "comma"):
    """Over ``NGOPI_EXPORT_ASYNC_ROWS`` rows: a background job and its page; else None (stream)."""
    threshold = settings.NGOPI_EXPORT_ASYNC_ROWS
    if exports.count(user=request.user, f=filters, up_to=threshold) <= threshold:
        return None
    total = exports.count(user=request.user, f=filters)
    job = services.start_export(
        user=request.user,
        filters=filters,
        format=format,
        identities=identities,
        separator=separator,
        rows_total=total,
    )
    return redirect("dashboard:export_job", pk=job.pk)


@_export_view
def export_csv(request):
    _form, filters = _filters(request)
    identities = _identities(request)
    separator = next((k for k, v in exports.SEPARATORS.items() if v == _separator(request)), "comma")
    if job := _as_job(request, filters, identities, ExportJob.Format.CSV, separator):
        return job
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
    if job := _as_job(request, filters, identities, ExportJob.Format.XLSX):
        return job
    handle = exports.xlsx_file(user=request.user, f=filters, identities=identities)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(filters, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _job(request, pk: int) -> ExportJob:
    """The user's own job; anyone else's (or none) is a 404."""
    _allowed(request.user)
    return get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)


@login_required
@never_cache
@require_GET
def export_job(request, pk: int):
    job = _job(request, pk)
    return render(
        request,
        "dashboard/export_job.html",
        {
            "job": job,
            "filename": services.filename(job),
            "available": job.status == ExportJob.Status.DONE
            and job.expires_at is not None
            and job.expires_at > timezone.now(),
        },
    )


@login_required
@never_cache
@require_GET
def export_job_status(request, pk: int):
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "percent": job.percent,
            "finished": job.finished,
        }
    )


@login_required
@never_cache
@require_GET
def export_job_download(request, pk: int):
    job = _job(request, pk)
    handle = services.open_file(job)
    if handle is None:
        raise Http404
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=services.filename(job),
        content_type="text/csv; charset=utf-8"
        if job.format == ExportJob.Format.CSV
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response
