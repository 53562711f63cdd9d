"""The staff session list's "From"/"To" filters take whole WIB days, at the month's end too."""

from datetime import date

import time_machine

from .conftest import wib


def test_session_list_to_filter_keeps_the_last_evening_and_drops_the_next_midnight(
    login, make_session, kapolsek, world
):
    with time_machine.travel(wib(date(2025, 1, 20), 8), tick=False):
        evening = make_session(day=date(2025, 1, 31), start=22, end=23, title="Ngopi malam akhir Januari")
        midnight = make_session(
            day=date(2025, 2, 1), start=0, end=1, post=world.post_rw19, title="Ngopi dini hari Februari"
        )
        client = login(kapolsek)
        january = client.get("/staf/kegiatan/?date_from=2025-01-31&date_to=2025-01-31").content.decode()
        february = client.get("/staf/kegiatan/?date_from=2025-02-01&date_to=2025-02-28").content.decode()
    assert evening.title in january and midnight.title not in january
    assert midnight.title in february and evening.title not in february
