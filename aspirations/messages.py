"""Who is told what about an aspiration: the notifications and their words.

The services send the immediate ones in the transaction of the change (``assigned_messages``,
``urgent_messages``, ``reply_messages``); the sweeper's rules in ``reminders.py`` decide *when*
the others are due and build each one here (``unacknowledged_messages``, ``due_soon_messages``,
``overdue_messages``). Commanders are found through ``ngopi.accounts.selectors``: those of the
responsible Polsek, or of the unit some levels above it (``to_commanders_above``).

Titles and bodies are worded inside ``render``, in the recipient's language. Keys are idempotency
keys stored with each notification: their form must never change.
"""

from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngopi.accounts.models import User
from ngopi.accounts.selectors import ancestor, commanders_of, units_above
from ngopi.core.dates import format_datetime
from ngopi.notifications.services import Message

from .models import Aspiration

UNACKNOWLEDGED = gettext_lazy("Urgent, not acknowledged for %(hours)d hour(s): %(code)s")


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
    return _("Due %(when)s WIB.") % {"when": format_datetime(aspiration.due_at)}


def _text(aspiration, title, **extra):
    """``render`` for a message about ``aspiration``: ``title`` (a lazy msgid) with the code, the
    aspiration in one line and its due time, all in the language active when it is called."""

    def render():
        body = f"{_about(aspiration)}\n{_due_text(aspiration)}"
        return str(title) % {"code": aspiration.code, **extra}, body

    return render


def _message(aspiration, recipient, *, kind: str, key: str, title, urgent: bool, **extra) -> Message:
    """A message about ``aspiration``, keyed ``aspiration:<id>:<key>``, linking to its staff page."""
    return Message(
        recipient=recipient,
        kind=kind,
        key=f"aspiration:{aspiration.pk}:{key}",
        url=aspiration.get_absolute_url(),
        urgent=urgent,
        render=_text(aspiration, title, **extra),
    )


def to_commanders_above(
    aspirations: Iterable[Aspiration], *, levels: int, message: Callable[[Aspiration, User], Message]
) -> list[Message]:
    """The escalation: ``message(aspiration, commander)`` for every commander of the unit ``levels``
    above each aspiration's own (0: its Polsek, 1: the Polres, 2: the Polda), in two queries."""
    rows = list(aspirations)
    above = units_above(a.unit for a in rows)
    targets = {a.pk: ancestor(a.unit, levels, above) for a in rows}
    commanders = commanders_of(unit.pk for unit in targets.values() if unit is not None)
    messages = []
    for aspiration in rows:
        unit = targets[aspiration.pk]
        for commander in commanders.get(unit.pk if unit else None, []):
            messages.append(message(aspiration, commander))
    return messages


def unacknowledged_messages(aspirations, *, what: str, hours: int, levels: int) -> list[Message]:
    """Urgent and not acknowledged for ``hours``: the commanders ``levels`` above the Polsek."""

    def message(aspiration, commander):
        kind, title = "aspiration.urgent", UNACKNOWLEDGED
        return _message(aspiration, commander, kind=kind, key=what, title=title, urgent=True, hours=hours)

    return to_commanders_above(aspirations, levels=levels, message=message)


def due_soon_messages(aspirations) -> list[Message]:
    """The due time is near: the assignee."""
    return [
        _message(
            aspiration,
            aspiration.assignee,
            kind="aspiration.due",
            key=f"due_soon:{_stamp(aspiration)}",
            title=gettext_lazy("Due soon: %(code)s"),
            urgent=aspiration.urgent,
        )
        for aspiration in aspirations
    ]


def overdue_messages(aspirations, *, level: int) -> list[Message]:
    """Overdue for ``level`` periods: the commanders ``level - 1`` above the Polsek (1: the Kapolsek)."""

    def message(aspiration, commander):
        key, title = f"overdue{level}:{_stamp(aspiration)}", gettext_lazy("Overdue: %(code)s")
        return _message(
            aspiration, commander, kind="aspiration.overdue", key=key, title=title, urgent=aspiration.urgent
        )

    return to_commanders_above(aspirations, levels=level - 1, message=message)


def assigned_messages(aspiration) -> list[Message]:
    if aspiration.assignee is None:
        return []
    key = f"assigned:{aspiration.assignee_id}:{timezone.now():%Y%m%dT%H%M%S%f}"
    title = gettext_lazy("Assigned to you: %(code)s")
    kind = "aspiration.assigned"
    return [
        _message(aspiration, aspiration.assignee, kind=kind, key=key, title=title, urgent=aspiration.urgent)
    ]


def urgent_messages(aspiration) -> list[Message]:
    """At once: the assignee and the commanders of the responsible Polsek."""
    recipients = list(commanders_of([aspiration.unit_id]).get(aspiration.unit_id, []))
    if aspiration.assignee is not None:
        recipients.insert(0, aspiration.assignee)
    title = gettext_lazy("URGENT, happening now: %(code)s — acknowledge within 1 hour")
    return [
        _message(aspiration, user, kind="aspiration.urgent", key="urgent", title=title, urgent=True)
        for user in recipients
    ]


def reply_messages(aspiration, entry_id: int) -> list[Message]:
    if aspiration.assignee is None:
        return []
    title = gettext_lazy("The reporter wrote about %(code)s")
    key = f"reply:{entry_id}"
    return [
        _message(aspiration, aspiration.assignee, kind="aspiration.reply", key=key, title=title, urgent=False)
    ]
