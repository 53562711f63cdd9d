"""Every create/edit form of sessions and operations turns a broken database constraint into a
message on the form (200, what was typed kept), never a 500."""

from datetime import timedelta

import pytest

from events import services
from events.models import Operation, Session, SessionOfficer


@pytest.fixture
def polres_operation(world, binmas, next_week):
    return services.create_operation(
        actor=binmas, name="Operasi Mantap Praja", unit=world.polres, starts_on=next_week, ends_on=next_week
    )


def test_duplicate_operation_name_is_a_form_error(client, world, binmas, polres_operation, next_week):
    client.force_login(binmas)
    response = client.post(
        "/staf/operasi/baru/",
        {
            "name": "Operasi Mantap Praja",
            "unit": world.polres.pk,
            "starts_on": f"{next_week:%Y-%m-%d}",
            "ends_on": f"{next_week + timedelta(days=3):%Y-%m-%d}",
            "description": "Cooling system menjelang pemilu",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Satuan ini sudah punya operasi dengan nama tersebut." in body
    assert "Cooling system menjelang pemilu" in body  # nothing typed is lost
    assert Operation.objects.count() == 1


def test_same_operation_name_in_another_unit_is_allowed(client, world, binmas, polres_operation, next_week):
    client.force_login(binmas)
    day = f"{next_week:%Y-%m-%d}"
    response = client.post(
        "/staf/operasi/baru/",
        {"name": "Operasi Mantap Praja", "unit": world.polsek.pk, "starts_on": day, "ends_on": day},
    )
    assert response.status_code == 302
    assert Operation.objects.count() == 2


def test_operation_ending_before_it_starts_is_a_form_error(client, world, binmas, next_week):
    client.force_login(binmas)
    response = client.post(
        "/staf/operasi/baru/",
        {
            "name": "Operasi Lilin",
            "unit": world.polres.pk,
            "starts_on": f"{next_week:%Y-%m-%d}",
            "ends_on": f"{next_week - timedelta(days=1):%Y-%m-%d}",
        },
    )
    assert response.status_code == 200
    assert "Operasi harus berakhir pada hari dimulainya atau sesudahnya." in response.content.decode()
    assert not Operation.objects.exists()


def test_create_operation_refuses_a_duplicate_name_in_words(world, binmas, polres_operation, next_week):
    with pytest.raises(services.SchedulingError) as excinfo:
        services.create_operation(
            actor=binmas,
            name="Operasi Mantap Praja",
            unit=world.polres,
            starts_on=next_week,
            ends_on=next_week,
        )
    assert excinfo.value.messages == ["Satuan ini sudah punya operasi dengan nama tersebut."]


def session_data(world, kind, day, officers, **overrides):
    data = {
        "kind": kind.pk,
        "title": "Ngopi malam",
        "post": world.post_rw18.pk,
        "starts_at": f"{day:%Y-%m-%d}T19:30",
        "ends_at": f"{day:%Y-%m-%d}T21:30",
        "operation": "",
        "agenda": "Kenakalan remaja di lapangan voli",
        "officers-TOTAL_FORMS": str(len(officers)),
        "officers-INITIAL_FORMS": "0",
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
        **overrides,
    }
    for index, (officer, role) in enumerate(officers):
        data[f"officers-{index}-officer"] = officer.pk
        data[f"officers-{index}-role"] = role
    return data


@pytest.mark.parametrize(
    ("twice", "message"),
    [
        (True, "Ada petugas yang tercantum dua kali."),  # session_officer_once
        (False, "Satu kegiatan hanya memiliki satu ketua pelaksana; 2 orang dipilih."),  # session_one_lead
    ],
)
def test_session_form_refuses_what_the_officer_constraints_forbid(
    client, world, binmas, bhabin, kind, next_week, twice, message
):
    client.force_login(binmas)
    officers = [(bhabin, "lead"), (bhabin, "attending")] if twice else [(bhabin, "lead"), (binmas, "lead")]
    response = client.post("/staf/kegiatan/baru/", session_data(world, kind, next_week, officers))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Kenakalan remaja di lapangan voli" in body
    assert not Session.objects.exists()


def test_session_edit_refuses_two_leads_and_keeps_the_session(
    client, make_session, world, binmas, bhabin, kind, next_week
):
    session = make_session()
    client.force_login(binmas)
    data = session_data(world, kind, next_week, [(bhabin, "lead"), (binmas, "lead")], title="Judul baru")
    data["officers-INITIAL_FORMS"] = "1"  # as the page sends it: the lead already assigned
    response = client.post(f"/staf/kegiatan/{session.pk}/ubah/", data)
    assert response.status_code == 200
    assert "Satu kegiatan hanya memiliki satu ketua pelaksana" in response.content.decode()
    session.refresh_from_db()
    assert session.title == "Ngopi Kamtibmas RW 18"
    assert list(SessionOfficer.objects.values_list("officer__username", "role")) == [("bhabin", "lead")]


def test_session_ending_before_it_starts_is_a_form_error(client, world, binmas, bhabin, kind, next_week):
    client.force_login(binmas)
    data = session_data(world, kind, next_week, [(bhabin, "lead")], ends_at=f"{next_week:%Y-%m-%d}T18:00")
    response = client.post("/staf/kegiatan/baru/", data)
    assert response.status_code == 200
    assert "Kegiatan harus berakhir setelah dimulai." in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "\x1b\x0b"])
def test_postponing_without_a_reason_is_refused_in_words(client, make_session, binmas, reason):
    session = make_session()
    client.force_login(binmas)
    response = client.post(f"/staf/kegiatan/{session.pk}/tunda/", {"reason": reason}, follow=True)
    assert response.status_code == 200
    assert "Isi alasannya agar warga dan pimpinan mengetahui sebabnya." in response.content.decode()
    session.refresh_from_db()
    assert session.status == "planned"
