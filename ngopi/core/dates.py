"""Days and times as the app reads and shows them: in WIB (the current time zone, Asia/Jakarta).

Times are stored in UTC; a "day" is a WIB calendar day, so the filters "from 1 March" and "until
31 March" mean WIB midnights, whatever the server's clock says. Dates and times are written the
Indonesian way, day first (``31-03-2025 19:30``), in messages, conflicts and audit logs.

A utility: it imports no app.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"


def at_wib(day: date, clock: time) -> datetime:
    """``clock`` on ``day`` in WIB, as an aware datetime (a session "on 1 March at 19:30")."""
    return timezone.make_aware(datetime.combine(day, clock))


def day_start(day: date) -> datetime:
    """The first instant of ``day`` in WIB, as an aware datetime (00:00 WIB is 17:00 UTC the day
    before)."""
    return at_wib(day, time.min)


def day_end(day: date) -> datetime:
    """The first instant after ``day`` in WIB (the next WIB midnight): filter with
    ``__lt=day_end(last)`` to take in the whole of the last day."""
    return day_start(day + timedelta(days=1))


def format_date(day: date) -> str:
    """``31-03-2025``: a calendar date, day first."""
    return day.strftime(DATE_FORMAT)


def format_datetime(moment: datetime) -> str:
    """``31-03-2025 19:30``: an instant as the wall clock in WIB shows it."""
    return timezone.localtime(moment).strftime(DATETIME_FORMAT)


def format_datetime_wib(moment: datetime) -> str:
    """``31-03-2025 19:30 WIB``: the same, saying which clock."""
    return f"{format_datetime(moment)} WIB"


def format_span(start: datetime, end: datetime) -> str:
    """``31-03-2025 19:30–21:30``: a time span in WIB, the day written once when it ends on the
    day it starts (``31-03-2025 22:00–01-04-2025 01:00`` when it does not)."""
    first, last = timezone.localtime(start), timezone.localtime(end)
    until = last.strftime("%H:%M") if last.date() == first.date() else last.strftime(DATETIME_FORMAT)
    return f"{first.strftime(DATETIME_FORMAT)}–{until}"
