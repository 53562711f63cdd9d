"""The map's tile server (``NGOPI_MAP_TILES``): the origin the CSP must allow images from."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def tile_origin(template: str) -> str:
    """``https://{s}.tile.example.org/{z}/{x}/{y}.png`` → ``https://*.tile.example.org``;
    ``""`` when no tile server is set (the maps then draw their offline fallback)."""
    if not template:
        return ""
    parts = urlsplit(template)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ImproperlyConfigured(
            "NGOPI_MAP_TILES must be an http(s) URL template such as https://tile.example.org/{z}/{x}/{y}.png"
        )
    host = parts.netloc.replace("{s}.", "*.")
    if "{" in host:
        raise ImproperlyConfigured("NGOPI_MAP_TILES: only {s}. may stand in the host name.")
    return f"{parts.scheme}://{host}"
