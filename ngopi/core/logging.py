"""One line per event: JSON (production) or text (``make run``), each with the request id or
the Celery task id, and with what identifies a resident taken out before it is written.

Domain apps say what is private in their ``AppConfig.ready``: ``private_path`` for URL prefixes
whose next segment is secret (tracking codes in ``/aspirasi/lacak/<code>/``), ``private_pattern``
for secrets that may turn up anywhere in a message. The platform knows no domain app.
"""

import contextvars
import json
import logging
import re
from datetime import UTC, datetime

REDACTED = "[redacted]"

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

_patterns: list[re.Pattern] = []


def private_path(prefix: str) -> None:
    """Hide the path segment (or query string) that follows ``prefix`` in every log message."""
    pattern = re.compile(rf"(?<={re.escape(prefix)})[^/\s\"'<>]+")
    if pattern.pattern not in {p.pattern for p in _patterns}:
        _patterns.append(pattern)


def private_pattern(regex: str, flags: int = re.IGNORECASE) -> None:
    """Hide whatever matches ``regex`` in every log message."""
    pattern = re.compile(regex, flags)
    if pattern.pattern not in {p.pattern for p in _patterns}:
        _patterns.append(pattern)


def redact(text: str) -> str:
    for pattern in _patterns:
        text = pattern.sub(REDACTED, text)
    return text


def _current_task():
    try:
        from celery import current_task
    except ImportError:  # pragma: no cover - celery is a dependency
        return None
    task = current_task
    return task if task and getattr(task.request, "id", None) else None


class ContextFilter(logging.Filter):
    """Puts the request id (or the Celery task id) on the record and redacts its message.

    Attach it to the handler so it sees the records of every logger, Django's own included.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request logs 4xx/5xx after the middleware returned: its records carry the request.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", "") or request_id.get()
        task = _current_task()
        record.task_id = task.request.id if task else ""
        record.task_name = task.name if task else ""
        message = redact(record.getMessage())
        record.msg, record.args = message, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; only the fields named here (never the request object)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for field in ("request_id", "task_id", "task_name"):
            value = getattr(record, field, "")
            if value:
                entry[field] = value
        for field in ("method", "path", "status_code", "duration_ms"):
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time level logger [request or task id] message``; tracebacks follow, redacted."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(context)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.context = getattr(record, "request_id", "") or getattr(record, "task_id", "") or "-"
        return redact(super().format(record))
