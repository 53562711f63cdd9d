"""Reporter identities at rest: name, phone and e-mail sealed together in one Fernet token.

The keys are ``settings.NGOPI_IDENTITY_KEYS``: the first one seals, any of them opens (so a new
key can be put in front of the old one, rows re-sealed with ``manage.py rotate_identity_keys``,
and the old key then dropped). The database only ever holds the token (``Aspiration.reporter_identity``);
the clear identity exists in memory where it is shown to someone allowed to see it: the staff page
of a public report, the logged identity page of a confidential one, the export that logs it.
"""

import json
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class ReporterIdentity:
    name: str = ""
    phone: str = ""
    email: str = ""
    # False when the token opens with none of the configured keys (a key was dropped too early).
    readable: bool = True

    def __bool__(self) -> bool:
        return bool(self.name or self.phone or self.email)


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise ImproperlyConfigured("NGOPI_IDENTITY_KEYS is empty: reporter identities cannot be sealed.")
    fernets = [Fernet(key) for key in keys]
    return MultiFernet(fernets), fernets[0]


def _keys() -> tuple[MultiFernet, Fernet]:
    return _fernets(tuple(settings.NGOPI_IDENTITY_KEYS))


def seal(*, name: str = "", phone: str = "", email: str = "") -> str:
    """The token for this identity under the current key; ``""`` when there is nothing to keep."""
    if not (name or phone or email):
        return ""
    payload = json.dumps({"n": name, "p": phone, "e": email}, ensure_ascii=False, separators=(",", ":"))
    return _keys()[0].encrypt(payload.encode()).decode("ascii")


def reveal(sealed: str) -> ReporterIdentity:
    """The clear identity; call it only where it is shown to someone allowed (and logged when
    the report is confidential)."""
    if not sealed:
        return ReporterIdentity()
    try:
        data = json.loads(_keys()[0].decrypt(sealed.encode("ascii")))
    except InvalidToken:
        return ReporterIdentity(readable=False)
    return ReporterIdentity(name=data.get("n", ""), phone=data.get("p", ""), email=data.get("e", ""))


def is_current(sealed: str) -> bool:
    """Whether the token is sealed with the current (first) key already."""
    try:
        _keys()[1].decrypt(sealed.encode("ascii"))
    except InvalidToken:
        return False
    return True


def reseal(sealed: str) -> str:
    """The same identity under the current key. Raises ``InvalidToken`` if no key opens it."""
    return _keys()[0].rotate(sealed.encode("ascii")).decode("ascii")
