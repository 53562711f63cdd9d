"""Session reminders, found by the notifications sweeper every minute (never as far-future
Celery messages). Keys include the session's current start, so a rescheduled session is
reminded for its new time and never for the old one; a cancelled one matches no rule.

* 24 hours and 2 hours before the start: every assigned officer (only the 2-hour reminder when
  a session is booked less than 2 hours ahead);
* 1 and 3 days after the end without a report: the lead;
* 5 days after the end without a report: the commanders of the responsible Polsek.
"""

from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.selectors import commanders_of
from ngopi.notifications.services import Message

from .enums import OfficerRole, SessionStatus
from .models import Session, SessionOfficer

BEFORE = [
    ("remind_24h", timedelta(hours=24), timedelta(hours=2)),
    ("remind_2h", timedelta(hours=2), timedelta(0)),
]
REPORT_LEAD = [("report_1d", timedelta(days=1)), ("report_3d", timedelta(days=3))]
REPORT_COMMANDER = timedelta(days=5)
LOOKBACK = timedelta(days=30)  # reports missing longer than this are the dashboard's business


def _when(session) -> str:
    start = timezone.localtime(session.starts_at)
    return f"{start:%d-%m-%Y %H:%M} WIB"


def _session_text(session) -> str:
    return _("%(title)s at %(post)s (%(rw)s, %(village)s), %(when)s.") % {
        "title": session.title,
        "post": session.post.name,
        "rw": session.rw.name,
        "village": session.rw.parent.name,
        "when": _when(session),
    }


def _key(session, what: str) -> str:
    return f"session:{session.pk}:{what}:{session.starts_at:%Y%m%dT%H%M}"


def _with_officers(queryset):
    return queryset.select_related("post", "rw", "rw__parent", "unit").prefetch_related(
        Prefetch("assignments", queryset=SessionOfficer.objects.select_related("officer"))
    )


def due_messages(now) -> list[Message]:
    messages: list[Message] = []
    planned = Session.objects.filter(status=SessionStatus.PLANNED)
    for what, before, until in BEFORE:
        due = _with_officers(planned.filter(starts_at__lte=now + before, starts_at__gt=now + until))
        for session in due:
            for assignment in session.assignments.all():
                messages.append(
                    Message(
                        recipient=assignment.officer,
                        kind="session.reminder",
                        key=_key(session, what),
                        url=session.get_absolute_url(),
                        render=_reminder_text(session, what),
                    )
                )
    unreported = Session.objects.filter(
        status__in=[SessionStatus.PLANNED, SessionStatus.HELD], ends_at__gt=now - LOOKBACK
    )
    for what, after in REPORT_LEAD:
        for session in _with_officers(unreported.filter(ends_at__lte=now - after)):
            for assignment in session.assignments.all():
                if assignment.role == OfficerRole.LEAD:
                    messages.append(
                        Message(
                            recipient=assignment.officer,
                            kind="session.report_due",
                            key=_key(session, what),
                            url=session.get_absolute_url(),
                            render=_report_text(session),
                        )
                    )
    overdue = list(_with_officers(unreported.filter(ends_at__lte=now - REPORT_COMMANDER)))
    commanders = commanders_of({s.unit_id for s in overdue})
    for session in overdue:
        for commander in commanders.get(session.unit_id, []):
            messages.append(
                Message(
                    recipient=commander,
                    kind="session.report_missing",
                    key=_key(session, "report_missing"),
                    url=session.get_absolute_url(),
                    render=_missing_text(session),
                )
            )
    return messages


def reminder_title(session, what: str, now) -> str:
    """The reminder's title, worded for the day it is read: a session later the same day is
    "today", never "tomorrow" (the 24-hour reminder of an evening session goes out the evening
    before, but that of a morning session booked late may go out the same morning)."""
    start = timezone.localtime(session.starts_at)
    values = {"title": session.title, "time": f"{start:%H:%M}"}
    if what == "remind_2h":
        return _("Starting at %(time)s WIB: %(title)s") % values
    today = timezone.localtime(now).date()
    if start.date() == today:
        return _("Today at %(time)s WIB: %(title)s") % values
    if start.date() == today + timedelta(days=1):
        return _("Tomorrow: %(title)s") % values
    return _("On %(date)s: %(title)s") % {**values, "date": f"{start:%d-%m-%Y %H:%M} WIB"}


def _reminder_text(session, what):
    def render():
        return reminder_title(session, what, timezone.now()), _session_text(session)

    return render


def _report_text(session):
    def render():
        return (
            _("Report due: %(title)s") % {"title": session.title},
            _("Please file the report of %(session)s") % {"session": _session_text(session)},
        )

    return render


def _missing_text(session):
    def render():
        return (
            _("Report missing: %(title)s") % {"title": session.title},
            _("No report has been filed 5 days after %(session)s") % {"session": _session_text(session)},
        )

    return render


def change_messages(session, *, what: str, officers) -> list[Message]:
    """Tell the assigned officers at once that a session was cancelled, postponed or moved."""

    def render():
        titles = {
            "cancelled": _("Cancelled: %(title)s"),
            "postponed": _("Postponed: %(title)s"),
            "rescheduled": _("New time: %(title)s"),
        }
        body = _session_text(session)
        if session.status_reason:
            body = f"{body}\n{_('Reason')}: {session.status_reason}"
        return titles[what] % {"title": session.title}, body

    stamp = f"{session.updated_at:%Y%m%dT%H%M%S%f}"
    return [
        Message(
            recipient=officer,
            kind="session.changed",
            key=f"session:{session.pk}:{what}:{stamp}",
            url=session.get_absolute_url(),
            render=render,
        )
        for officer in officers
    ]
