"""The follow form's rate limit: per address and per e-mail address, counted by
``ngopi.core.counters`` (both hashed with the secret key before they become cache keys)."""

import hashlib

from django.conf import settings

from ngopi.core import counters
from ngopi.core.http import client_ip

PER_ADDRESS = 10  # follow requests per client address per hour
PER_EMAIL = 3  # confirmation mails per e-mail address per day
HOUR, DAY = 3600, 24 * 3600


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}|wilayah|{value}".encode()).hexdigest()[:32]


def allowed(request, email: str) -> tuple[bool, int]:
    """(allowed, seconds to wait) for one more follow request from this client for ``email``."""
    by_address, by_email = counters.hit(
        (f"wilayah:follow:address:{_digest(client_ip(request))}", HOUR),
        (f"wilayah:follow:email:{_digest(email.strip().lower())}", DAY),
    )
    if by_address.hits > PER_ADDRESS:
        return False, by_address.resets_in
    if by_email.hits > PER_EMAIL:
        return False, by_email.resets_in
    return True, 0
