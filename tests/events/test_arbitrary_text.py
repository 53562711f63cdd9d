"""Whatever staff type or paste into the session and operation forms, no page and no calendar
feed answers 500 (the test client re-raises a view's exception, so a 500 fails the test)."""

import itertools
from datetime import timedelta

from django.test import Client
from hypothesis import HealthCheck, example, given, settings

from events.models import Operation, Session
from tests.text_strategies import TEXT

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(title=TEXT, agenda=TEXT, guest=TEXT, name=TEXT, description=TEXT)
@example(
    title="Ngopi\x0bmalam\x1b", agenda="\x1b[1m", guest="Lurah\x07", name="Operasi\x0c", description="\x00"
)
def test_any_text_in_the_session_and_operation_forms_breaks_no_page(
    world, binmas, bhabin, kind, next_week, title, agenda, guest, name, description
):
    staff = Client()
    staff.force_login(binmas)
    day = next_week + timedelta(days=next(_days))
    response = staff.post(
        "/staf/kegiatan/baru/",
        {
            "kind": kind.pk,
            "title": title,
            "post": world.post_rw18.pk,
            "starts_at": f"{day:%Y-%m-%d}T19:30",
            "ends_at": f"{day:%Y-%m-%d}T21:30",
            "operation": "",
            "agenda": agenda,
            "officers-TOTAL_FORMS": "1",
            "officers-INITIAL_FORMS": "0",
            "officers-0-officer": bhabin.pk,
            "officers-0-role": "lead",
            "guests-TOTAL_FORMS": "1",
            "guests-INITIAL_FORMS": "0",
            "guests-0-position": guest,
            "guests-0-name": name,
            "guests-0-institution": description,
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        session = Session.objects.latest("id")
        assert "\x0b" not in session.title and "\x1b" not in session.agenda
        assert staff.get(response["Location"]).status_code == 200
        assert staff.get(f"/staf/kegiatan/{session.pk}/ubah/").status_code == 200
        assert staff.get(f"/staf/kegiatan/{session.pk}/poster/").status_code == 200
        assert Client().get(f"/kegiatan/{session.pk}/").status_code == 200
    assert staff.get("/staf/kegiatan/").status_code == 200
    assert Client().get("/kegiatan/").status_code == 200
    assert Client().get("/kegiatan/kalender.ics").status_code == 200

    response = staff.post(
        "/staf/operasi/baru/",
        {
            "name": name,
            "unit": world.polres.pk,
            "starts_on": f"{next_week:%Y-%m-%d}",
            "ends_on": f"{next_week:%Y-%m-%d}",
            "description": description,
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        operation = Operation.objects.latest("id")
        assert staff.get(f"/staf/operasi/{operation.pk}/").status_code == 200
    assert staff.get("/staf/operasi/").status_code == 200


_days = itertools.count()  # each example books its own evening
