"""Errors as RFC 9457 problem details (``application/problem+json``): ``type``, ``title``,
``status``, ``detail``, ``instance``, and ``errors`` (field → messages) for invalid input.
Titles and details come from the same catalogues as the pages, in the caller's language."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import set_rollback

from aspirations.errors import AspirationError
from events.services.common import SchedulingError
from events.workflow import TransitionError

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "/api/problems/"


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_CONTENT_TYPE
    format = "problem+json"


def _titles() -> dict[str, tuple[int, str]]:
    return {
        "invalid": (400, _("Invalid input")),
        "unauthenticated": (401, _("Not signed in")),
        "forbidden": (403, _("Not allowed")),
        "not-found": (404, _("Not found")),
        "method-not-allowed": (405, _("Method not allowed")),
        "not-acceptable": (406, _("Not acceptable")),
        "refused": (409, _("Refused by the rules")),
        "unsupported-media-type": (415, _("Unsupported media type")),
        "rate-limited": (429, _("Too many requests")),
    }


def problem(
    request, slug: str, *, detail: str = "", errors: dict | None = None, status_code=None
) -> Response:
    code, title = _titles()[slug]
    body = {
        "type": f"{TYPE_BASE}{slug}",
        "title": str(title),
        "status": status_code or code,
        "detail": str(detail or title),
        "instance": request.get_full_path() if request is not None else "",
    }
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code or code, content_type=PROBLEM_CONTENT_TYPE)
    return response


def _flatten(data, prefix="") -> dict[str, list[str]]:
    """DRF's nested error dict/list as ``{"field": ["message", …]}`` (``non_field_errors`` → ``""``)."""
    out: dict[str, list[str]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            name = f"{prefix}.{name}" if prefix and name else (prefix or name)
            for field, messages in _flatten(value, name).items():
                out.setdefault(field, []).extend(messages)
    elif isinstance(data, list):
        if all(not isinstance(item, dict | list) for item in data):
            out.setdefault(prefix, []).extend(str(item) for item in data)
        else:
            for i, item in enumerate(data):
                for field, messages in _flatten(item, f"{prefix}.{i}" if prefix else str(i)).items():
                    out.setdefault(field, []).extend(messages)
    else:
        out.setdefault(prefix, []).append(str(data))
    return out


SLUGS = {
    exceptions.NotAuthenticated: "unauthenticated",
    exceptions.AuthenticationFailed: "unauthenticated",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not-found",
    exceptions.MethodNotAllowed: "method-not-allowed",
    exceptions.NotAcceptable: "not-acceptable",
    exceptions.UnsupportedMediaType: "unsupported-media-type",
    exceptions.Throttled: "rate-limited",
    exceptions.ParseError: "invalid",
}


def exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every error of the API as a problem document."""
    request = context.get("request")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(_("You may not do this."))
    if isinstance(exc, AspirationError | TransitionError | SchedulingError):
        set_rollback()
        return problem(request, "refused", detail=str(exc))
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return problem(request, "invalid", detail=_("Check the fields named in errors."), errors=errors)
    if isinstance(exc, exceptions.ValidationError):
        set_rollback()
        return problem(
            request, "invalid", detail=_("Check the fields named in errors."), errors=_flatten(exc.detail)
        )
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: Django's 500
    set_rollback()
    slug = next((s for cls, s in SLUGS.items() if isinstance(exc, cls)), None)
    detail = exc.detail if isinstance(exc.detail, str) else ""
    if slug is None:
        slug = "invalid" if exc.status_code == status.HTTP_400_BAD_REQUEST else "forbidden"
    response = problem(request, slug, detail=detail, status_code=exc.status_code)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(int(exc.wait))
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        response["WWW-Authenticate"] = auth_header
    return response
