"""A resident's number: sealed at rest like every reporter identity, found by a keyed hash."""

from django.utils.crypto import salted_hmac

from .. import identity


def number_hash(channel: str, number: str) -> str:
    """The lookup key of a number on a channel (HMAC-SHA256 with the secret key): the database
    never holds the number in clear."""
    return salted_hmac(
        "aspirations.chat.number", f"{channel}|{normalise(number)}", algorithm="sha256"
    ).hexdigest()


def normalise(number: str) -> str:
    """E.164 digits without '+' (``6281234567890``)."""
    return "".join(ch for ch in number if ch.isdigit())


def seal_number(number: str) -> str:
    return identity.seal(phone=normalise(number))


def reveal_number(sealed: str) -> str:
    return identity.reveal(sealed).phone


def for_display(number: str) -> str:
    """As the identity keeps it (``+6281234567890``), like a phone typed on the web form."""
    return f"+{normalise(number)}"
