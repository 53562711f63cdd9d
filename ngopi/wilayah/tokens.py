"""Signed links in the followers' mails: nothing secret is stored, the secret key signs them.

A confirmation link lasts ``CONFIRM_DAYS``; an unsubscribe link lasts as long as the follower
(``SECRET_KEY_FALLBACKS`` keeps old links working across a key change)."""

from django.core import signing

CONFIRM_DAYS = 7
_CONFIRM = "ngopi.wilayah.confirm"
_UNSUBSCRIBE = "ngopi.wilayah.unsubscribe"


def confirm_token(follower_id: int) -> str:
    return signing.dumps(follower_id, salt=_CONFIRM, compress=True)


def unsubscribe_token(follower_id: int) -> str:
    return signing.dumps(follower_id, salt=_UNSUBSCRIBE, compress=True)


def follower_from_confirm(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=_CONFIRM, max_age=CONFIRM_DAYS * 24 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def follower_from_unsubscribe(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=_UNSUBSCRIBE))
    except (signing.BadSignature, TypeError, ValueError):
        return None
