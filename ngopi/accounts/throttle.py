"""Counters in Django's cache (Redis in production) that throttle the sign-in pages' e-mails.

What is counted (a client address, an e-mail address) is hashed with the secret key before it
becomes part of a cache key, and is kept nowhere else.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def over_limit(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one hit of ``value`` in ``scope``; True once it has passed ``limit`` in this window."""
    window = max(window, 1)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{scope}|{value}".encode()).hexdigest()[:32]
    key = f"accounts:throttle:{scope}:{digest}:{int(time.time()) // window}"
    hit = getattr(cache, "hit", None)
    if hit is not None:  # the project's Redis cache (ngopi.core.cache): one round trip
        count = hit(key, window + 5)
    else:  # any other Django cache
        try:
            count = cache.incr(key)
        except ValueError:  # the window's first hit (or a concurrent one, which add() tells apart)
            count = 1 if cache.add(key, 1, timeout=window + 5) else cache.incr(key)
    return count > limit
