"""The WIB day and the day-first date formats every app uses (``ngopi.core.dates``)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from ngopi.core.dates import (
    at_wib,
    day_end,
    day_start,
    format_date,
    format_datetime,
    format_datetime_wib,
    format_span,
)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "midnight_utc"),
    [
        (date(2025, 1, 31), utc(2025, 1, 30, 17)),
        (date(2025, 3, 1), utc(2025, 2, 28, 17)),
        (date(2024, 3, 1), utc(2024, 2, 29, 17)),  # leap year: the day before is 29 February
        (date(2026, 1, 1), utc(2025, 12, 31, 17)),
    ],
)
def test_day_start_is_wib_midnight_whatever_the_clock_says(day, midnight_utc):
    # The server's clock stands on another day, late in the UTC evening (already tomorrow in WIB).
    with time_machine.travel(utc(2025, 6, 15, 22, 30), tick=False):
        assert day_start(day) == midnight_utc
        assert timezone.localtime(day_start(day)).hour == 0


@pytest.mark.parametrize(
    ("last", "next_midnight_utc"),
    [
        (date(2025, 1, 31), utc(2025, 1, 31, 17)),  # into February
        (date(2025, 2, 28), utc(2025, 2, 28, 17)),  # not a leap year: straight to 1 March
        (date(2024, 2, 28), utc(2024, 2, 28, 17)),  # leap year: 29 February comes next
        (date(2024, 2, 29), utc(2024, 2, 29, 17)),
        (date(2025, 12, 31), utc(2025, 12, 31, 17)),  # into the new year
    ],
)
def test_day_end_takes_in_the_whole_last_day_at_month_ends(last, next_midnight_utc):
    with time_machine.travel(utc(2025, 6, 15, 3), tick=False):
        assert day_end(last) == next_midnight_utc
        assert day_end(last) - day_start(last) == timedelta(days=1)
        assert timezone.localdate(day_end(last) - timedelta(microseconds=1)) == last
        assert timezone.localdate(day_end(last)) == last + timedelta(days=1)


def test_format_date_writes_the_day_first():
    assert format_date(date(2025, 3, 9)) == "09-03-2025"
    assert format_date(date(2024, 2, 29)) == "29-02-2024"


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (utc(2025, 1, 31, 16, 59), "31-01-2025 23:59"),  # the last minute of January in WIB
        (utc(2025, 1, 31, 17, 0), "01-02-2025 00:00"),  # already February in WIB, not in UTC
        (utc(2025, 12, 31, 17, 0), "01-01-2026 00:00"),
        (utc(2024, 2, 28, 18, 30), "29-02-2024 01:30"),
    ],
)
def test_format_datetime_shows_the_wib_wall_clock_across_midnight(moment, shown):
    with time_machine.travel(utc(2025, 6, 15, 3), tick=False):
        assert format_datetime(moment) == shown
        assert format_datetime_wib(moment) == f"{shown} WIB"


def test_at_wib_is_the_wall_clock_in_jakarta_on_that_day():
    with time_machine.travel(utc(2025, 6, 15, 3), tick=False):
        assert at_wib(date(2025, 3, 1), time(19, 30)) == utc(2025, 3, 1, 12, 30)
        assert at_wib(date(2025, 3, 1), time(3, 0)) == utc(2025, 2, 28, 20, 0)  # the UTC day before
        assert format_datetime(at_wib(date(2024, 2, 29), time(23, 59))) == "29-02-2024 23:59"


@pytest.mark.parametrize(
    ("start", "end", "written"),
    [
        (utc(2026, 12, 10, 12, 30), utc(2026, 12, 10, 14, 30), "10-12-2026 19:30–21:30"),
        # 22:00 to 01:00 WIB: the end is on the next WIB day although both are 10 December in UTC
        (utc(2026, 12, 10, 15), utc(2026, 12, 10, 18), "10-12-2026 22:00–11-12-2026 01:00"),
        (utc(2026, 12, 31, 16), utc(2026, 12, 31, 17), "31-12-2026 23:00–01-01-2027 00:00"),
    ],
)
def test_a_span_writes_its_day_once_when_it_ends_on_the_day_it_starts(start, end, written):
    assert format_span(start, end) == written
