"""Issuing, revoking and touching API tokens and Open311 keys."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ngopi.accounts.models import User

from .models import ApiToken, Open311Key
from .secrets import KEY_PREFIX, SHOWN, TOKEN_PREFIX, digest, new_secret

# ``last_used_at`` is written at most this often per secret (one UPDATE, not one per request).
TOUCH_EVERY = timedelta(minutes=1)


@transaction.atomic
def create_api_token(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new personal token for ``user``; the clear token is returned once and never stored."""
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API",
        digest=digest(secret),
        shown=secret[:SHOWN],
        expires_at=expires_at,
    )
    return token, secret


@transaction.atomic
def revoke_api_token(*, user: User, pk: int) -> int:
    """Revoke one of ``user``'s own tokens (effective at the next request); 0 when none."""
    return ApiToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def issue_open311_key(
    *, application: str, contact: str = "", issued_by: User | None = None, expires_at: datetime | None = None
) -> tuple[Open311Key, str]:
    secret = new_secret(KEY_PREFIX)
    key = Open311Key.objects.create(
        application=application,
        contact=contact,
        digest=digest(secret),
        shown=secret[:SHOWN],
        issued_by=issued_by,
        expires_at=expires_at,
    )
    return key, secret


@transaction.atomic
def revoke_open311_key(*, pk: int) -> int:
    return Open311Key.objects.filter(pk=pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def find_token(secret: str) -> ApiToken | None:
    """The usable token with this secret, its user loaded; ``None`` for anything else."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(digest=digest(secret)).first()
    if token is not None:
        _touch(ApiToken, token)
    return token


def find_open311_key(secret: str) -> Open311Key | None:
    if not secret.startswith(KEY_PREFIX):
        return None
    key = Open311Key.objects.usable().filter(digest=digest(secret)).first()
    if key is not None:
        _touch(Open311Key, key)
    return key


def _touch(model, row) -> None:
    """Record the use, at most once per ``TOUCH_EVERY`` (a conditional UPDATE)."""
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        model.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
