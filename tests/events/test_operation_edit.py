"""Changing an operation: its name and period (an operation "diperpanjang"), never its unit; a
period that would leave out one of its sessions is refused in words; the page, the API and a
booking racing the change. The clock is set: 10:00 WIB on Monday 2 March 2026."""

import threading
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.http import Http404
from rest_framework.test import APIClient

from events import services
from events.enums import SessionStatus
from events.models import Operation, Session
from ngopi.api.services import create_api_token

from .conftest import wib

NOW = wib(date(2026, 3, 2), 10)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def march(world, dirbinmas):
    """Operasi Mantap Praja of the Polda, all of March 2026."""
    return services.create_operation(
        actor=dirbinmas,
        name="Operasi Mantap Praja",
        unit=world.polda,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
        description="Pengamanan bulan Maret",
    )


def change(operation, actor, **values):
    fields = {
        "name": operation.name,
        "starts_on": operation.starts_on,
        "ends_on": operation.ends_on,
        "description": operation.description,
    }
    return services.update_operation(actor=actor, operation=operation, **{**fields, **values})


def test_extend_and_rename(march, dirbinmas):
    change(march, dirbinmas, name="Operasi Mantap Praja II", ends_on=date(2026, 4, 15))
    march.refresh_from_db()
    assert (march.name, march.starts_on, march.ends_on) == (
        "Operasi Mantap Praja II",
        date(2026, 3, 1),
        date(2026, 4, 15),
    )


def test_a_session_booked_after_the_extension_fits_the_new_period(march, dirbinmas, make_session):
    change(march, dirbinmas, ends_on=date(2026, 4, 15))
    session = make_session(day=date(2026, 4, 10), operation=march)
    assert session.operation_id == march.pk


def test_shortening_past_a_planned_session_is_refused_in_words(march, dirbinmas, make_session):
    make_session(day=date(2026, 3, 20), operation=march)
    make_session(day=date(2026, 3, 27), operation=march, title="RW 18 lagi")
    with pytest.raises(services.SchedulingError) as refused:
        change(march, dirbinmas, ends_on=date(2026, 3, 15), name="Nama baru")
    assert refused.value.messages == [
        "2 kegiatan terencana operasi ini berada di luar periode baru (yang paling awal pada "
        "20-03-2026): pindahkan atau batalkan dulu."
    ]
    march.refresh_from_db()
    assert (march.name, march.ends_on) == ("Operasi Mantap Praja", date(2026, 3, 31))


def test_moving_the_start_past_a_session_is_refused(march, dirbinmas, make_session):
    make_session(day=date(2026, 3, 5), operation=march)
    with pytest.raises(services.SchedulingError, match="05-03-2026"):
        change(march, dirbinmas, starts_on=date(2026, 3, 6))


def test_a_session_ending_at_midnight_belongs_to_the_next_day_as_booking_reads_it(
    march, dirbinmas, make_session
):
    """22:00 to 00:00 WIB on 15 March ends on the 16th: booking refuses it in an operation ending
    on the 15th, so shortening the operation to the 15th is refused too."""
    make_session(day=date(2026, 3, 15), start=22, ends_at=wib(date(2026, 3, 16), 0), operation=march)
    with pytest.raises(services.SchedulingError, match="15-03-2026"):
        change(march, dirbinmas, ends_on=date(2026, 3, 15))
    change(march, dirbinmas, ends_on=date(2026, 3, 16))
    march.refresh_from_db()
    with pytest.raises(services.SchedulingError, match="di luar periode"):
        make_session(
            day=date(2026, 3, 16), start=22, ends_at=wib(date(2026, 3, 17), 0), operation=march, title="Lewat"
        )


def test_a_session_on_the_new_last_day_stays_inside(march, dirbinmas, make_session):
    make_session(day=date(2026, 3, 15), start=19, end=23, operation=march)
    change(march, dirbinmas, ends_on=date(2026, 3, 15))
    march.refresh_from_db()
    assert march.ends_on == date(2026, 3, 15)


@pytest.mark.parametrize("status", [SessionStatus.HELD, SessionStatus.REPORTED])
def test_held_and_reported_sessions_hold_the_period_too(march, dirbinmas, make_session, status):
    """They cannot be moved or cancelled any more: the refusal says the period must take them in,
    apart from the planned ones it can move."""
    session = make_session(day=date(2026, 3, 20), operation=march)
    make_session(day=date(2026, 3, 25), operation=march, title="Berikutnya")
    Session.objects.filter(pk=session.pk).update(status=status)
    with pytest.raises(services.SchedulingError) as refused:
        change(march, dirbinmas, ends_on=date(2026, 3, 15))
    assert refused.value.messages == [
        "1 kegiatan yang sudah berlangsung dalam operasi ini berada di luar periode baru (yang "
        "paling awal pada 20-03-2026): periode harus mencakupnya.",
        "1 kegiatan terencana operasi ini berada di luar periode baru (yang paling awal pada "
        "25-03-2026): pindahkan atau batalkan dulu.",
    ]


def test_postponed_and_cancelled_sessions_do_not_hold_the_period(march, dirbinmas, binmas, make_session):
    postponed = make_session(day=date(2026, 3, 20), operation=march)
    cancelled = make_session(day=date(2026, 3, 21), operation=march)
    services.postpone_session(actor=binmas, session=postponed, reason="Hujan deras")
    services.cancel_session(actor=binmas, session=cancelled, reason="Lokasi banjir")
    change(march, dirbinmas, ends_on=date(2026, 3, 15))
    march.refresh_from_db()
    assert march.ends_on == date(2026, 3, 15)


def test_a_name_the_unit_already_uses_is_refused_in_words(march, world, dirbinmas):
    services.create_operation(
        actor=dirbinmas,
        name="Operasi Zebra",
        unit=world.polda,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 2),
    )
    with pytest.raises(services.SchedulingError) as refused:
        change(march, dirbinmas, name="Operasi Zebra")
    assert refused.value.messages == ["Satuan ini sudah punya operasi dengan nama tersebut."]


def test_a_period_ending_before_it_starts_is_refused_in_words(march, dirbinmas):
    with pytest.raises(services.SchedulingError) as refused:
        change(march, dirbinmas, ends_on=date(2026, 2, 1))
    assert refused.value.messages == ["Operasi harus berakhir pada hari dimulainya atau sesudahnya."]


@pytest.mark.parametrize("persona", ["binmas", "kapolres", "kapolsek", "bhabin"])
def test_units_below_see_the_operation_but_do_not_change_it(request, march, persona):
    with pytest.raises(PermissionDenied):
        change(march, request.getfixturevalue(persona), ends_on=date(2026, 4, 30))


def test_another_polres_operation_is_not_found(world, binmas, kapolres_depok):
    depok = services.create_operation(
        actor=kapolres_depok,
        name="Operasi Depok",
        unit=world.polres_depok,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
    )
    with pytest.raises(Http404):
        change(depok, binmas, ends_on=date(2026, 4, 30))


def test_a_polres_scheduler_changes_his_own_polres_operation(world, binmas):
    operation = services.create_operation(
        actor=binmas,
        name="Operasi Bekasi",
        unit=world.polres,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
    )
    change(operation, binmas, ends_on=date(2026, 4, 30))
    operation.refresh_from_db()
    assert operation.ends_on == date(2026, 4, 30)


# --- the page ------------------------------------------------------------------------------------


def test_the_detail_page_offers_the_change_to_those_who_may(client, march, dirbinmas, binmas):
    client.force_login(dirbinmas)
    assert 'data-testid="operation-edit"' in client.get(march.get_absolute_url()).content.decode()
    client.force_login(binmas)
    assert 'data-testid="operation-edit"' not in client.get(march.get_absolute_url()).content.decode()


def test_the_edit_page_extends_the_operation(client, march, dirbinmas):
    client.force_login(dirbinmas)
    url = f"/staf/operasi/{march.pk}/ubah/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="Operasi Mantap Praja"' in body and "Polda Metro Jaya" in body
    assert 'name="unit"' not in body
    response = client.post(
        url,
        {
            "name": "Operasi Mantap Praja",
            "starts_on": "2026-03-01",
            "ends_on": "2026-04-15",
            "description": "Diperpanjang",
        },
        follow=True,
    )
    assert response.redirect_chain == [(march.get_absolute_url(), 302)]
    assert "Operasi telah diperbarui." in response.content.decode()
    march.refresh_from_db()
    assert (march.ends_on, march.description) == (date(2026, 4, 15), "Diperpanjang")


def test_the_edit_page_says_why_a_shorter_period_is_refused_and_keeps_what_was_typed(
    client, march, dirbinmas, make_session
):
    make_session(day=date(2026, 3, 20), operation=march)
    client.force_login(dirbinmas)
    response = client.post(
        f"/staf/operasi/{march.pk}/ubah/",
        {"name": "Operasi Singkat", "starts_on": "2026-03-01", "ends_on": "2026-03-10", "description": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    refusal = (
        "1 kegiatan terencana operasi ini berada di luar periode baru (yang paling awal pada 20-03-2026)"
    )
    assert refusal in body
    assert 'value="Operasi Singkat"' in body
    march.refresh_from_db()
    assert march.name == "Operasi Mantap Praja"


def test_the_edit_page_is_refused_below_and_not_found_elsewhere(client, march, world, binmas, kapolres_depok):
    client.force_login(binmas)
    assert client.get(f"/staf/operasi/{march.pk}/ubah/").status_code == 403
    assert client.post(f"/staf/operasi/{march.pk}/ubah/", {"name": "X"}).status_code == 403
    bekasi = services.create_operation(
        actor=binmas,
        name="Operasi Bekasi",
        unit=world.polres,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
    )
    client.force_login(kapolres_depok)
    assert client.get(f"/staf/operasi/{bekasi.pk}/ubah/").status_code == 404


# --- the API -------------------------------------------------------------------------------------


def api(user):
    """The API as an integration calls it: a personal token of ``user``."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_api_token(user=user, name='test')[1]}")
    return client


def _body(**values):
    return {"name": "Operasi Mantap Praja", "starts_on": "2026-03-01", "ends_on": "2026-03-31", **values}


def test_api_put_changes_the_period(march, dirbinmas):
    response = api(dirbinmas).put(
        f"/api/v1/operations/{march.pk}/", _body(ends_on="2026-04-15"), format="json"
    )
    assert response.status_code == 200
    assert response.json()["ends_on"] == "2026-04-15"
    march.refresh_from_db()
    assert march.ends_on == date(2026, 4, 15)


def test_api_put_refusals(march, dirbinmas, binmas, kapolres_depok, make_session):
    make_session(day=date(2026, 3, 20), operation=march)
    client = api(dirbinmas)
    shorter = client.put(f"/api/v1/operations/{march.pk}/", _body(ends_on="2026-03-10"), format="json")
    assert shorter.status_code == 400
    assert "20-03-2026" in str(shorter.json()["errors"])
    backwards = client.put(
        f"/api/v1/operations/{march.pk}/",
        _body(ends_on="2026-02-01"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert backwards.json()["errors"]["ends_on"] == ["An operation must end on or after the day it starts."]
    assert api(binmas).put(f"/api/v1/operations/{march.pk}/", _body(), format="json").status_code == 403
    assert (
        api(kapolres_depok).put(f"/api/v1/operations/{march.pk}/", _body(), format="json").status_code == 403
    )
    march.refresh_from_db()
    assert march.ends_on == date(2026, 3, 31)


# --- a booking and a change of period at the same moment -----------------------------------------


def _in_thread(work, results, key):
    def run():
        try:
            results[key] = work()
        except Exception as error:  # the assertion reads what happened
            results[key] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _holding(work):
    """Run ``work`` in a thread, in a transaction kept open (its row locks held) until the
    returned event is set; returns once ``work`` has run."""
    done, release, results = threading.Event(), threading.Event(), {}

    def run():
        with transaction.atomic():
            work()
            done.set()
            release.wait(timeout=30)

    thread = _in_thread(run, results, "held")
    assert done.wait(timeout=30), results
    return thread, release


def _postgresql_only():
    if connections["default"].vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_a_booking_waits_for_a_change_of_period_and_is_checked_against_the_new_one(
    reference_data, march, dirbinmas, bhabin, make_session
):
    _postgresql_only()
    changer, release = _holding(
        lambda: change(Operation.objects.get(pk=march.pk), dirbinmas, ends_on=date(2026, 3, 15))
    )
    # the booking holds the period as it was read before the change (31 March)
    results = {}
    booker = _in_thread(lambda: make_session(day=date(2026, 3, 20), operation=march), results, "booking")
    booker.join(timeout=1)
    assert booker.is_alive(), "the booking did not wait for the change of period"
    release.set()
    changer.join(timeout=30)
    booker.join(timeout=30)
    assert isinstance(results["booking"], services.SchedulingError), results["booking"]
    assert not Session.objects.filter(operation=march).exists()


@pytest.mark.django_db(transaction=True)
def test_a_change_of_period_waits_for_a_booking_and_sees_its_session(
    reference_data, march, dirbinmas, bhabin, make_session
):
    _postgresql_only()
    booker, release = _holding(lambda: make_session(day=date(2026, 3, 20), operation=march))
    results = {}
    shorten = lambda: change(Operation.objects.get(pk=march.pk), dirbinmas, ends_on=date(2026, 3, 15))  # noqa: E731
    changer = _in_thread(shorten, results, "change")
    changer.join(timeout=1)
    assert changer.is_alive(), "the change of period did not wait for the booking"
    release.set()
    booker.join(timeout=30)
    changer.join(timeout=30)
    assert isinstance(results["change"], services.SchedulingError), results["change"]
    assert Operation.objects.get(pk=march.pk).ends_on == date(2026, 3, 31)


@pytest.mark.django_db(transaction=True)
def test_bookings_under_one_operation_do_not_wait_for_each_other(
    reference_data, world, march, bhabin, make_session
):
    """Polres across a Polda plan under one operation at once: a booking that holds the
    operation's period does not hold up another post's booking."""
    _postgresql_only()
    first, release = _holding(lambda: make_session(day=date(2026, 3, 20), operation=march))
    results, rw19 = {}, world.post_rw19
    try:
        second = _in_thread(
            lambda: make_session(day=date(2026, 3, 21), post=rw19, operation=march), results, "second"
        )
        second.join(timeout=10)
        assert not second.is_alive(), "the second booking waited for the first"
    finally:
        release.set()
        first.join(timeout=30)
    second.join(timeout=30)
    assert isinstance(results["second"], Session), results["second"]
    assert Session.objects.filter(operation=march).count() == 2
