"""Rate limits per API token (or signed-in user, or client address), counted in the shared cache
by ``ngopi.core.counters`` (fixed windows; per process while Redis is down)."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from ngopi.core import counters
from ngopi.core.http import client_ip

from .models import ApiToken


class _WindowThrottle(BaseThrottle):
    setting = ""
    window = 60

    def key(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        key = self.key(request)
        if key is None:
            return True
        limit = getattr(settings, self.setting)
        (count,) = counters.hit((f"api-throttle:{key}", self.window))
        self._wait = count.resets_in
        return count.hits <= limit

    def wait(self):
        return getattr(self, "_wait", self.window)


class TokenThrottle(_WindowThrottle):
    """Requests per minute for each token; session users by user, anonymous callers by address."""

    setting = "NGOPI_API_RATE_PER_MINUTE"

    def key(self, request):
        if isinstance(request.auth, ApiToken):
            return f"token:{request.auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"ip:{client_ip(request)}"
