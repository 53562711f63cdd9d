"""A demo civic app with an Open311 api_key. Under DEBUG its key is the published one below
(like the demo password), so ``seed_demo`` can print it on every run; a forced run without
DEBUG gets a random key that nobody is shown (issue one in the admin instead)."""

from django.conf import settings

from ngopi.api import secrets
from ngopi.api.models import Open311Key

DEMO_APP = "Aplikasi Warga Bekasi (demo)"
DEMO_OPEN311_KEY = "o311_demo-aplikasi-warga-bekasi"


def seed_api() -> dict[str, int]:
    if Open311Key.objects.filter(application=DEMO_APP).exists():
        return {"Open311 keys": 0}
    secret = DEMO_OPEN311_KEY if settings.DEBUG else secrets.new_secret(secrets.KEY_PREFIX)
    Open311Key.objects.create(
        application=DEMO_APP,
        contact="demo@example.org",
        digest=secrets.digest(secret),
        shown=secret[: secrets.SHOWN],
    )
    return {"Open311 keys": 1}
