"""When commitments are reminded and escalated: the sweeper's rules (``NGOPI_REMINDER_RULES``),
in the manner of ``aspirations.reminders``. Days are counted in WIB.

* ``REMIND_BEFORE`` days before the due date (or at once when recorded closer to it): the
  responsible officer;
* overdue — the day after the due date the commanders of the commitment's Polsek and the
  responsible officer, ``ESCALATE_AFTER[1]`` days after it the commanders one level up (Polres),
  ``ESCALATE_AFTER[2]`` days after it two levels up (Polda).

Keys carry the due date, so a commitment is reminded once per level; a closed one matches no rule.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngopi.accounts.selectors import ancestor, commanders_of, units_above
from ngopi.notifications.services import Message

from .models import Commitment

REMIND_BEFORE = 3
ESCALATE_AFTER = (1, 7, 14)  # days after the due date: Polsek, Polres, Polda commanders
LOOKBACK = timedelta(days=30)  # older than this is the dashboard's business


def _render(commitment, title):
    def render():
        body = _("%(text)s — promised at %(rw)s, %(village)s; due %(date)s; responsible: %(who)s.") % {
            "text": commitment.text,
            "rw": commitment.rw.name,
            "village": commitment.rw.parent.name,
            "date": commitment.due_date.strftime("%d-%m-%Y"),
            "who": commitment.responsible,
        }
        return title % {"text": commitment.text[:80]}, body

    return render


def _message(commitment, recipient, *, kind, what, title) -> Message:
    return Message(
        recipient=recipient,
        kind=kind,
        key=f"commitment:{commitment.pk}:{what}:{commitment.due_date:%Y%m%d}",
        url=commitment.get_absolute_url(),
        render=_render(commitment, title),
    )


def due_messages(now) -> list[Message]:
    today = timezone.localdate(now)
    open_ = Commitment.objects.open().select_related("rw", "rw__parent", "unit", "responsible")
    due_title = gettext_lazy("Commitment due soon: %(text)s")
    messages = [
        _message(c, c.responsible, kind="commitment.due", what="due", title=due_title)
        for c in open_.filter(due_date__gte=today, due_date__lte=today + timedelta(days=REMIND_BEFORE))
    ]
    for level, days in enumerate(ESCALATE_AFTER):
        reached = today - timedelta(days=days)
        rows = list(open_.filter(due_date__lte=reached, due_date__gt=reached - LOOKBACK))
        if not rows:
            continue
        above = units_above(c.unit for c in rows)
        targets = {c.pk: ancestor(c.unit, level, above) for c in rows}
        commanders = commanders_of(u.pk for u in targets.values() if u is not None)
        title = gettext_lazy("Commitment overdue: %(text)s")
        for c in rows:
            unit = targets[c.pk]
            recipients = list(commanders.get(unit.pk if unit else None, []))
            if level == 0:
                recipients.append(c.responsible)
            messages += [
                _message(c, user, kind="commitment.overdue", what=f"overdue{level + 1}", title=title)
                for user in recipients
            ]
    return messages
