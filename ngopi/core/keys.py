"""Reporter-identity keys from the environment (``NGOPI_IDENTITY_KEYS``, read by settings):
comma-separated Fernet keys, urlsafe base64 of 32 bytes; the first seals, any of them opens."""

import base64
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def identity_keys(keys: list[str], *, debug: bool, var_dir: Path) -> list[str]:
    """The keys of ``NGOPI_IDENTITY_KEYS``, checked; with ``debug`` and none given, one made once
    and kept in ``var_dir/identity.key`` so that restarts can still open what was sealed.

    With ``debug`` off and none given the list is empty: commands that open no identity
    (``makemigrations``, ``check``, ``collectstatic``) still run, as they do without
    ``SECRET_KEY``; serving the site or running a worker never does (``require_identity_keys``,
    called by ``ngopi/wsgi.py`` and the Celery worker's start)."""
    if not keys and debug:
        path = var_dir / "identity.key"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="ascii") as new:  # "x": two processes starting keep one key
                os.chmod(path, 0o600)
                new.write(base64.urlsafe_b64encode(os.urandom(32)).decode("ascii") + "\n")
        except FileExistsError:
            pass
        keys = [path.read_text(encoding="ascii").strip()]
    for number, key in enumerate(keys, 1):
        try:
            valid = len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
        except (ValueError, UnicodeEncodeError):
            valid = False
        if not valid:
            raise ImproperlyConfigured(
                f"NGOPI_IDENTITY_KEYS: key number {number} is not urlsafe base64 of 32 bytes."
            )
    return keys


def require_identity_keys(keys: list[str]) -> None:
    """Refuse to serve or to work without a key to seal reporter identities with."""
    if not keys:
        raise ImproperlyConfigured(
            "NGOPI_IDENTITY_KEYS must be set when DEBUG is off: comma-separated urlsafe-base64 "
            '32-byte keys, the first one current. Make one with: python -c "import base64, os; '
            'print(base64.urlsafe_b64encode(os.urandom(32)).decode())"'
        )
