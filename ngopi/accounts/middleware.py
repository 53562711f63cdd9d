from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import twofactor


class TwoFactorMiddleware:
    """A user who owes a second factor (``twofactor.owes_second_factor``) is sent to give it —
    or, if he has none and it is required of him, to set one up — before any other page."""

    OPEN_PREFIXES = ("/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if twofactor.owes_second_factor(request) and not self._open(request.path):
            has_one = twofactor.has_second_factor(request.user)
            target = reverse("two_factor_verify" if has_one else "two_factor_setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _open(self, path: str) -> bool:
        if path.startswith((*self.OPEN_PREFIXES, settings.STATIC_URL, "/" + settings.STATIC_URL)):
            return True
        return path in {
            reverse("two_factor_verify"),
            reverse("two_factor_setup"),
            reverse("two_factor_qr"),
            reverse("logout"),
        }
