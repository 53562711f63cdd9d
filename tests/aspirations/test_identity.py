"""Reporter identities encrypted at rest: nothing in clear in the database or its dump, opened on
the logged identity page, re-encrypted by ``rotate_identity_keys``, keys required in production."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from aspirations.models import Aspiration, Category, IdentityView

from .factories import make_aspiration

ROOT = Path(__file__).resolve().parents[2]
KEY_A = "6eUPv7uXp6v7lR4wnFL0gI0cQ2Xo0ZQq3n7x8b0JxYc="
KEY_B = "Jx0kD2qV8m3rN5tY7wA9cE1gI3kM5oQ7sU9wY1aC3eE="
NAME, PHONE, EMAIL = "Rina Kusumawati", "0812 3456 7890", "rina.kusuma@contoh.id"


def submit_confidential(client, form_data):
    form_data.update(privacy="confidential", name=NAME, phone=PHONE, email=EMAIL, consent="on")
    assert client.post("/aspirasi/kirim/", form_data).status_code == 302
    return Aspiration.objects.get()


def test_confidential_identity_is_not_stored_in_clear(client, form_data):
    aspiration = submit_confidential(client, form_data)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM aspirations_aspiration WHERE id = %s", [aspiration.pk])
        stored = " ".join(str(value) for value in cursor.fetchone())
    assert aspiration.code in stored
    for clear in (NAME, PHONE, EMAIL, "Rina", "3456"):
        assert clear not in stored
    assert NAME not in aspiration.search_document


@pytest.mark.django_db(transaction=True)
def test_database_dump_shows_no_reporter_identity(client, reference_data, form_data):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump reads PostgreSQL only")
    aspiration = submit_confidential(client, form_data)
    db = connection.settings_dict
    server = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres"]
    dump = subprocess.run(
        ["pg_dump", "--data-only", *server, db["NAME"]],
        env={**os.environ, "PGPASSWORD": db["PASSWORD"] or ""},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert aspiration.code in dump
    for clear in (NAME, PHONE, EMAIL):
        assert clear not in dump


def test_logged_identity_page_shows_the_identity(client, login, form_data, bhabin):
    aspiration = submit_confidential(client, form_data)
    html = login(bhabin).get(f"/staf/aspirasi/{aspiration.pk}/identitas/").content.decode()
    assert NAME in html and PHONE in html and EMAIL in html
    assert IdentityView.objects.filter(aspiration=aspiration, viewer=bhabin).count() == 1


def test_identity_page_says_so_when_no_key_opens_the_identity(login, world, bhabin, settings):
    settings.NGOPI_IDENTITY_KEYS = [KEY_A]
    aspiration = make_aspiration(rw=world.rw18, privacy="confidential", name=NAME, consent=True)
    settings.NGOPI_IDENTITY_KEYS = [KEY_B]
    response = login(bhabin).get(f"/staf/aspirasi/{aspiration.pk}/identitas/")
    assert response.status_code == 200
    assert "Identitas tidak dapat dibuka dengan kunci yang terpasang sekarang." in response.content.decode()


def rotate() -> str:
    out = io.StringIO()
    call_command("rotate_identity_keys", "--batch", "2", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_rotation_moves_every_identity_to_the_new_key(login, world, bhabin, settings):
    settings.NGOPI_IDENTITY_KEYS = [KEY_A]
    sealed = [
        make_aspiration(rw=world.rw18, privacy="confidential", name=f"Warga {i}", phone="0812", consent=True)
        for i in range(3)
    ]
    make_aspiration(rw=world.rw18)  # anonymous: nothing to re-encrypt
    settings.NGOPI_IDENTITY_KEYS = [KEY_B, KEY_A]
    assert "re-encrypted: 3, already on the current key: 0, unreadable" in rotate()
    assert "re-encrypted: 0, already on the current key: 3" in rotate()  # idempotent

    settings.NGOPI_IDENTITY_KEYS = [KEY_B]  # the old key dropped
    client = login(bhabin)
    for i, aspiration in enumerate(sealed):
        assert f"Warga {i}" in client.get(f"/staf/aspirasi/{aspiration.pk}/identitas/").content.decode()


def test_rotation_reports_identities_no_key_opens(world, bhabin, settings):
    settings.NGOPI_IDENTITY_KEYS = [KEY_A]
    make_aspiration(rw=world.rw18, privacy="confidential", name=NAME, consent=True)
    settings.NGOPI_IDENTITY_KEYS = [KEY_B]
    assert "re-encrypted: 0, already on the current key: 0, unreadable with the configured keys: 1" in (
        rotate()
    )


def settings_in_subprocess(tmp_path, code=None, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "NGOPI_IDENTITY_KEYS"}
    environment.update(DJANGO_SETTINGS_MODULE="ngopi.settings", NGOPI_VAR_DIR=str(tmp_path), **env)
    code = code or "from django.conf import settings; print(settings.NGOPI_IDENTITY_KEYS)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_identity_keys(tmp_path):
    # The web application (gunicorn loads ngopi.wsgi) and a Celery worker (its start signal).
    for start in ("import ngopi.wsgi", "from ngopi.celery import refuse_without_identity_keys as r; r()"):
        result = settings_in_subprocess(tmp_path, code=f"import django; django.setup(); {start}", DEBUG="0")
        assert result.returncode != 0
        assert "ImproperlyConfigured: NGOPI_IDENTITY_KEYS must be set when DEBUG is off" in result.stderr


def test_commands_that_open_no_identity_run_without_keys(tmp_path):
    """As without SECRET_KEY: makemigrations and check run on a build host with no keys."""
    code = (
        "from django.core.management import call_command; "
        "call_command('makemigrations', check=True, dry_run=True)"
    )
    result = settings_in_subprocess(tmp_path, code=f"import django; django.setup(); {code}", DEBUG="0")
    assert result.returncode == 0, result.stderr


def test_malformed_identity_key_is_refused(tmp_path):
    result = settings_in_subprocess(tmp_path, DEBUG="0", NGOPI_IDENTITY_KEYS=f"{KEY_A},not-a-key")
    assert result.returncode != 0
    assert "key number 2 is not urlsafe base64 of 32 bytes" in result.stderr


def test_debug_run_makes_one_key_and_keeps_it(tmp_path):
    first = settings_in_subprocess(tmp_path, DEBUG="1")
    second = settings_in_subprocess(tmp_path, DEBUG="1")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert (tmp_path / "identity.key").read_text().strip() in first.stdout
    assert (tmp_path / "identity.key").stat().st_mode & 0o077 == 0


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_the_identities_already_stored(reference_data, world):
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from aspirations.identity import reveal

    executor = MigrationExecutor(connection)
    before = [("aspirations", "0006_fewer_write_indexes")]
    # Every app's latest state: going back to 0006 also unapplies other apps' migrations that
    # depend on a later one (the dashboard's), and the tests after this one need them.
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("aspirations", "Aspiration")
    row = old.objects.create(
        code="NK-OLD0-OLD0-OLD0-OLD0",
        kind="complaint",
        category_id=Category.objects.get(code="tawuran").pk,
        description="Laporan lama",
        rw_id=world.rw18.pk,
        village_id=world.pekayon.pk,
        privacy="confidential",
        reporter_name=NAME,
        reporter_phone=PHONE,
        reporter_email=EMAIL,
        consent_at=timezone.now(),
        due_at=timezone.now(),
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM aspirations_aspiration WHERE id = %s", [row.pk])
        stored = " ".join(str(value) for value in cursor.fetchone())
    assert NAME not in stored and PHONE not in stored and EMAIL not in stored
    identity = reveal(Aspiration.objects.get(pk=row.pk).reporter_identity)
    assert (identity.name, identity.phone, identity.email) == (NAME, PHONE, EMAIL)
