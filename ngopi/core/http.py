"""Request and response helpers shared by the whole platform."""

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpRequest

# The policy of a response that is an image (a photo opened full size). The browser shows it in
# its own image viewer, a page it builds itself and styles inline (Chromium: "Applying inline
# style violates ... style-src 'self'"), so the site's style-src 'self' only fills the console
# with refusals. An image cannot run script nor bring styles of ours: its response allows inline
# style and no script at all (stricter than the pages' 'self' and nonce); every other directive
# stays the site's, frame-ancestors 'none' among them. Put it nearest the view function, below
# login_required and the like, so that only the image itself gets it, never a redirect to the
# sign-in page; a 404 is raised, not returned, and keeps the strict policy.
image_csp = csp_replace({"style-src": [UNSAFE_INLINE], "script-src": [NONE]})


def public_url(path: str) -> str:
    """``path`` on the site's public address (``NGOPI_SITE_URL``): what e-mails, messages and the
    printed poster link to, whichever host the page that made them was opened on."""
    return f"{settings.NGOPI_SITE_URL}{path}"


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting exactly ``NGOPI_PROXY_COUNT`` proxies in front of us.

    With no proxy configured only ``REMOTE_ADDR`` counts, so a client cannot pick its own
    address by sending an ``X-Forwarded-For`` header.
    """
    proxies = settings.NGOPI_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
