"""Personal API tokens: stored hashed, shown once, revoked at once, expiry honoured."""

import hashlib
from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from ngopi.api import services
from ngopi.api.models import ApiToken


def test_token_is_stored_only_as_its_sha256(bhabin):
    token, secret = services.create_api_token(user=bhabin, name="Laporan harian")
    row = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("ngk_") and len(secret) > 40
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {row.digest, row.shown, row.name}
    assert row.shown == secret[:12]


def test_token_authenticates_as_its_user_and_records_its_use(client, bhabin):
    token, secret = services.create_api_token(user=bhabin, name="x")
    response = client.get("/api/v1/notifications/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_fails_at_the_next_request(client, bhabin):
    token, secret = services.create_api_token(user=bhabin, name="x")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/notifications/", **auth).status_code == 200
    assert services.revoke_api_token(user=bhabin, pk=token.pk) == 1
    response = client.get("/api/v1/notifications/", **auth)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_refused(client, bhabin):
    _token, secret = services.create_api_token(
        user=bhabin, name="x", expires_at=timezone.now() + timedelta(days=1)
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/notifications/", **auth).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert client.get("/api/v1/notifications/", **auth).status_code == 401


def test_token_of_a_deactivated_user_is_refused(client, bhabin):
    _token, secret = services.create_api_token(user=bhabin, name="x")
    bhabin.is_active = False
    bhabin.save()
    assert client.get("/api/v1/notifications/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_someone_elses_token_cannot_be_revoked(bhabin, kapolsek):
    token, _secret = services.create_api_token(user=bhabin, name="x")
    assert services.revoke_api_token(user=kapolsek, pk=token.pk) == 0
    token.refresh_from_db()
    assert token.revoked_at is None


def test_api_token_command_prints_the_token_last(client, bhabin):
    out = StringIO()
    call_command("api_token", "bhabin", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1].split()[-1]
    assert secret.startswith("ngk_")
    assert client.get("/api/v1/notifications/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert not ApiToken.objects.filter(digest=secret).exists()


def test_settings_page_creates_shows_once_lists_and_revokes(login, bhabin):
    client = login(bhabin)
    response = client.post("/accounts/api-tokens/", {"name": "Integrasi SIPP"}, follow=True)
    assert response.redirect_chain == [("/accounts/api-tokens/", 302)]
    html = response.content.decode()
    token = ApiToken.objects.get(user=bhabin)
    secret = html.split('<code class="user-select-all fs-6">')[1].split("<")[0]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.digest
    listing = client.get("/accounts/api-tokens/").content.decode()
    assert "Integrasi SIPP" in listing and secret not in listing
    response = client.post(f"/accounts/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_settings_page_reloaded_after_creating_neither_creates_nor_shows_the_token_again(login, bhabin):
    client = login(bhabin)
    response = client.post("/accounts/api-tokens/", {"name": "Integrasi SIPP"})
    assert response.status_code == 302 and response["Location"] == "/accounts/api-tokens/"
    assert 'data-testid="new-token"' not in response.content.decode()  # the secret is not in the POST
    shown = client.get("/accounts/api-tokens/").content.decode()
    assert shown.count('data-testid="new-token"') == 1
    secret = shown.split('<code class="user-select-all fs-6">')[1].split("<")[0]
    assert secret.startswith("ngk_")
    reloaded = client.get("/accounts/api-tokens/").content.decode()  # the browser's reload
    assert 'data-testid="new-token"' not in reloaded and secret not in reloaded
    assert "Integrasi SIPP" in reloaded
    token = ApiToken.objects.get(user=bhabin)  # exactly one
    assert hashlib.sha256(secret.encode()).hexdigest() == token.digest


def test_settings_page_refuses_an_expiry_in_the_past(login, bhabin):
    client = login(bhabin)
    response = client.post("/accounts/api-tokens/", {"name": "x", "expires_on": "2000-01-01"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_settings_page_needs_sign_in(client, db):
    assert client.get("/accounts/api-tokens/").status_code == 302


def test_session_auth_needs_csrf_for_writes(bhabin, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(bhabin)
    assert client.get("/api/v1/notifications/").status_code == 200
    response = client.post("/api/v1/notifications/read/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "CSRF" in response.json()["detail"]
