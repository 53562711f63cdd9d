"""Aspiration alerts, reminders and escalations.

Immediate ones (``assigned_messages``, ``urgent_messages``, ``reply_messages``) are created by the
services in the transaction of the change. Time-based ones are found by the notifications
sweeper every minute (``due_messages``), from the database as it is then:

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

from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.selectors import ancestor, commanders_of, units_above
from ngopi.notifications.services import Message

from . import conf
from .enums import OPEN_STATUSES, Priority
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


def _stamp(aspiration) -> str:
    return f"{aspiration.due_at:%Y%m%dT%H%M}"


def _about(aspiration) -> str:
    return _("%(code)s · %(category)s · %(rw)s, %(village)s") % {
        "code": aspiration.code,
        "category": aspiration.category.name,
        "rw": aspiration.rw.name,
        "village": aspiration.village.name,
    }


def _due_text(aspiration) -> str:
    return _("Due %(when)s WIB.") % {"when": f"{timezone.localtime(aspiration.due_at):%d-%m-%Y %H:%M}"}


def _base():
    return Aspiration.objects.select_related("category", "rw", "village", "unit", "unit__parent", "assignee")


def due_messages(now) -> list[Message]:
    messages: list[Message] = []
    open_ = _base().filter(status__in=OPEN_STATUSES)

    # 1. Urgent and not acknowledged: up the chain after 1 and 2 hours.
    for what, after, levels in URGENT_ACK:
        rows = list(
            open_.filter(
                urgent=True,
                acknowledged_at__isnull=True,
                created_at__lte=now - after,
                created_at__gt=now - after - LOOKBACK,
            )
        )
        above = units_above(a.unit for a in rows)
        targets = {a.pk: ancestor(a.unit, levels, above) for a in rows}
        commanders = commanders_of(u.pk for u in targets.values() if u is not None)
        for aspiration in rows:
            unit = targets[aspiration.pk]
            for commander in commanders.get(unit.pk if unit else None, []):
                messages.append(
                    Message(
                        recipient=commander,
                        kind="aspiration.urgent",
                        key=f"aspiration:{aspiration.pk}:{what}",
                        url=aspiration.get_absolute_url(),
                        urgent=True,
                        render=_text(
                            aspiration,
                            _("Urgent, not acknowledged for %(hours)d hour(s): %(code)s"),
                            hours=int(after.total_seconds() // 3600),
                        ),
                    )
                )

    # 2. Reminder to the assignee before the due time.
    for priority in Priority.values:
        lead = reminder_lead(priority)
        rows = open_.filter(priority=priority, assignee__isnull=False, due_at__gt=now, due_at__lte=now + lead)
        for aspiration in rows:
            messages.append(
                Message(
                    recipient=aspiration.assignee,
                    kind="aspiration.due",
                    key=f"aspiration:{aspiration.pk}:due_soon:{_stamp(aspiration)}",
                    url=aspiration.get_absolute_url(),
                    urgent=aspiration.urgent,
                    render=_text(aspiration, _("Due soon: %(code)s")),
                )
            )

    # 3. Overdue: one level up the chain per overdue period.
    for priority in Priority.values:
        period = overdue_period(priority)
        for level in range(1, ESCALATION_LEVELS + 1):
            reached = now - period * (level - 1)
            rows = list(open_.filter(priority=priority, due_at__lte=reached, due_at__gt=reached - LOOKBACK))
            if not rows:
                continue
            above = units_above(a.unit for a in rows)
            targets = {a.pk: ancestor(a.unit, level - 1, above) for a in rows}
            commanders = commanders_of(u.pk for u in targets.values() if u is not None)
            for aspiration in rows:
                unit = targets[aspiration.pk]
                for commander in commanders.get(unit.pk if unit else None, []):
                    messages.append(
                        Message(
                            recipient=commander,
                            kind="aspiration.overdue",
                            key=f"aspiration:{aspiration.pk}:overdue{level}:{_stamp(aspiration)}",
                            url=aspiration.get_absolute_url(),
                            urgent=aspiration.urgent,
                            render=_text(aspiration, _("Overdue: %(code)s")),
                        )
                    )
    return messages


def _text(aspiration, title, **extra):
    def render():
        return title % {"code": aspiration.code, **extra}, f"{_about(aspiration)}\n{_due_text(aspiration)}"

    return render


def assigned_messages(aspiration) -> list[Message]:
    if aspiration.assignee is None:
        return []
    return [
        Message(
            recipient=aspiration.assignee,
            kind="aspiration.assigned",
            key=f"aspiration:{aspiration.pk}:assigned:{aspiration.assignee_id}:{timezone.now():%Y%m%dT%H%M%S%f}",
            url=aspiration.get_absolute_url(),
            urgent=aspiration.urgent,
            render=_text(aspiration, _("Assigned to you: %(code)s")),
        )
    ]


def urgent_messages(aspiration) -> list[Message]:
    """At once: the assignee and the commanders of the responsible Polsek."""
    recipients = list(commanders_of([aspiration.unit_id]).get(aspiration.unit_id, []))
    if aspiration.assignee is not None:
        recipients.insert(0, aspiration.assignee)
    return [
        Message(
            recipient=user,
            kind="aspiration.urgent",
            key=f"aspiration:{aspiration.pk}:urgent",
            url=aspiration.get_absolute_url(),
            urgent=True,
            render=_text(aspiration, _("URGENT, happening now: %(code)s — acknowledge within 1 hour")),
        )
        for user in recipients
    ]


def reply_messages(aspiration, entry_id: int) -> list[Message]:
    if aspiration.assignee is None:
        return []
    return [
        Message(
            recipient=aspiration.assignee,
            kind="aspiration.reply",
            key=f"aspiration:{aspiration.pk}:reply:{entry_id}",
            url=aspiration.get_absolute_url(),
            render=_text(aspiration, _("The reporter wrote about %(code)s")),
        )
    ]
