"""Per-address rate limits on the public pages, counted in Django's cache (Redis in production).

The address is hashed before it becomes part of a cache key and is never written anywhere
else: the aspirations app stores no IP address at all.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from ngopi.core.http import client_ip

from . import conf


def allow(request: HttpRequest, scope: str) -> bool:
    """Count one hit of ``scope`` (``SUBMIT`` or ``LOOKUP``) for the client; False once over the limit."""
    limit = conf.get(f"ASPIRATION_{scope}_LIMIT")
    window = max(conf.get(f"ASPIRATION_{scope}_WINDOW"), 1)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{client_ip(request)}".encode()).hexdigest()[:32]
    key = f"aspirations:rate:{scope}:{digest}:{int(time.time()) // window}"
    hit = getattr(cache, "hit", None)
    if hit is not None:  # the project's Redis cache (ngopi.core.cache): one round trip
        count = hit(key, window + 5)
    else:  # any other Django cache
        try:
            count = cache.incr(key)
        except ValueError:  # the window's first hit (or a concurrent one, which add() tells apart)
            count = 1 if cache.add(key, 1, timeout=window + 5) else cache.incr(key)
    return count <= limit


def retry_after(scope: str) -> int:
    window = max(conf.get(f"ASPIRATION_{scope}_WINDOW"), 1)
    return window - int(time.time()) % window
