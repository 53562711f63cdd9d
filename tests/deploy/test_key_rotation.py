"""Rotating SECRET_KEY (docs/deploy.md): the old key in SECRET_KEY_FALLBACKS keeps staff signed in."""

import os
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

OLD_KEY = "old-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
NEW_KEY = "new-secret-key-9876543210-zyxwvutsrqponmlkjihgfedcba-HGFEDCBA"


def test_secret_key_fallbacks_read_from_the_environment():
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)"],
        cwd=settings.BASE_DIR,
        env={
            "DJANGO_SETTINGS_MODULE": "ngopi.settings",
            "SECRET_KEY": NEW_KEY,
            "SECRET_KEY_FALLBACKS": f" {OLD_KEY} , older-key ",
            "NGOPI_IDENTITY_KEYS": os.environ["NGOPI_IDENTITY_KEYS"],
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str([OLD_KEY, "older-key"])


def test_key_rotation_with_the_old_key_as_fallback_keeps_an_officer_signed_in(client, bhabin, settings):
    settings.SECRET_KEY = OLD_KEY
    client.force_login(bhabin)
    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    assert client.get(reverse("site:staff_home")).status_code == 200


def test_key_rotation_without_the_fallback_signs_everyone_out(client, bhabin, settings):
    settings.SECRET_KEY = OLD_KEY
    client.force_login(bhabin)
    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = []
    response = client.get(reverse("site:staff_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
