"""When sessions are reminded: the sweeper's rules. The notifications sweeper calls
``due_messages`` every minute (``NGOPI_REMINDER_RULES``; never far-future Celery messages), and
``messages.py`` says who is told what. Keys include the session's current start, so a rescheduled
session is reminded for its new time and never for the old one; a cancelled one matches no rule.

* 24 hours and 2 hours before the start: every assigned officer (only the 2-hour reminder when
  a session is booked less than 2 hours ahead);
* 1 and 3 days after the end without a report: the lead;
* 5 days after the end without a report: the commanders of the responsible Polsek.
"""

from datetime import timedelta

from django.db.models import Prefetch

from ngopi.notifications.services import Message

from .enums import SessionStatus
from .messages import reminder_messages, report_due_messages, report_missing_messages
from .models import Session, SessionOfficer

BEFORE = [
    ("remind_24h", timedelta(hours=24), timedelta(hours=2)),
    ("remind_2h", timedelta(hours=2), timedelta(0)),
]
REPORT_LEAD = [("report_1d", timedelta(days=1)), ("report_3d", timedelta(days=3))]
REPORT_COMMANDER = timedelta(days=5)
LOOKBACK = timedelta(days=30)  # reports missing longer than this are the dashboard's business


def _with_officers(queryset):
    return queryset.select_related("post", "rw", "rw__parent", "unit").prefetch_related(
        Prefetch("assignments", queryset=SessionOfficer.objects.select_related("officer"))
    )


def due_messages(now) -> list[Message]:
    """Every session message due at ``now`` (the sweeper drops those already sent)."""
    messages: list[Message] = []
    planned = Session.objects.filter(status=SessionStatus.PLANNED)
    for what, before, until in BEFORE:
        for session in _with_officers(planned.filter(starts_at__lte=now + before, starts_at__gt=now + until)):
            messages += reminder_messages(session, what=what)
    unreported = Session.objects.filter(
        status__in=[SessionStatus.PLANNED, SessionStatus.HELD], ends_at__gt=now - LOOKBACK
    )
    for what, after in REPORT_LEAD:
        for session in _with_officers(unreported.filter(ends_at__lte=now - after)):
            messages += report_due_messages(session, what=what)
    overdue = _with_officers(unreported.filter(ends_at__lte=now - REPORT_COMMANDER))
    messages += report_missing_messages(overdue)
    return messages
