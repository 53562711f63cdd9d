"""The "Hari ini" (today) page: what each signed-in person should do today, read through the
domain apps' selectors.

Which sections a user gets is asked of the shared permission predicates (never a role
comparison): commanders and administrators get the command view, Binmas scheduling staff the
planning view, every other officer (a Bhabinkamtibmas) his own work. Each section is a fixed
number of queries, whatever the amount of data (tests/site/test_today.py counts them).
"""

import os
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from aspirations import selectors as aspiration_selectors
from events import selectors as event_selectors
from ngopi.accounts import permissions
from ngopi.dashboard.selectors import DashboardFilters, early_warnings

DEFAULT_GAP_WEEKS = 8
COMING_DAYS = 7


def gap_weeks() -> int:
    """``NGOPI_GAP_WEEKS``: a post with no session held for this many weeks is a gap (Binmas)."""
    value = getattr(settings, "NGOPI_GAP_WEEKS", None)
    if value is None:
        value = os.environ.get("NGOPI_GAP_WEEKS") or DEFAULT_GAP_WEEKS
    return int(value)


def officer_sections(*, user, now: datetime) -> dict:
    today = timezone.localdate(now)
    return {
        "new_and_urgent": aspiration_selectors.my_new_and_urgent(user=user),
        "overdue": aspiration_selectors.my_overdue(user=user, now=now),
        "answered": aspiration_selectors.reporter_answered(user=user),
        "sessions_today": event_selectors.sessions_on(user=user, day=today, mine=True),
        "reports_due": event_selectors.reports_due(user=user, now=now, mine=True),
    }


def planning_sections(*, user, now: datetime) -> dict:
    weeks = gap_weeks()
    return {
        "coming_days": COMING_DAYS,
        "coming": event_selectors.coming_sessions(user=user, now=now, days=COMING_DAYS),
        "gap_weeks": weeks,
        "gaps": event_selectors.post_gaps(user=user, now=now, weeks=weeks),
        "reports_missing": event_selectors.reports_due(user=user, now=now),
    }


def command_sections(*, user, now: datetime) -> dict:
    today = timezone.localdate(now)
    return {
        "unacknowledged": aspiration_selectors.unacknowledged_urgent(user=user),
        "overdue_by_unit": aspiration_selectors.overdue_by_unit(user=user, now=now),
        "warnings": early_warnings(
            user=user, f=DashboardFilters(date_from=today, date_to=today), today=today
        ),
        "sessions_today": event_selectors.sessions_on(user=user, day=today),
    }


def today_page(*, user, now: datetime | None = None) -> dict:
    """The page's context: ``command``, ``planning`` or ``officer`` (one of them), and whether to
    offer the admin site."""
    now = now or timezone.now()
    page = {"now": now, "today": timezone.localdate(now), "command": None, "planning": None, "officer": None}
    if permissions.is_administrator(user) or permissions.is_commander(user):
        page["command"] = command_sections(user=user, now=now)
    elif permissions.is_scheduling_staff(user):
        page["planning"] = planning_sections(user=user, now=now)
    else:
        page["officer"] = officer_sections(user=user, now=now)
    page["offers_admin"] = permissions.is_administrator(user) and user.is_staff
    return page
