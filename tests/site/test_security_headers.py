"""Content-Security-Policy, Permissions-Policy and Cache-Control on every kind of page."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.csp import policy

BASE = Path(settings.BASE_DIR)


def assert_strict(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_public_page_has_a_strict_csp_and_stays_cacheable(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_strict(response)
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_public_page_denies_camera_microphone_and_location(client):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in header


def test_staff_page_has_the_csp_and_is_never_stored(login, kapolres):
    response = login(kapolres).get("/staf/")
    assert response.status_code == 200
    assert_strict(response)
    assert "no-store" in response["Cache-Control"]


def test_identity_page_is_never_stored(login, administrator):
    response = login(administrator).get("/staf/aspirasi/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_public_page_seen_signed_in_is_never_stored(login, bhabin):
    # The navigation then shows the officer's name.
    response = login(bhabin).get("/")
    assert "no-store" in response["Cache-Control"]


def test_admin_pages_have_the_csp_and_are_never_stored(login, administrator):
    client = login(administrator)
    for url in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_error_page_has_the_csp(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert_strict(response)
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.urls("tests.site.error_urls")
@pytest.mark.django_db
def test_inline_script_runs_only_with_the_nonce_in_the_header(client):
    response = client.get("/skrip/")
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]
    # Another request, another nonce.
    assert f"'nonce-{nonce}'" not in client.get("/skrip/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_admin_sign_in_and_popups_are_not_framed(client):
    response = client.get("/admin/login/")
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


# --- templates -----------------------------------------------------------------------------------

TEMPLATES = sorted(
    path
    for path in BASE.glob("**/templates/**/*.html")
    if ".venv" not in path.parts and "var" not in path.relative_to(BASE).parts[:1]
)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def test_templates_are_found():
    names = {path.relative_to(BASE).as_posix() for path in TEMPLATES}
    assert "templates/base.html" in names
    assert "events/templates/events/poster.html" in names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(BASE).as_posix())
def test_template_has_no_inline_handler_script_or_style(path):
    text = path.read_text()
    assert not INLINE_HANDLER.search(text), "inline event handler: use a data- attribute and static JS"
    assert "javascript:" not in text.lower()
    for attributes in SCRIPT_TAG.findall(text):
        assert "src=" in attributes or "nonce=" in attributes, f"inline <script{attributes}> without nonce"
    assert not STYLE.search(text), "inline style: use a class in static/css"


# --- HTTPS ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_https_response_has_hsts_for_a_year_with_subdomains_by_default(client):
    # The suite runs with DEBUG off and no HSTS variables: the production defaults.
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # its default with DEBUG off (tests turn it off)
    response = client.get("/kegiatan/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/kegiatan/"
    assert client.get("/healthz").status_code in {200, 503}
