"""A request id for every request: taken from the proxy's ``X-Request-ID`` when it looks sane,
else made here; put on every log record of the request and on the response. Each request also
logs one line (method, path with its private parts redacted, status, duration), never the
client's address."""

import logging
import re
import time
import uuid

from .logging import redact, request_id

log = logging.getLogger("ngopi.request")

SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")
HEADER = "X-Request-ID"


def _incoming(request) -> str:
    value = request.headers.get(HEADER, "")
    # Whatever a client sends must not smuggle a secret (a tracking code) into the logs.
    if SANE.fullmatch(value) and redact(value) == value:
        return value
    return ""


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = _incoming(request) or uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response.headers[HEADER] = rid
            path = redact(request.path)
            log.info(
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": path,
                    "status_code": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)
