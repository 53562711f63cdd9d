"""Per-address rate limits on the public pages, counted by ``ngopi.core.counters`` (Redis in
production; each process's memory while Redis is down).

The address is hashed before it becomes part of a cache key and is never written anywhere
else: the aspirations app stores no IP address at all.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from ngopi.core import counters
from ngopi.core.http import client_ip

from . import conf


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int  # seconds until the window that refused ends


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}|{value}".encode()).hexdigest()[:32]


def check(request: HttpRequest, scope: str) -> Decision:
    """Count one hit of ``scope`` (``SUBMIT`` or ``LOOKUP``) for the client."""
    limit = conf.get(f"ASPIRATION_{scope}_LIMIT")
    window = max(conf.get(f"ASPIRATION_{scope}_WINDOW"), 1)
    (count,) = counters.hit((f"aspirations:rate:{scope}:{_digest(client_ip(request))}", window))
    return Decision(count.hits <= limit, count.resets_in)
