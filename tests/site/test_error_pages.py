"""The app's own error pages: translated, with what to do next, rendered without the database."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ERROR_URLS = pytest.mark.urls("tests.site.error_urls")


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_404_page_is_indonesian_with_the_emergency_number(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Halaman tidak ditemukan" in text
    assert "Dalam keadaan darurat, hubungi 110." in text
    assert "Not Found" not in text


def test_404_page_in_english_when_chosen(client):
    response = english(client).get("/tidak-ada/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "In an emergency call 110." in response.content.decode()


def test_403_page_tells_an_officer_whom_to_ask(login, bhabin):
    response = login(bhabin).get("/dasbor/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "Anda tidak dapat membuka halaman ini" in text
    assert "komandan" in text
    assert 'href="/staf/"' in text  # back to the staff pages, not the public home


def test_403_page_in_english_when_chosen(login, bhabin):
    response = english(login(bhabin)).get("/dasbor/")
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_says_nothing_was_saved_and_to_reload():
    response = Client(enforce_csrf_checks=True).post("/aspirasi/kirim/", {"description": "x"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Formulir tidak dapat diterima" in text
    assert "Tidak ada yang tersimpan" in text
    assert "CSRF" not in text


def test_400_page_for_a_bad_host_header(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Permintaan tidak dapat dipahami" in response.content.decode()
    assert "Bad Request" not in response.content.decode()


def test_400_page_in_english_when_chosen(client):
    response = english(client).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "The request could not be understood" in response.content.decode()


@ERROR_URLS
def test_500_page_is_the_apps_own_in_indonesian(db):
    response = Client(raise_request_exception=False).get("/rusak/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Terjadi kesalahan di pihak kami" in text
    assert "Dalam keadaan darurat, hubungi 110." in text
    assert "Server Error (500)" not in text


@ERROR_URLS
def test_500_page_in_english_when_chosen(db):
    response = english(Client(raise_request_exception=False)).get("/rusak/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@ERROR_URLS
def test_429_helper_answers_with_retry_after_and_when_to_try_again(client):
    response = client.get("/dibatasi/")
    assert response.status_code == 429
    assert response["Retry-After"] == "90"
    text = response.content.decode()
    assert "Terlalu banyak permintaan" in text
    assert "Silakan coba lagi dalam 2 menit." in text
    assert "Dalam keadaan darurat, hubungi 110." in text


@ERROR_URLS
def test_429_helper_in_english_when_chosen(client):
    response = english(client).get("/dibatasi/")
    assert response.status_code == 429
    assert "Please try again in 2 minutes." in response.content.decode()


# --- a database that is down ---------------------------------------------------------------------

OUTAGE_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
# No collectstatic here: the pages name their stylesheets without the manifest (as the tests do).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
results = {}
for name, path, cookies in [
    ("public_id", "/kegiatan/", {}),
    ("public_en", "/kegiatan/", {"ngopi_language": "en"}),
    ("staff", "/staf/aspirasi/", {"sessionid": "x" * 32}),
    ("admin", "/admin/", {"sessionid": "x" * 32}),
]:
    client = Client(raise_request_exception=False)
    for key, value in cookies.items():
        client.cookies[key] = value
    response = client.get(path)
    results[name] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "csp": response.get("Content-Security-Policy", ""),
        "cache_control": response.get("Cache-Control", ""),
        "text": response.content.decode(),
    }
print(json.dumps(results))
"""


def closed_port() -> int:
    """A port nothing listens on: a PostgreSQL that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def outage(tmp_path_factory):
    """Requests served by a process whose PostgreSQL does not answer (DEBUG off, as in production)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ngopi.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/ngopi",
        "REDIS_URL": "",
        "DEBUG": "0",
        "SECRET_KEY": "outage-test-key-0123456789-0123456789-0123456789-xyz",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "NGOPI_VAR_DIR": str(tmp_path_factory.mktemp("outage")),
        "NGOPI_RETRY_AFTER_SECONDS": "120",
    }
    result = subprocess.run(
        [sys.executable, "-c", OUTAGE_SCRIPT],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_database_down_public_page_answers_503_in_indonesian_with_retry_after(outage):
    page = outage["public_id"]
    assert page["status"] == 503
    assert page["retry_after"] == "120"
    assert "Layanan sedang tidak dapat digunakan" in page["text"]
    assert "Silakan coba lagi dalam 2 menit." in page["text"]
    assert "Dalam keadaan darurat, hubungi 110." in page["text"]
    assert "Server Error" not in page["text"]


def test_database_down_page_in_english_when_chosen(outage):
    page = outage["public_en"]
    assert page["status"] == 503
    assert "The service is temporarily unavailable" in page["text"]
    assert "Please try again in 2 minutes." in page["text"]


def test_database_down_staff_and_admin_pages_answer_503(outage):
    # The signed-in user is read from a database-backed session: that fails too.
    for name in ("staff", "admin"):
        assert outage[name]["status"] == 503, name
        assert outage[name]["retry_after"] == "120"
        assert "Layanan sedang tidak dapat digunakan" in outage[name]["text"]


def test_database_down_pages_keep_the_csp_and_staff_pages_are_not_stored(outage):
    for name in ("public_id", "staff", "admin"):
        assert "frame-ancestors 'none'" in outage[name]["csp"], name
        assert "'unsafe-inline'" not in outage[name]["csp"]
    assert "no-store" in outage["staff"]["cache_control"]
