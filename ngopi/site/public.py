"""The residents' way in: the home page (send, track, the sessions near them), the icons and the
web manifest a phone uses to keep the site on its home screen."""

import json

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from events import selectors as event_selectors

VILLAGE_COOKIE = "ngopi_kelurahan"  # the kelurahan a resident chose on the home page, remembered a year
VILLAGE_COOKIE_AGE = 365 * 24 * 3600
SESSIONS_ON_HOME = 5


def _chosen_village(request, villages):
    raw = request.GET.get("kelurahan", request.COOKIES.get(VILLAGE_COOKIE, ""))
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return next((village for village in villages if village.pk == pk), None)


@require_GET
def home(request):
    villages = list(event_selectors.public_villages())
    village = _chosen_village(request, villages)
    sessions = event_selectors.public_sessions(area=village, limit=SESSIONS_ON_HOME) if village else []
    response = render(
        request, "site/home.html", {"villages": villages, "village": village, "sessions": sessions}
    )
    if "kelurahan" in request.GET:
        if village is None:
            response.delete_cookie(VILLAGE_COOKIE, samesite="Lax")
        else:
            response.set_cookie(
                VILLAGE_COOKIE,
                str(village.pk),
                max_age=VILLAGE_COOKIE_AGE,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=True,
            )
    return response


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon."""
    return redirect(static("icons/favicon.ico"))


@require_GET
def manifest(request):
    """The web manifest (what a phone shows once the site is added to its home screen)."""
    body = {
        "name": _("Ngopi Kamtibmas"),
        "short_name": _("Ngopi Kamtibmas"),
        "description": _("Send an aspiration to the police of your neighbourhood and track it."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#5b3a1e",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response
