"""The app's settings: a Django setting of the same name wins, else the environment, else a default.

(They live here rather than in ``ngopi/settings.py`` so the app carries its own defaults;
README.md lists the environment variables.)
"""

import os

from django.conf import settings

DEFAULTS = {
    # Submissions of the public form per client address per hour.
    "ASPIRATION_SUBMIT_LIMIT": 10,
    "ASPIRATION_SUBMIT_WINDOW": 3600,
    # Tracking-code look-ups per client address per 10 minutes.
    "ASPIRATION_LOOKUP_LIMIT": 30,
    "ASPIRATION_LOOKUP_WINDOW": 600,
    # Hours an urgent ("happening now") aspiration has before it is overdue.
    "ASPIRATION_URGENT_HOURS": 2,
    # Seconds each process keeps the public form's RWs and categories in memory (routing.py).
    "ASPIRATION_ROUTING_CACHE_SECONDS": 60,
    # Days after an aspiration is finished (closed, resolved, referred, duplicate) before the
    # reporter's identity and the photos are removed (UU PDP 27/2022); 0 keeps them.
    "NGOPI_RETENTION_DAYS": 365,
}


def get(name: str) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or DEFAULTS[name]
    return int(value)
