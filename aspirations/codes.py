"""Tracking codes: ``NK-7K3Q-9XZ2-M4TD-H8PW``.

Sixteen characters from Crockford's base-32 alphabet (no I, L, O, U) drawn with ``secrets``:
80 random bits, unguessable, and still short enough to read out over the phone. What a resident
types back is forgiven the way Crockford intended: any case, with or without dashes or spaces,
O read as 0 and I or L as 1.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "NK"
GROUPS = 4
GROUP_LENGTH = 4
LENGTH = GROUPS * GROUP_LENGTH  # 16 characters × 5 bits = 80 bits
CODE_MAX_LENGTH = len(PREFIX) + 1 + LENGTH + GROUPS - 1  # "NK-" + 16 + 3 dashes = 22

_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def format_code(chars: str) -> str:
    groups = [chars[i : i + GROUP_LENGTH] for i in range(0, LENGTH, GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])


def new_code() -> str:
    bits = secrets.randbits(5 * LENGTH)  # one read of the system's random source, 5 bits a character
    return format_code("".join(ALPHABET[(bits >> (5 * i)) & 0b11111] for i in range(LENGTH)))


def normalise_code(text: str) -> str | None:
    """The canonical form of what a resident typed, or ``None`` when it cannot be a code."""
    if not text or len(text) > 64:
        return None
    chars = _SEPARATORS.sub("", text.strip().upper())
    if chars.startswith(PREFIX) and len(chars) == len(PREFIX) + LENGTH:
        chars = chars[len(PREFIX) :]
    chars = chars.translate(_CONFUSABLE)
    if not _VALID.match(chars):
        return None
    return format_code(chars)
