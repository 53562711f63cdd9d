"""Fixed-window hit counters for rate limits, in the shared cache, kept by each process while
the cache is down.

A window starts at a key's first hit and lasts ``window`` seconds whatever happens after it:
later hits neither extend nor restart it. On the project's Redis cache (``ngopi.core.cache``)
that is INCR with EXPIRE NX, all keys in one round trip. On any other Django cache (the
embedded default's file cache) the window's start is stored with its count and the entry is
written back with the time the window has left, so a quiet spell does not end it early; that
read-and-write is not atomic across processes, which the embedded single-server setup accepts.

When the shared cache fails (Redis killed, unreachable, timing out) the hits are counted in a
per-process memory instead, a warning is logged, and the shared cache is not tried again for
``NGOPI_CACHE_RETRY_SECONDS``, so requests do not each pay a failed connection. Limits are then
counted per process: with N web processes an address may get up to N times its limit until the
cache is back. That is the price of the public form staying up.
"""

import logging
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

log = logging.getLogger(__name__)

# Each process's own counters while the shared cache is down (culled beyond MAX_ENTRIES).
_local = LocMemCache("ngopi-counters-fallback", {"OPTIONS": {"MAX_ENTRIES": 50_000}})
_lock = threading.Lock()  # the read-and-write of a local count is not atomic on its own
_down_until = 0.0  # time.monotonic() before which the shared cache is not tried


@dataclass(frozen=True)
class Count:
    hits: int  # hits in the current window, this one included
    resets_in: int  # seconds until the window ends


def hit(*keys: tuple[str, int]) -> list[Count]:
    """Count one hit of each ``(key, window seconds)`` and return their counts, in order."""
    global _down_until
    if time.monotonic() >= _down_until:
        try:
            return _hit_shared(keys)
        except _failures() as error:
            retry = settings.NGOPI_CACHE_RETRY_SECONDS
            _down_until = time.monotonic() + retry
            log.warning(
                "cache unreachable (%s: %s): rate limits are counted per process for the next %s s",
                type(error).__name__,
                error,
                retry,
            )
    with _lock:
        return [_hit_generic(_local, key, window) for key, window in keys]


def shared_cache_down() -> bool:
    """True while hits are counted per process because the shared cache failed."""
    return time.monotonic() < _down_until


def reset() -> None:
    """Forget the per-process counters and any failure (tests)."""
    global _down_until
    _down_until = 0.0
    _local.clear()


def _failures() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.RedisError, OSError)


def _hit_shared(keys) -> list[Count]:
    hit_many = getattr(cache, "hit_many", None)
    if hit_many is not None:  # the project's Redis cache: one round trip for all keys
        return [Count(hits, resets_in) for hits, resets_in in hit_many(keys)]
    return [_hit_generic(cache, key, window) for key, window in keys]


def _hit_generic(store, key: str, window: int) -> Count:
    now = time.time()
    if store.add(key, (now, 1), timeout=window):
        return Count(1, window)
    value = store.get(key)
    if not isinstance(value, tuple) or now >= value[0] + window:  # expired between add and get
        store.set(key, (now, 1), timeout=window)
        return Count(1, window)
    start, hits = value
    left = start + window - now
    store.set(key, (start, hits + 1), timeout=left)
    return Count(hits + 1, max(math.ceil(left), 1))
