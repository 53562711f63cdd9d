"""Request helpers shared by the whole platform."""

from django.conf import settings
from django.http import HttpRequest


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
