"""The app's settings: a Django setting of the same name wins, else the environment, else a default.

(They live here rather than in ``ngopi/settings.py`` so the app carries its own defaults;
docs/settings.md lists the environment variables.)
"""

import os

from django.conf import settings

DEFAULTS = {
    # Submissions of the public form per browser per hour (ratelimit.py) ...
    "ASPIRATION_SUBMIT_LIMIT": 10,
    "ASPIRATION_SUBMIT_WINDOW": 3600,
    # ... and per client address per 10 minutes: up to LIMIT as they come (residents sharing
    # a post's Wi-Fi or a carrier's address), up to MAX with the form's proof of work solved.
    "ASPIRATION_SUBMIT_ADDRESS_LIMIT": 50,
    "ASPIRATION_SUBMIT_ADDRESS_MAX": 150,
    "ASPIRATION_SUBMIT_ADDRESS_WINDOW": 600,
    # The proof of work: leading zero bits of SHA-256 (2**bits tries) and seconds it stays valid.
    "ASPIRATION_CHALLENGE_BITS": 16,
    "ASPIRATION_CHALLENGE_MAX_AGE": 7200,
    # Tracking-code look-ups per browser, and per client address, per 10 minutes.
    "ASPIRATION_LOOKUP_LIMIT": 30,
    "ASPIRATION_LOOKUP_ADDRESS_LIMIT": 300,
    "ASPIRATION_LOOKUP_WINDOW": 600,
    "ASPIRATION_LOOKUP_ADDRESS_WINDOW": 600,
    # Hours an urgent ("happening now") aspiration has before it is overdue.
    "ASPIRATION_URGENT_HOURS": 2,
    # Seconds each process keeps the public form's RWs and categories in memory (routing.py).
    "ASPIRATION_ROUTING_CACHE_SECONDS": 60,
    # Days after an aspiration is finished (closed, resolved, referred, duplicate) before the
    # reporter's identity and the photos are removed (UU PDP 27/2022); 0 keeps them.
    "NGOPI_RETENTION_DAYS": 365,
    # Messages one number may send the chat per window (seconds); beyond it they are ignored.
    "CHAT_MESSAGE_LIMIT": 30,
    "CHAT_MESSAGE_WINDOW": 600,
}


def get(name: str) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or DEFAULTS[name]
    return int(value)
