"""The 07:00 WIB daily digest to each commander, scoped to his unit; empty digests are not sent."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import SessionStatus
from events.models import Session
from ngopi.accounts.models import PoliceUnit
from ngopi.accounts.selectors import commanders
from ngopi.core.dates import day_end, day_start, format_date
from ngopi.notifications.services import Message

from .models import Aspiration


def digest_messages(now) -> list[Message]:
    today = timezone.localdate(now)
    messages = []
    for commander in commanders().select_related("unit"):
        aspirations = Aspiration.objects.visible_to(commander)
        new = aspirations.filter(created_at__gte=now - timedelta(days=1), created_at__lt=now).count()
        urgent_open = aspirations.open().urgent().count()
        overdue_rows = list(
            aspirations.overdue(now)
            .values("unit__name")
            .annotate(n=Count("id"))
            .order_by("-n", "unit__name")[:10]
        )
        sessions = Session.objects.visible_to(commander)
        today_sessions = sessions.filter(
            starts_at__gte=day_start(today), starts_at__lt=day_end(today), status=SessionStatus.PLANNED
        ).count()
        missing = sessions.filter(
            status__in=[SessionStatus.PLANNED, SessionStatus.HELD], ends_at__lt=now - timedelta(days=1)
        ).count()
        if not (new or urgent_open or overdue_rows or today_sessions or missing):
            continue  # nothing to say: no digest
        messages.append(
            Message(
                recipient=commander,
                kind="digest.daily",
                key=f"digest:{commander.pk}:{today:%Y%m%d}",
                url="/dasbor/",
                render=_render(
                    commander.unit, today, new, urgent_open, overdue_rows, today_sessions, missing
                ),
            )
        )
    return messages


def _render(unit: PoliceUnit, today, new, urgent_open, overdue_rows, today_sessions, missing):
    def render():
        lines = [
            _("New aspirations in the last 24 hours: %(n)d") % {"n": new},
            _("Urgent aspirations still open: %(n)d") % {"n": urgent_open},
            _("Sessions today: %(n)d") % {"n": today_sessions},
            _("Session reports missing: %(n)d") % {"n": missing},
        ]
        if overdue_rows:
            lines.append(_("Overdue aspirations by unit:"))
            lines += [f"  • {row['unit__name'] or '—'}: {row['n']}" for row in overdue_rows]
        title = _("Daily digest %(unit)s, %(day)s") % {"unit": unit.name, "day": format_date(today)}
        return title, "\n".join(lines)

    return render
