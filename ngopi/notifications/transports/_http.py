"""A small JSON-over-HTTP helper on the standard library (no HTTP client is installed)."""

import json
import urllib.error
import urllib.request

from . import TransportError


def request(method: str, url: str, *, headers=None, body: bytes | None = None, timeout: float = 10.0):
    """Returns (status, headers, content); raises TransportError for network errors and 4xx/5xx."""
    if not url.startswith(("https://", "http://")):
        raise TransportError("only http(s) URLs are allowed")
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310 (checked above)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 (configured URL)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:500].decode("utf-8", "replace")
        raise TransportError(f"HTTP {exc.code}: {detail}") from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise TransportError(f"{type(exc).__name__}: {exc}") from exc


def request_json(method: str, url: str, *, headers=None, payload=None, timeout: float = 10.0) -> dict:
    headers = {"Accept": "application/json", **(headers or {})}
    body = None
    if payload is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(payload).encode()
    _status, _headers, content = request(method, url, headers=headers, body=body, timeout=timeout)
    try:
        return json.loads(content or b"{}")
    except ValueError as exc:
        raise TransportError("the provider answered with no JSON") from exc
