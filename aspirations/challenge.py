"""A proof of work the public form's script solves, asked for only while an address is flooding.

The form page carries a signed, time-stamped puzzle: find a number ``n`` such that
SHA-256(``puzzle:n``) starts with ``bits`` zero bits (about 2**bits tries; ~65,000 by default,
a second or two on a phone, done while the resident types). It needs nothing from a third party
and says nothing about the resident: no cookie, no address, no fingerprint. Each puzzle is
accepted once (its hash is counted like a rate limit until it expires).
"""

import hashlib
import secrets

from django.core import signing

from ngopi.core import counters

from . import conf

SALT = "aspirations.challenge"
TOKEN_FIELD = "pow_token"  # noqa: S105  (a form field name)
SOLUTION_FIELD = "pow_solution"


def issue() -> str:
    """A new puzzle: ``<bits>.<random>`` signed with a timestamp."""
    bits = conf.get("ASPIRATION_CHALLENGE_BITS")
    return signing.TimestampSigner(salt=SALT).sign(f"{bits}.{secrets.token_urlsafe(12)}")


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def solved(token: str, solution: str) -> bool:
    """True for a valid, unexpired puzzle solved as asked and not used before."""
    max_age = conf.get("ASPIRATION_CHALLENGE_MAX_AGE")
    try:
        bits = int(signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age).split(".", 1)[0])
    except (signing.BadSignature, ValueError):
        return False
    if not solution.isdigit() or len(solution) > 12:
        return False
    if leading_zero_bits(hashlib.sha256(f"{token}:{solution}".encode()).digest()) < bits:
        return False
    used = hashlib.sha256(token.encode()).hexdigest()[:32]
    (count,) = counters.hit((f"aspirations:challenge:{used}", max_age))
    return count.hits == 1


def solve(token: str) -> str:
    """What the form's script does, in Python (tests, benchmarks)."""
    bits = int(token.split(".", 1)[0])
    n = 0
    while leading_zero_bits(hashlib.sha256(f"{token}:{n}".encode()).digest()) < bits:
        n += 1
    return str(n)
