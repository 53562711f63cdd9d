"""The staff inbox's received/resolved day filters take whole WIB days, across a month's end."""

from datetime import UTC, datetime

import time_machine

from .factories import make_aspiration


def submitted_at(moment, rw, text):
    with time_machine.travel(moment, tick=False):
        return make_aspiration(rw=rw, description=text)


def test_inbox_received_until_keeps_the_last_minute_of_the_month_in_wib(login, world, kapolsek):
    # 16:59 UTC is 23:59 WIB on 31 January; 17:00 UTC on 31 January is already 1 February in WIB.
    last_minute = submitted_at(
        datetime(2025, 1, 31, 16, 59, tzinfo=UTC), world.rw18, "Jalan rusak akhir Januari"
    )
    next_month = submitted_at(
        datetime(2025, 1, 31, 17, 0, tzinfo=UTC), world.rw18, "Lampu mati awal Februari"
    )
    with time_machine.travel(datetime(2025, 2, 3, 2, tzinfo=UTC), tick=False):
        client = login(kapolsek)
        january = client.get("/staf/aspirasi/?date_from=2025-01-01&date_to=2025-01-31").content.decode()
        february = client.get("/staf/aspirasi/?date_from=2025-02-01&date_to=2025-02-28").content.decode()
    assert last_minute.code in january and next_month.code not in january
    assert next_month.code in february and last_minute.code not in february
