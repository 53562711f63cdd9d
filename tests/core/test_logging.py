"""Logs: one JSON line per event with the request (or task) id, and nothing that identifies a
resident: no tracking code, no reporter identity, no client address."""

import io
import json
import logging

import pytest

from aspirations.models import Aspiration, Category
from ngopi.celery import app
from ngopi.core.logging import JsonFormatter, TextFormatter

ADDRESS = "203.0.113.7"
CODE = "NK-7K3Q-9XZ2-M4TD-H8PW"


@pytest.fixture
def log_lines():
    """What the configured console handler writes (settings.LOGGING), one entry per line."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)

    def lines():
        handler.flush()
        return stream.getvalue().splitlines()

    yield lines
    handler.setStream(previous)


def entries(lines):
    return [json.loads(line) for line in lines]


def test_log_format_is_json_by_default_in_production(settings):
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert not settings.DEBUG
    assert isinstance(handler.formatter, JsonFormatter)


def test_public_form_submission_logs_request_id_and_nothing_identifying(client, world, bhabin, log_lines):
    data = {
        "kind": "tip",
        "category": Category.objects.get(code="tawuran").pk,
        "description": "Ada rencana tawuran Sabtu malam di lapangan RW 18.",
        "area": world.rw18.pk,
        "privacy": "confidential",
        "name": "Budi Santoso",
        "phone": "081234567890",
        "email": "budi.santoso@example.com",
        "consent": "on",
    }
    response = client.post("/aspirasi/kirim/", data, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=ADDRESS)
    assert response.status_code == 302
    code = Aspiration.objects.get().code
    receipt = client.get(response["Location"], REMOTE_ADDR=ADDRESS)
    track = client.get(f"/aspirasi/lacak/{code}/", REMOTE_ADDR=ADDRESS)
    assert receipt.status_code == track.status_code == 200

    lines = log_lines()
    logged = entries(lines)
    requests = [e for e in logged if e["logger"] == "ngopi.request"]
    assert [(e["method"], e["path"], e["status_code"]) for e in requests] == [
        ("POST", "/aspirasi/kirim/", 302),
        ("GET", "/aspirasi/terkirim/[redacted]/", 200),
        ("GET", "/aspirasi/lacak/[redacted]/", 200),
    ]
    assert [e["request_id"] for e in requests] == [r["X-Request-ID"] for r in (response, receipt, track)]
    assert len({e["request_id"] for e in requests}) == 3
    text = "\n".join(lines)
    for secret in (code, code.replace("-", ""), ADDRESS, "Budi", "081234567890", "budi.santoso"):
        assert secret not in text


def test_tracking_page_not_found_logs_no_code(client, world, log_lines):
    response = client.get(f"/aspirasi/lacak/{CODE}/", REMOTE_ADDR=ADDRESS)
    mistyped = client.get("/aspirasi/lacak/nk7k3q9xz2m4tdh8p/balas/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 404
    assert mistyped.status_code in (404, 405)

    lines = log_lines()
    logged = entries(lines)
    warnings = [e for e in logged if e["logger"] == "django.request"]
    assert warnings[0]["message"] == "Not Found: /aspirasi/lacak/[redacted]/"
    assert warnings[0]["request_id"] == response["X-Request-ID"]
    text = "\n".join(lines)
    for secret in (CODE, "7K3Q", "nk7k3q9xz2m4tdh8p", ADDRESS):
        assert secret not in text


def test_request_id_from_the_proxy_is_kept_when_sane(client, world, log_lines):
    sane = client.get("/", HTTP_X_REQUEST_ID="5f0c1e2d9a8b4c7d")
    odd = client.get("/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    smuggled = client.get("/", HTTP_X_REQUEST_ID=CODE)
    assert sane["X-Request-ID"] == "5f0c1e2d9a8b4c7d"
    assert odd["X-Request-ID"] != "<script>alert(1)</script>"
    assert smuggled["X-Request-ID"] != CODE
    assert CODE not in "\n".join(log_lines())


def test_json_formatter_writes_one_valid_line_per_event_with_the_exception():
    record = logging.LogRecord(
        "ngopi.test", logging.ERROR, __file__, 1, 'Laporan "%s"\nbaris kedua', ("satu",), None
    )
    try:
        raise ValueError(f"kode {CODE} tidak ada")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["message"] == 'Laporan "satu"\nbaris kedua'
    assert "ValueError: kode [redacted] tidak ada" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_text_formatter_shows_the_request_id_and_redacts():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/aspirasi/lacak/{CODE}/",), None
    )
    record.request_id = "abc123def456"
    assert (
        TextFormatter()
        .format(record)
        .endswith("django.request [abc123def456] Not Found: /aspirasi/lacak/[redacted]/")
    )


@app.task(name="tests.core.log_something")
def log_something():
    logging.getLogger("ngopi.test").warning("kirim pengingat")


def test_task_log_lines_carry_the_task_id(log_lines):
    result = log_something.apply()
    entry = next(e for e in entries(log_lines()) if e["logger"] == "ngopi.test")
    assert entry["message"] == "kirim pengingat"
    assert entry["task_id"] == result.id
    assert entry["task_name"] == "tests.core.log_something"
