"""API secrets (personal tokens, Open311 keys): high-entropy random strings, shown once and
stored only as their SHA-256 digest. A digest of 256 random bits needs no salt or slow hash:
nobody can guess the input, and a stolen table gives nothing back."""

import hashlib
import secrets

TOKEN_PREFIX = "ngk_"  # noqa: S105  (a personal API token's prefix, not a secret)
KEY_PREFIX = "o311_"  # an Open311 api_key
SHOWN = 12  # characters kept in clear to tell secrets apart in a list (prefix included)


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
