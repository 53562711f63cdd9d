"""Throttles of the sign-in pages' e-mails, counted by the project's rate-limit counters
(``ngopi.core.counters``: a window from the first hit, in the shared cache, per process while the
cache is down, so the password-reset page stays up with Redis killed).

What is counted (a client address, an e-mail address) is hashed with the secret key before it
becomes part of a cache key, and is kept nowhere else.
"""

import hashlib

from django.conf import settings

from ngopi.core import counters


def over_limit(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one hit of ``value`` in ``scope``; True once it has passed ``limit`` in this window."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{scope}|{value}".encode()).hexdigest()[:32]
    [count] = counters.hit((f"accounts:throttle:{scope}:{digest}", max(window, 1)))
    return count.hits > limit
