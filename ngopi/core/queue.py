"""Best-effort publishing to the Celery broker, for work that a beat task does anyway.

A request that asks a worker to act now (deliver e-mails, send a password reset, rebuild the
dashboard's rollups) must not fail or wait when the broker is down: the publish is tried once
with no retry, a failure is logged, and the work is left to the beat task that sweeps for it.
After a failure this process leaves the broker alone for ``NGOPI_CACHE_RETRY_SECONDS`` (a failed
publish cost a request about 4 ms, the first one in a process 140 ms), as the rate-limit
counters do with the cache.
"""

import logging
import time

from django.conf import settings

log = logging.getLogger(__name__)

_down_until = 0.0  # time.monotonic() before which this process does not try the broker


def publish(task, *, what: str, fallback: str, args: tuple = ()) -> bool:
    """Queue ``task`` (with ``args``) if the broker takes it; False when it was left to ``fallback``."""
    global _down_until
    if time.monotonic() < _down_until:
        return False
    try:
        task.apply_async(args=args, retry=False, ignore_result=True)
    except Exception as exc:  # broker down or unreachable: the sweeping beat task does it later
        _down_until = time.monotonic() + settings.NGOPI_CACHE_RETRY_SECONDS
        log.warning("%s not queued (%s); %s", what, type(exc).__name__, fallback)
        return False
    return True


def reset() -> None:
    """Forget a remembered failure (tests)."""
    global _down_until
    _down_until = 0.0
