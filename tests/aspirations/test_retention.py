"""Retention (UU PDP 27/2022): the personal data of aspirations finished longer ago than
NGOPI_RETENTION_DAYS is removed by a nightly task; a dry run reports what would go."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError

from aspirations import services, tasks
from aspirations.enums import EntryKind, Kind, Priority, Privacy, Status
from aspirations.identity import reveal
from aspirations.models import Aspiration, AspirationPhoto, OutcomeCode, TimelineEntry
from aspirations.services.privacy import anonymise_finished_aspirations
from ngopi.celery import app

from .factories import jpeg_with_gps, make_aspiration

WIB = ZoneInfo("Asia/Jakarta")
LONG_AGO = datetime(2024, 1, 10, 9, 0, tzinfo=WIB)
LATELY = datetime(2025, 1, 20, 9, 0, tzinfo=WIB)
TODAY = datetime(2025, 2, 1, 9, 0, tzinfo=WIB)


def confidential(world, *, when, photos=(), name="Rina Kusumawati"):
    with time_machine.travel(when, tick=False):
        return make_aspiration(
            rw=world.rw18,
            privacy=Privacy.CONFIDENTIAL,
            name=name,
            phone="0812 3456 7890",
            email="rina@contoh.id",
            consent=True,
            photos=list(photos),
        )


def finish(aspiration, officer, *, when):
    with time_machine.travel(when, tick=False):
        services.triage_aspiration(
            actor=officer,
            aspiration=aspiration,
            kind=Kind.COMPLAINT,
            category=aspiration.category,
            priority=Priority.NORMAL,
        )
        services.resolve_aspiration(
            actor=officer,
            aspiration=aspiration,
            outcome=OutcomeCode.objects.get(code="mediation"),
            resolution="Sudah dimediasi di pos RW.",
        )
        services.close_aspiration(actor=officer, aspiration=aspiration)
    aspiration.refresh_from_db()
    return aspiration


@pytest.fixture
def old_closed(world, bhabin):
    return finish(confidential(world, when=LONG_AGO, photos=[jpeg_with_gps()]), bhabin, when=LONG_AGO)


def anonymise(django_capture_on_commit_callbacks, when=TODAY) -> int:
    with time_machine.travel(when, tick=False), django_capture_on_commit_callbacks(execute=True):
        return anonymise_finished_aspirations()


def test_identity_and_photos_of_an_aspiration_closed_over_a_year_ago_are_removed(
    world, bhabin, login, old_closed, django_capture_on_commit_callbacks
):
    photo = old_closed.photos.get()
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)

    assert anonymise(django_capture_on_commit_callbacks) == 1

    old_closed.refresh_from_db()
    assert old_closed.reporter_identity == "" and old_closed.consent_at is None
    assert not AspirationPhoto.objects.filter(aspiration=old_closed).exists()
    assert not storage.exists(name)
    client = login(bhabin)
    detail = client.get(f"/staf/aspirasi/{old_closed.pk}/").content.decode()
    assert (
        "Identitas pelapor dan foto-fotonya telah dihapus pada 1 Februari 2025 sesuai kebijakan retensi."
        in detail
    )
    assert "Rina" not in detail
    assert client.get(f"/staf/aspirasi/{old_closed.pk}/identitas/").status_code == 404
    tracking = client.get(f"/aspirasi/lacak/{old_closed.code}/").content.decode()
    assert "Data pribadi dihapus sesuai kebijakan retensi" in tracking and "Sistem" in tracking


def test_the_case_itself_and_the_figures_stay(world, bhabin, old_closed, django_capture_on_commit_callbacks):
    before = Aspiration.objects.filter(pk=old_closed.pk).values(
        "status", "description", "location_detail", "privacy", "outcome", "closed_at", "updated_at"
    )[0]
    anonymise(django_capture_on_commit_callbacks)
    after = Aspiration.objects.filter(pk=old_closed.pk).values(*before)[0]
    assert after == before
    assert Aspiration.objects.filter(status=Status.CLOSED).count() == 1


def test_running_again_changes_nothing(world, bhabin, old_closed, django_capture_on_commit_callbacks):
    assert anonymise(django_capture_on_commit_callbacks) == 1
    assert anonymise(django_capture_on_commit_callbacks, when=datetime(2025, 3, 1, tzinfo=WIB)) == 0
    assert TimelineEntry.objects.filter(aspiration=old_closed, kind=EntryKind.ANONYMISED).count() == 1


def test_recent_and_open_aspirations_keep_their_data(
    world, bhabin, old_closed, django_capture_on_commit_callbacks
):
    recent = finish(confidential(world, when=LATELY, name="Dewi Lestari"), bhabin, when=LATELY)
    still_open = confidential(world, when=LONG_AGO, name="Agus Salim")
    anonymise(django_capture_on_commit_callbacks)
    for aspiration, name in ((recent, "Dewi Lestari"), (still_open, "Agus Salim")):
        aspiration.refresh_from_db()
        assert reveal(aspiration.reporter_identity).name == name
        assert aspiration.anonymised_at is None


def test_anonymous_report_loses_its_photos_and_nothing_to_remove_is_left_alone(
    world, bhabin, django_capture_on_commit_callbacks
):
    with time_machine.travel(LONG_AGO, tick=False):
        with_photo = make_aspiration(rw=world.rw18, photos=[jpeg_with_gps()])
        without = make_aspiration(rw=world.rw18)
    for aspiration in (with_photo, without):
        finish(aspiration, bhabin, when=LONG_AGO)
    assert anonymise(django_capture_on_commit_callbacks) == 1
    assert not AspirationPhoto.objects.exists()
    assert not TimelineEntry.objects.filter(aspiration=without, kind=EntryKind.ANONYMISED).exists()


def test_retention_period_is_configurable(world, bhabin, settings, django_capture_on_commit_callbacks):
    recent = finish(confidential(world, when=LATELY), bhabin, when=LATELY)
    settings.NGOPI_RETENTION_DAYS = 0  # off
    assert anonymise(django_capture_on_commit_callbacks) == 0
    settings.NGOPI_RETENTION_DAYS = 30
    assert anonymise(django_capture_on_commit_callbacks) == 0  # closed 12 days ago
    settings.NGOPI_RETENTION_DAYS = 10
    assert anonymise(django_capture_on_commit_callbacks) == 1
    recent.refresh_from_db()
    assert recent.reporter_identity == ""


def test_dry_run_reports_per_unit_and_changes_nothing(world, bhabin, old_closed):
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("anonymise_closed", "--dry-run", stdout=out)
    report = out.getvalue()
    assert (
        "dry run: 1 aspirations finished more than 365 days ago would be anonymised, 1 photos removed"
        in report
    )
    assert "oldest finished: 2024-01-10 09:00 WIB" in report
    assert "Polsek Bekasi Selatan: 1" in report
    old_closed.refresh_from_db()
    assert old_closed.reporter_identity and old_closed.anonymised_at is None and old_closed.photos.exists()


def test_command_without_dry_run_anonymises(world, bhabin, old_closed):
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("anonymise_closed", stdout=out)
    assert "anonymised: 1 aspirations finished more than 365 days ago" in out.getvalue()


def test_nightly_task_is_scheduled_and_anonymises(world, bhabin, old_closed):
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "aspirations.anonymise_finished" in schedule
    with time_machine.travel(TODAY, tick=False):
        assert tasks.anonymise_finished() == 1


def test_anonymised_aspiration_with_an_identity_is_refused_by_the_database(
    world, bhabin, old_closed, django_capture_on_commit_callbacks
):
    anonymise(django_capture_on_commit_callbacks)
    with pytest.raises(IntegrityError):
        Aspiration.objects.filter(pk=old_closed.pk).update(reporter_identity="x")
