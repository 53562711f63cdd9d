"""Gunicorn's access log without anything that identifies a resident or opens a private page.

``deploy/gunicorn.conf.py`` sets ``logger_class`` to :class:`PrivateAccessLogger`. Whatever
``access_log_format`` says, the line can no longer carry the client's address (``%(h)s``, the
forwarding headers), the query string, the referrer, the user agent or cookies, and a path that
holds a secret — a tracking code (``/aspirasi/lacak/<code>/``, ``/aspirasi/terkirim/<code>/``)
or an officer's private calendar token (``/kegiatan/kalender/<token>.ics``) — shows
``[redacted]`` instead of the secret. Which paths hold secrets is said once, by the apps that own
them (``ngopi.core.logging.private_path`` in their ``AppConfig.ready``), for the app's own log
lines and this access log alike.
"""

from gunicorn.glogging import Logger

from ngopi.core.logging import redact

# Atoms a format could name that carry the client's address, a secret or a fingerprint.
WITHHELD = {"h", "r", "q", "f", "a", "u"}
WITHHELD_HEADERS = {
    "{x-forwarded-for}i",
    "{x-real-ip}i",
    "{forwarded}i",
    "{cookie}i",
    "{referer}i",
    "{user-agent}i",
    "{authorization}i",
    "{set-cookie}o",
}


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in WITHHELD | WITHHELD_HEADERS:
            if name in atoms:
                atoms[name] = "-"
        atoms["U"] = redact(atoms.get("U") or "")
        return atoms
