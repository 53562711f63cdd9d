"""Open311 GeoReport v2 (``/open311/v2/``): categories as services, public requests, and
requests posted by civic apps with an administrator-issued ``api_key``.

What leaves here is what the privacy mode allows: never an identity; a tip, a confidential or an
anonymous report shows nothing beyond its status (``aspirations.rules.shown_in_full``), and only
public complaints and suggestions are listed. What comes in is validated by the public form
(``aspirations.forms.AspirationForm``) and received by ``submit_aspiration``, as from the form.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from aspirations import rules, services
from aspirations.codes import normalise_code
from aspirations.enums import FOR_REPORTER, OPEN_STATUSES, Kind, Privacy
from aspirations.forms import AspirationForm
from aspirations.models import Aspiration, Category
from ngopi.core import counters
from ngopi.core.dates import day_start
from ngopi.core.http import client_ip

from .. import services as api_services
from ..language import activate_from
from . import formats
from .location import nearest_rw_id

MAX_RESULTS = 1000  # the specification's default ceiling for requests.json
DEFAULT_DAYS = 90  # without dates, the last 90 days (as the specification suggests)


def _status(aspiration) -> str:
    return "open" if aspiration.status in OPEN_STATUSES else "closed"


def _when(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.name,
        "metadata": False,
        "type": "realtime",
        "keywords": category.code.replace("-", " "),
        "group": str(_("Police")) if category.is_police_matter else str(_("Other agencies")),
    }


def _request_row(aspiration: Aspiration) -> dict:
    """A request as GeoReport v2 shows it: in full for a public complaint or suggestion, its
    status alone for anything else."""
    if not rules.shown_in_full(aspiration):
        return {"service_request_id": aspiration.code, "status": _status(aspiration)}
    rw = aspiration.rw
    return {
        "service_request_id": aspiration.code,
        "status": _status(aspiration),
        "status_notes": str(FOR_REPORTER.get(aspiration.status, "")),
        "service_name": aspiration.category.name,
        "service_code": aspiration.category.code,
        "description": aspiration.description,
        "agency_responsible": aspiration.unit.name if aspiration.unit_id else "",
        "service_notice": "",
        "requested_datetime": _when(aspiration.created_at),
        "updated_datetime": _when(aspiration.updated_at),
        "expected_datetime": _when(aspiration.due_at) if aspiration.status in OPEN_STATUSES else None,
        "address": ", ".join(filter(None, [aspiration.location_detail, rw.name, rw.parent.name])),
        "address_id": rw.pk,
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _refusal(request, fmt: str):
    """An error response when the call cannot be served: unknown format or jurisdiction, or
    too many reads from this address."""
    activate_from(request)
    if fmt not in formats.FORMATS:
        return formats.errors("json", 404, _("Use .json or .xml."))
    jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    expected = settings.NGOPI_OPEN311_JURISDICTION
    if jurisdiction and expected and jurisdiction != expected:
        return formats.errors(fmt, 404, _("jurisdiction_id not found."))
    (count,) = counters.hit((f"open311-read:{client_ip(request)}", 60))
    if count.hits > settings.NGOPI_OPEN311_READS_PER_MINUTE:
        response = formats.errors(fmt, 429, _("Too many requests: try again in a minute."))
        response["Retry-After"] = str(count.resets_in)
        return response
    return None


@require_GET
def discovery(request, fmt: str):
    if refused := _refusal(request, fmt):
        return refused
    base = request.build_absolute_uri("/open311/v2/")
    row = {
        "changeset": "2026-12-01T00:00:00+07:00",
        "contact": settings.NGOPI_SITE_URL,
        "key_service": _("API keys are issued by the administrators."),
    }
    endpoint = {"specification": "http://wiki.open311.org/GeoReport_v2", "url": base, "type": "production"}
    if fmt == "xml":
        return formats.respond_object(fmt, "discovery", {**row, "endpoint_url": base})
    return formats.respond_object(
        fmt, "discovery", {**row, "endpoints": [{**endpoint, "formats": ["text/xml", "application/json"]}]}
    )


@require_GET
def service_list(request, fmt: str):
    if refused := _refusal(request, fmt):
        return refused
    return formats.respond(fmt, "services", [_service(c) for c in Category.objects.active()])


@require_GET
def service_definition(request, code: str, fmt: str):
    if refused := _refusal(request, fmt):
        return refused
    category = Category.objects.active().filter(code=code).first()
    if category is None:
        return formats.errors(fmt, 404, _("service_code not found."))
    return formats.respond_object(
        fmt, "service_definition", {"service_code": category.code, "attributes": []}
    )


def _date(value: str | None, name: str):
    """A GeoReport date (W3C/ISO 8601; a day alone is its start in WIB), or ``ValueError``."""
    if not value:
        return None
    value = value.replace(" ", "+")  # a "+" of an offset arrives as a space in a query string
    parsed = parse_datetime(value)
    if parsed is None and (day := parse_date(value)) is not None:
        return day_start(day)
    if parsed is None:
        raise ValueError(
            _("%(name)s is not a date and time (ISO 8601, e.g. 2026-12-01T00:00:00Z).") % {"name": name}
        )
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _listed(request, fmt: str):
    params = request.GET
    queryset = Aspiration.objects.publicly_listed().select_related("category", "unit", "rw", "rw__parent")
    codes = [
        c for c in (normalise_code(x) for x in params.get("service_request_id", "").split(",") if x) if c
    ]
    if params.get("service_request_id"):
        # By id, each found request answers, in full or by its status only.
        found = Aspiration.objects.filter(code__in=codes[:MAX_RESULTS]).select_related(
            "category", "unit", "rw", "rw__parent"
        )
        return formats.respond(fmt, "requests", [_request_row(a) for a in found])
    try:
        start, end = _date(params.get("start_date"), "start_date"), _date(params.get("end_date"), "end_date")
    except ValueError as error:
        return formats.errors(fmt, 400, str(error))
    if start is None and end is None:
        start = timezone.now() - timedelta(days=DEFAULT_DAYS)
    if start is not None:
        queryset = queryset.filter(created_at__gte=start)
    if end is not None:
        queryset = queryset.filter(created_at__lte=end)
    if service_code := params.get("service_code"):
        queryset = queryset.filter(category__code__in=service_code.split(","))
    status = params.get("status", "")
    statuses = set(status.split(",")) if status else set()
    if statuses - {"open", "closed"}:
        return formats.errors(fmt, 400, _("status is open or closed."))
    if statuses == {"open"}:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        queryset = queryset.exclude(status__in=OPEN_STATUSES)
    rows = queryset.order_by("-created_at", "-id")[:MAX_RESULTS]
    return formats.respond(fmt, "requests", [_request_row(a) for a in rows])


def _post(request, fmt: str):
    data = request.POST
    key = api_services.find_open311_key(data.get("api_key", ""))
    if key is None:
        return formats.errors(fmt, 403, _("api_key is missing, not valid or revoked."))
    (count,) = counters.hit((f"open311-post:{key.pk}", 3600))
    if count.hits > settings.NGOPI_OPEN311_POSTS_PER_HOUR:
        response = formats.errors(fmt, 429, _("This api_key has posted too many requests this hour."))
        response["Retry-After"] = str(count.resets_in)
        return response
    category = Category.objects.active().filter(code=data.get("service_code", "")).first()
    if category is None:
        return formats.errors(fmt, 400, _("service_code not found."))
    rw_id = _rw_of(data)
    if isinstance(rw_id, str):
        return formats.errors(fmt, 400, rw_id)
    # The public form's own rules. GeoReport v2 carries no consent: a civic app's request is
    # anonymous, whatever contact fields it sends (they are not read).
    form = AspirationForm(
        {
            "kind": Kind.COMPLAINT,
            "category": category.pk,
            "description": data.get("description", ""),
            "area": rw_id,
            "location_detail": data.get("address_string", "")[:300],
            "privacy": Privacy.ANONYMOUS,
        }
    )
    if not form.is_valid():
        return formats.errors(
            fmt,
            400,
            *(f"{_field_name(f)}: {m}" if f != "__all__" else m for f, ms in form.errors.items() for m in ms),
        )
    cleaned = form.cleaned_data
    try:
        aspiration = services.submit_aspiration(
            kind=cleaned["kind"],
            category=cleaned["category"],
            description=cleaned["description"],
            rw=cleaned["area"],
            privacy=cleaned["privacy"],
            location_detail=cleaned["location_detail"],
        )
    except services.AspirationError as error:
        return formats.errors(fmt, 400, str(error))
    notice = _("Received. Keep the tracking code %(code)s to follow it.") % {"code": aspiration.code}
    return formats.respond(
        fmt,
        "requests",
        [{"service_request_id": aspiration.code, "service_notice": notice, "account_id": None}],
    )


FIELD_NAMES = {"area": "address_id", "location_detail": "address_string", "category": "service_code"}


def _field_name(field: str) -> str:
    return FIELD_NAMES.get(field, field)


def _rw_of(data) -> int | str:
    """The RW id of the request, or the message saying why there is none."""
    if data.get("address_id"):
        try:
            return int(data["address_id"])
        except ValueError:
            return _("address_id is the id of an RW (services: /api/v1/areas/).")
    lat, lon = data.get("lat"), data.get("long")
    if not lat or not lon:
        return _("Give the location: lat and long, or address_id.")
    try:
        lat, lon = float(lat), float(lon)
    except ValueError:
        return _("lat and long are decimal degrees (WGS84), e.g. -6.2615 and 106.9722.")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return _("lat and long are decimal degrees (WGS84), e.g. -6.2615 and 106.9722.")
    rw_id = nearest_rw_id(lat, lon)
    if rw_id is None:
        return _("No post of ours lies within %(m)d m of this location.") % {
            "m": settings.NGOPI_OPEN311_MAX_DISTANCE_M
        }
    return rw_id


@csrf_exempt  # no cookie is read: a civic app authenticates with its api_key
@require_http_methods(["GET", "POST"])
def request_list(request, fmt: str):
    if refused := _refusal(request, fmt):
        return refused
    if request.method == "POST":
        return _post(request, fmt)
    return _listed(request, fmt)


@require_GET
def request_detail(request, code: str, fmt: str):
    if refused := _refusal(request, fmt):
        return refused
    canonical = normalise_code(code)
    aspiration = (
        Aspiration.objects.filter(code=canonical)
        .select_related("category", "unit", "rw", "rw__parent")
        .first()
        if canonical
        else None
    )
    if aspiration is None:
        return formats.errors(fmt, 404, _("service_request_id not found."))
    return formats.respond(fmt, "requests", [_request_row(aspiration)])


@require_GET
def token(request, token: str, fmt: str):
    """Requests are created at once, so a token is the tracking code itself."""
    if refused := _refusal(request, fmt):
        return refused
    canonical = normalise_code(token)
    if canonical is None or not Aspiration.objects.filter(code=canonical).exists():
        return formats.errors(fmt, 404, _("token not found."))
    return formats.respond(fmt, "requests", [{"service_request_id": canonical, "token": canonical}])
