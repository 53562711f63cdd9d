"""Reads for "Hari ini", the staff landing page (``ngopi/site/today.py``): small, scoped lists
(``visible_to``), each one query, each capped."""

from datetime import datetime

from django.db.models import Count, F, Max, Q, QuerySet

from ..enums import Status
from ..models import Aspiration

TODAY_LIMIT = 10
REPORTER_ENTRY_KINDS = ["reporter_reply", "reporter_info"]


def _today_rows(queryset: QuerySet, limit: int) -> list[Aspiration]:
    return list(queryset.for_list().order_by("-urgent", "due_at", "id")[:limit])


def my_new_and_urgent(*, user, limit: int = TODAY_LIMIT) -> list[Aspiration]:
    """Open aspirations assigned to the user that are urgent or not yet looked at (new)."""
    mine = Aspiration.objects.visible_to(user).open().filter(assignee=user)
    return _today_rows(mine.filter(Q(urgent=True) | Q(status=Status.NEW)), limit)


def my_overdue(*, user, now: datetime, limit: int = TODAY_LIMIT) -> list[Aspiration]:
    """Open aspirations assigned to the user whose answer time has passed."""
    return _today_rows(Aspiration.objects.visible_to(user).overdue(now).filter(assignee=user), limit)


def reporter_answered(*, user, assigned_only: bool = True, limit: int = TODAY_LIMIT) -> list[Aspiration]:
    """Open aspirations where the reporter wrote (a reply or more information) after the last
    entry by an officer: the ball is in the police's court again."""
    queryset = Aspiration.objects.visible_to(user).open()
    if assigned_only:
        queryset = queryset.filter(assignee=user)
    queryset = queryset.annotate(
        reporter_at=Max("timeline__created_at", filter=Q(timeline__kind__in=REPORTER_ENTRY_KINDS)),
        staff_at=Max("timeline__created_at", filter=Q(timeline__actor__isnull=False)),
    ).filter(Q(staff_at__isnull=True) | Q(reporter_at__gt=F("staff_at")), reporter_at__isnull=False)
    return list(queryset.for_list().order_by("-reporter_at", "-id")[:limit])


def unacknowledged_urgent(*, user, limit: int = TODAY_LIMIT) -> list[Aspiration]:
    """Open urgent aspirations in the user's jurisdiction that nobody has acknowledged yet."""
    queryset = Aspiration.objects.visible_to(user).open().urgent().filter(acknowledged_at__isnull=True)
    return _today_rows(queryset, limit)


def overdue_by_unit(*, user, now: datetime, limit: int = 20) -> list[dict]:
    """(unit id, unit name, count) of open overdue aspirations in the user's jurisdiction, the
    worst unit first."""
    return list(
        Aspiration.objects.visible_to(user)
        .overdue(now)
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(count=Count("id"))
        .order_by("-count", "unit__name")[:limit]
    )
