"""When aspirations are reminded and escalated: the sweeper's rules.

The notifications sweeper calls ``due_messages`` every minute (``NGOPI_REMINDER_RULES``); it finds
what is due from the database as it is then, and ``messages.py`` says who is told what:

* an urgent ("happening now") aspiration not acknowledged within 1 hour goes to the Polres
  commanders, within 2 hours to the Polda commanders;
* the assignee is reminded before the due time, a quarter of the priority's period ahead
  (urgent: 30 minutes with the default 2 hours; high: 6 hours; normal: 18 hours; low: 42 hours),
  so the reminder never falls on the first sweep after the submission: a deadline is never
  shorter than its period (working days only add to it);
* an overdue aspiration climbs the chain of command one level per overdue period (the period of
  its priority: urgent hours, 1 day high, 3 days normal, 7 days low): at the due time the
  Kapolsek, one period later the Kapolres, two periods later the Dirbinmas.

Keys carry the due time, so when a deadline moves (a reopened aspiration) the rules start anew;
a resolved or closed aspiration matches none of them.
"""

from datetime import timedelta

from ngopi.notifications.services import Message

from . import conf
from .enums import OPEN_STATUSES, Priority
from .messages import due_soon_messages, overdue_messages, unacknowledged_messages
from .models import Aspiration

LOOKBACK = timedelta(days=7)  # a sweeper stopped longer than this does not send stale escalations
URGENT_ACK = [("urgent_polres", timedelta(hours=1), 1), ("urgent_polda", timedelta(hours=2), 2)]
ESCALATION_LEVELS = 3  # Kapolsek, Kapolres, Dirbinmas


def overdue_period(priority: str) -> timedelta:
    return {
        Priority.URGENT: timedelta(hours=conf.get("ASPIRATION_URGENT_HOURS")),
        Priority.HIGH: timedelta(days=1),
        Priority.NORMAL: timedelta(days=3),
        Priority.LOW: timedelta(days=7),
    }[Priority(priority)]


REMINDER_FRACTION = 4  # remind a quarter of the period before the due time


def reminder_lead(priority: str) -> timedelta:
    return overdue_period(priority) / REMINDER_FRACTION


def _open():
    related = ("category", "rw", "village", "unit", "unit__parent", "assignee")
    return Aspiration.objects.select_related(*related).filter(status__in=OPEN_STATUSES)


def due_messages(now) -> list[Message]:
    """Every time-based aspiration message due at ``now`` (the sweeper drops those already sent)."""
    messages: list[Message] = []
    open_ = _open()

    # 1. Urgent and not acknowledged: up the chain after 1 and 2 hours.
    for what, after, levels in URGENT_ACK:
        rows = open_.filter(
            urgent=True,
            acknowledged_at__isnull=True,
            created_at__lte=now - after,
            created_at__gt=now - after - LOOKBACK,
        )
        hours = int(after.total_seconds() // 3600)
        messages += unacknowledged_messages(rows, what=what, hours=hours, levels=levels)

    # 2. Reminder to the assignee before the due time.
    for priority in Priority.values:
        lead = reminder_lead(priority)
        rows = open_.filter(priority=priority, assignee__isnull=False, due_at__gt=now, due_at__lte=now + lead)
        messages += due_soon_messages(rows)

    # 3. Overdue: one level up the chain per overdue period.
    for priority in Priority.values:
        period = overdue_period(priority)
        for level in range(1, ESCALATION_LEVELS + 1):
            reached = now - period * (level - 1)
            rows = open_.filter(priority=priority, due_at__lte=reached, due_at__gt=reached - LOOKBACK)
            messages += overdue_messages(rows, level=level)
    return messages
