"""Due times from priority: urgent ones in hours, the others in working days (WIB).

A working day is Monday to Friday and not an Indonesian public holiday (the ``holidays``
package). Counting starts from the moment the aspiration arrived, in Jakarta time: received
on Friday 15:00 with one working day to go, it is due on Monday 15:00.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from . import conf
from .enums import Priority

WIB = ZoneInfo("Asia/Jakarta")


def _targets() -> dict[str, tuple[str, int]]:
    return {
        Priority.URGENT: ("hours", conf.get("ASPIRATION_URGENT_HOURS")),
        Priority.HIGH: ("days", 1),
        Priority.NORMAL: ("days", 3),
        Priority.LOW: ("days", 7),
    }


@lru_cache(maxsize=16)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    local = start.astimezone(WIB)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=WIB)


def due_at_for(*, priority: str, received_at: datetime) -> datetime:
    unit, amount = _targets()[priority]
    if unit == "hours":
        return received_at + timedelta(hours=amount)
    return add_working_days(received_at, amount)
