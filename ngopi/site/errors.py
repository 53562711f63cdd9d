"""The app's own error pages: 400, 403, 404, 429, 500 and 503 (database unavailable).

Every page renders without the database: no context processor runs (they read the signed-in
user, whose session may live in the database that is down), the template extends
``errors/base.html`` rather than ``base.html``, and the stylesheets are resolved here so that a
missing ``collectstatic`` manifest entry cannot turn an error page into another error.
The language is the visitor's choice, already activated by ``IndonesianFirstLocaleMiddleware``.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.templatetags.static import static

from .middleware import STAFF_PREFIXES  # staff error pages lead back to the staff pages

STYLESHEETS = ("vendor/bootstrap/bootstrap.min.css", "css/ngopi.css")
# What a lost database connection looks like from Django: the server refused, went away,
# or the connection broke mid-request.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def _stylesheets() -> list[str]:
    urls = []
    for name in STYLESHEETS:
        try:
            urls.append(static(name))
        except ValueError:  # not in the collectstatic manifest: the page is plain but readable
            continue
    return urls


def render_error(
    request: HttpRequest | None,
    status: int,
    *,
    template: str | None = None,
    context: dict | None = None,
    retry_after: int | None = None,
) -> HttpResponse:
    """The error page for ``status``, rendered with no database access.

    ``template`` defaults to ``errors/<status>.html``; ``context`` is added to what every error
    page gets; ``retry_after`` (seconds) becomes the ``Retry-After`` header and is shown.
    """
    path = request.path if request is not None else ""
    page_context = {
        "status": status,
        "request_path": path,
        "staff_page": path.startswith(STAFF_PREFIXES),
        "stylesheets": _stylesheets(),
        "retry_after": retry_after,
        "retry_after_minutes": max(1, -(-retry_after // 60)) if retry_after else None,
        **(context or {}),
    }
    # No request is passed: context processors (navigation, unread count, user) would touch
    # the session and the database.
    body = loader.render_to_string(template or f"errors/{status}.html", page_context)
    response = HttpResponse(body, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def too_many_requests(request: HttpRequest, *, retry_after: int, message: str = "") -> HttpResponse:
    """A 429 page with ``Retry-After``: for rate limits anywhere in the app.

    ``message`` (already translated) says what was limited; the page adds when to try again
    and the emergency number.
    """
    return render_error(request, 429, context={"message": message}, retry_after=max(1, int(retry_after)))


def service_unavailable(request: HttpRequest | None) -> HttpResponse:
    return render_error(request, 503, retry_after=settings.NGOPI_RETRY_AFTER_SECONDS)


# --- handlers (ngopi/urls.py) ------------------------------------------------------------------


def bad_request(request, exception=None):
    return render_error(request, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page too old, or with cookies blocked."""
    return render_error(request, 403, template="errors/403_csrf.html")


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    """handler500, called while the exception is being handled: a lost database is a 503."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    return render_error(request, 500)
