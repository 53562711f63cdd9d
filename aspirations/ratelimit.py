"""Rate limits on the public pages, per browser and per address, counted by
``ngopi.core.counters`` (Redis in production; each process's memory while Redis is down).

Dozens of residents may share one address (the post's Wi-Fi at a session, a mobile carrier's
NAT), so the address alone cannot be the unit. Two counters, one round trip:

- per *browser*: its CSRF cookie (the random secret every form POST must carry anyway; no
  cookie of our own). One browser sending again and again is refused after
  ``ASPIRATION_SUBMIT_LIMIT`` per ``ASPIRATION_SUBMIT_WINDOW``. A request without the cookie
  (a tracking link opened fresh) counts as one browser per address.
- per *address*: up to ``ASPIRATION_SUBMIT_ADDRESS_LIMIT`` submissions per
  ``ASPIRATION_SUBMIT_ADDRESS_WINDOW`` pass as they are (40 residents at a session, with or
  without JavaScript); beyond that, while the address is flooding (fresh cookies each time),
  a submission must carry the proof of work the form's script solves in the background
  (``challenge.py``); beyond ``ASPIRATION_SUBMIT_ADDRESS_MAX`` it is refused. Look-ups have an
  address ceiling (``ASPIRATION_LOOKUP_ADDRESS_LIMIT``) and no challenge.

Addresses and cookies are hashed with the secret key before they become part of a cache key
and are never written anywhere else: the aspirations app stores no IP address at all.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from ngopi.core import counters
from ngopi.core.http import client_ip

from . import challenge, conf


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds until the window that refused ends
    challenged: bool = False  # allowed only with a solved proof of work (which was missing)


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}|{value}".encode()).hexdigest()[:32]


def check(request: HttpRequest, scope: str) -> Decision:
    """Count one hit of ``scope`` (``SUBMIT`` or ``LOOKUP``) for the client's browser and address."""
    address = _digest(client_ip(request))
    cookie = request.META.get("CSRF_COOKIE")  # set by CsrfViewMiddleware from a valid cookie
    browser = _digest(f"browser|{cookie}") if cookie else f"{address}:no-cookie"
    browser_window = max(conf.get(f"ASPIRATION_{scope}_WINDOW"), 1)
    address_window = max(conf.get(f"ASPIRATION_{scope}_ADDRESS_WINDOW"), 1)
    by_browser, by_address = counters.hit(
        (f"aspirations:rate:{scope}:browser:{browser}", browser_window),
        (f"aspirations:rate:{scope}:address:{address}", address_window),
    )
    if by_browser.hits > conf.get(f"ASPIRATION_{scope}_LIMIT"):
        return Decision(False, by_browser.resets_in)
    if scope == "SUBMIT":
        if by_address.hits > conf.get("ASPIRATION_SUBMIT_ADDRESS_MAX"):
            return Decision(False, by_address.resets_in)
        if by_address.hits > conf.get("ASPIRATION_SUBMIT_ADDRESS_LIMIT"):
            token = request.POST.get(challenge.TOKEN_FIELD, "")
            if not challenge.solved(token, request.POST.get(challenge.SOLUTION_FIELD, "")):
                return Decision(False, by_address.resets_in, challenged=True)
    elif by_address.hits > conf.get("ASPIRATION_LOOKUP_ADDRESS_LIMIT"):
        return Decision(False, by_address.resets_in)
    return Decision(True)
