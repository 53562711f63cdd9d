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
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def retry_after(scope: str) -> int:
    window = max(conf.get(f"ASPIRATION_{scope}_WINDOW"), 1)
    return window - int(time.time()) % window
