"""Who is told what about a session: the notifications and their words.

The services tell the assigned officers at once when a session is cancelled, postponed or moved
(``change_messages``); the sweeper's rules in ``reminders.py`` decide *when* a reminder is due and
build it here (``reminder_messages``, ``report_due_messages``, ``report_missing_messages``).

Titles and bodies are worded inside ``render``, in the recipient's language, and for the day the
message is read. Keys are idempotency keys stored with each notification: their form must never
change (``session:<id>:<what>:<start>``, the start in UTC, so a rescheduled session is reminded
anew).
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ngopi.accounts.selectors import commanders_of
from ngopi.core.dates import format_datetime_wib
from ngopi.notifications.services import Message

from .enums import OfficerRole


def _session_text(session) -> str:
    return _("%(title)s at %(post)s (%(rw)s, %(village)s), %(when)s.") % {
        "title": session.title,
        "post": session.post.name,
        "rw": session.rw.name,
        "village": session.rw.parent.name,
        "when": format_datetime_wib(session.starts_at),
    }


def _key(session, what: str) -> str:
    return f"session:{session.pk}:{what}:{session.starts_at:%Y%m%dT%H%M}"


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
    return _("On %(date)s: %(title)s") % {**values, "date": format_datetime_wib(start)}


def _to_officers(session, *, kind: str, what: str, render, lead_only: bool = False) -> list[Message]:
    """One message per officer assigned to ``session`` (only the lead with ``lead_only``)."""
    return [
        Message(
            recipient=assignment.officer,
            kind=kind,
            key=_key(session, what),
            url=session.get_absolute_url(),
            render=render,
        )
        for assignment in session.assignments.all()
        if not lead_only or assignment.role == OfficerRole.LEAD
    ]


def reminder_messages(session, *, what: str) -> list[Message]:
    """The session is near (``what``: ``remind_24h`` or ``remind_2h``): every assigned officer."""

    def render():
        return reminder_title(session, what, timezone.now()), _session_text(session)

    return _to_officers(session, kind="session.reminder", what=what, render=render)


def report_due_messages(session, *, what: str) -> list[Message]:
    """The report is not filed yet (``what``: ``report_1d`` or ``report_3d``): the lead."""

    def render():
        return (
            _("Report due: %(title)s") % {"title": session.title},
            _("Please file the report of %(session)s") % {"session": _session_text(session)},
        )

    return _to_officers(session, kind="session.report_due", what=what, render=render, lead_only=True)


def report_missing_messages(sessions) -> list[Message]:
    """Still no report: the commanders of each session's responsible Polsek (one query for all)."""
    sessions = list(sessions)
    commanders = commanders_of({s.unit_id for s in sessions})
    return [
        Message(
            recipient=commander,
            kind="session.report_missing",
            key=_key(session, "report_missing"),
            url=session.get_absolute_url(),
            render=_missing_text(session),
        )
        for session in sessions
        for commander in commanders.get(session.unit_id, [])
    ]


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
            reason = _("Reason")  # outside the f-string, where makemessages finds it
            body = f"{body}\n{reason}: {session.status_reason}"
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


def assignment_messages(session, *, what: str, assignments) -> list[Message]:
    """Tell officers at once that they were put on a session (``what``: ``assigned``), given
    another role on it (``reassigned``) or taken off it (``removed``). ``assignments`` are the
    ``SessionOfficer`` rows concerned (for ``removed``, the rows as they were): the key holds the
    row's id, so the same change is told once and a later change anew."""
    titles = {
        "assigned": _("Assigned: %(title)s"),
        "reassigned": _("Your role changed: %(title)s"),
        "removed": _("No longer assigned: %(title)s"),
    }

    def render_for(assignment):
        def render():
            body = _session_text(session)
            if what != "removed":
                role = _("Your role")  # outside the f-string, where makemessages finds it
                body = f"{body}\n{role}: {OfficerRole(assignment.role).label}"
            return titles[what] % {"title": session.title}, body

        return render

    return [
        Message(
            recipient=assignment.officer,
            kind="session.assigned",
            key=f"session:{session.pk}:{what}:{assignment.pk}",
            url=session.get_absolute_url(),
            render=render_for(assignment),
        )
        for assignment in assignments
    ]


def batch_assignment_messages(batch, posts_by_officer) -> list[Message]:
    """A serentak batch tells each officer once, listing the posts he leads (not one notice per
    session): ``posts_by_officer`` maps an officer to the names of his posts in the batch."""

    def render_for(names):
        def render():
            body = _("You lead %(count)d sessions of %(title)s, %(when)s: %(posts)s.") % {
                "count": len(names),
                "title": batch.title,
                "when": format_datetime_wib(batch.starts_at),
                "posts": _post_list(names),
            }
            return _("Assigned: %(title)s") % {"title": batch.title}, body

        return render

    return [
        Message(
            recipient=officer,
            kind="session.assigned",
            key=f"batch:{batch.pk}:assigned",
            url=batch.get_absolute_url(),
            render=render_for(names),
        )
        for officer, names in posts_by_officer.items()
    ]


def _post_list(names) -> str:
    """The first five post names, and how many more."""
    posts = ", ".join(names[:5])
    if len(names) > 5:
        posts += ", " + _("and %(count)d more") % {"count": len(names) - 5}
    return posts


def batch_change_messages(batch, *, what: str, posts_by_officer, stamp: str) -> list[Message]:
    """A serentak batch postponed or cancelled (``what``) tells each officer once, listing his
    posts whose sessions stop, with the reason (not one notice per session). ``stamp``: the
    moment of the stop, so a later stop of the same batch is told anew."""

    def render_for(names):
        def render():
            titles = {"cancelled": _("Cancelled: %(title)s"), "postponed": _("Postponed: %(title)s")}
            body = ngettext(
                "%(count)d session you lead, %(when)s: %(posts)s.",
                "%(count)d sessions you lead, %(when)s: %(posts)s.",
                len(names),
            ) % {
                "count": len(names),
                "when": format_datetime_wib(batch.starts_at),
                "posts": _post_list(names),
            }
            reason = _("Reason")  # outside the f-string, where makemessages finds it
            return titles[what] % {"title": batch.title}, f"{body}\n{reason}: {batch.status_reason}"

        return render

    return [
        Message(
            recipient=officer,
            kind="session.changed",
            key=f"batch:{batch.pk}:{what}:{stamp}",
            url=batch.get_absolute_url(),
            render=render_for(names),
        )
        for officer, names in posts_by_officer.items()
    ]
