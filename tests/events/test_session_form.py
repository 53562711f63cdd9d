"""The session and serentak forms: the kind preselected, a lead required, no start in the past,
the kelurahan as checkboxes limited to the chosen unit."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from events.models import Session, SessionKind

from .conftest import wib
from .test_constraint_errors import session_data


def test_new_session_form_preselects_ngopi_kamtibmas(client, world, binmas):
    assert SessionKind.objects.filter(name="Jumat Curhat").exists()  # sorts first, was preselected
    client.force_login(binmas)
    response = client.get("/staf/kegiatan/baru/")
    field = response.context["form"]["kind"]
    assert field.value() == SessionKind.objects.get(name="Ngopi Kamtibmas").pk
    assert "selected>Ngopi Kamtibmas</option>" in response.content.decode()


def test_serentak_form_preselects_ngopi_kamtibmas(client, world, binmas):
    client.force_login(binmas)
    response = client.get("/staf/kegiatan/serentak/")
    assert "selected>Ngopi Kamtibmas</option>" in response.content.decode()


def test_session_without_a_lead_is_refused_in_words(client, world, binmas, bhabin, kind, next_week):
    client.force_login(binmas)
    response = client.post(
        "/staf/kegiatan/baru/", session_data(world, kind, next_week, [(bhabin, "attending")])
    )
    assert response.status_code == 200
    assert "Pilih ketua pelaksana" in response.content.decode()
    assert not Session.objects.exists()


def test_session_with_no_officer_at_all_is_refused(client, world, binmas, kind, next_week):
    client.force_login(binmas)
    response = client.post("/staf/kegiatan/baru/", session_data(world, kind, next_week, []))
    assert "Pilih ketua pelaksana" in response.content.decode()
    assert not Session.objects.exists()


def test_session_starting_in_the_past_is_refused_in_words(client, world, binmas, bhabin, kind):
    client.force_login(binmas)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post("/staf/kegiatan/baru/", session_data(world, kind, yesterday, [(bhabin, "lead")]))
    assert response.status_code == 200
    assert "Waktu ini sudah lewat" in response.content.decode()
    assert not Session.objects.exists()


def test_serentak_form_lists_kelurahan_only_after_the_unit_is_chosen(client, world, binmas, bhabin):
    client.force_login(binmas)
    body = client.get("/staf/kegiatan/serentak/").content.decode()
    assert 'type="checkbox"' not in body
    assert "pilih satuan lalu tekan Pratinjau" in body
    body = client.get(f"/staf/kegiatan/serentak/?unit={world.polsek.pk}").content.decode()
    assert f'name="areas" value="{world.pekayon.pk}"' in body
    assert "Pekayon Jaya (Bekasi Selatan)" in body
    assert f'name="areas" value="{world.margahayu.pk}"' not in body  # another Polsek's kelurahan
    assert f'name="areas" value="{world.beji.pk}"' not in body


def test_serentak_form_refuses_a_kelurahan_outside_the_chosen_unit(client, world, binmas, bhabin, next_week):
    client.force_login(binmas)
    response = client.post(
        "/staf/kegiatan/serentak/",
        {
            "title": "Serentak",
            "kind": SessionKind.objects.get(name="Ngopi Kamtibmas").pk,
            "unit": world.polsek.pk,
            "areas": [world.margahayu.pk],
            "day": next_week.isoformat(),
            "start": "19:30",
            "end": "21:30",
            "preview": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["areas"]
    assert response.context["plan"] is None


def _serentak(world, day, start, end, *extra):
    return {
        "title": "Serentak",
        "kind": SessionKind.objects.get(name="Ngopi Kamtibmas").pk,
        "unit": world.polsek.pk,
        "day": day.isoformat(),
        "start": start,
        "end": end,
        **dict.fromkeys(extra, ""),
    }


@pytest.mark.parametrize(
    ("day", "start", "end", "warned"),
    [
        (date(2026, 11, 20), "19:30", "21:30", True),  # a mistyped month: twelve days ago
        (date(2026, 12, 2), "09:00", "11:00", True),  # earlier today
        (date(2026, 12, 2), "19:30", "21:30", False),  # tonight
        (date(2026, 12, 9), "19:30", "21:30", False),
    ],
)
def test_serentak_preview_warns_when_the_time_has_passed(
    client, world, binmas, bhabin, day, start, end, warned
):
    """A serentak may be recorded for a past day (one held already), but the preview says so
    before anything is created: the leads are asked for their reports at once."""
    client.force_login(binmas)
    with time_machine.travel(wib(date(2026, 12, 2), 10), tick=False):
        response = client.post("/staf/kegiatan/serentak/", _serentak(world, day, start, end, "preview"))
    body = response.content.decode()
    assert ('data-testid="plan-notice"' in body) == warned
    if warned:
        assert "Waktu ini sudah lewat" in body and "laporan" in body
    assert not Session.objects.exists()


def test_serentak_in_the_past_is_still_created_when_confirmed(client, world, binmas, bhabin):
    client.force_login(binmas)
    with time_machine.travel(wib(date(2026, 12, 2), 10), tick=False):
        response = client.post(
            "/staf/kegiatan/serentak/", _serentak(world, date(2026, 11, 20), "19:30", "21:30", "confirm")
        )
    assert response.status_code == 302
    assert Session.objects.filter(starts_at=wib(date(2026, 11, 20), 19, 30)).count() == 2
