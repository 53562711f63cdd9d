"""Reads of the dialogue loop for the staff pages: commitments and himbauan, scoped."""

from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .enums import CommitmentStatus, SessionStatus
from .models import AgendaHimbauan, Commitment, Himbauan, Session

PAGE_SIZE = 50
# The list's status filter: the statuses, and "overdue" (open and past its due date).
OVERDUE = "overdue"
ON_TIME = "kept_on_time"


CLOSED_OR_DUE = "closed_or_due"


def commitment_set(*, user, unit=None, area=None, operation=None, due_from=None, due_to=None):
    """The commitments the user sees, narrowed as the list and the dashboard narrow them:
    ``unit`` and the units below it, ``area`` (a kelurahan or an RW), the operation of the session
    they were made at, and a due-date range."""
    rows = Commitment.objects.visible_to(user)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if area is not None:
        rows = rows.filter(Q(rw=area) | Q(rw__parent=area))
    if operation is not None:
        rows = rows.filter(session__operation=operation)
    if due_from is not None:
        rows = rows.filter(due_date__gte=due_from)
    if due_to is not None:
        rows = rows.filter(due_date__lte=due_to)
    return rows


def closed_or_due(today) -> Q:
    """Commitments that should have been kept by ``today``: closed, or past their due date."""
    return ~Q(status=CommitmentStatus.OPEN) | Q(due_date__lt=today)


def kept_on_time() -> Q:
    return Q(status=CommitmentStatus.KEPT, closed_at__date__lte=F("due_date"))


def commitments(*, user, status: str = "", today=None, **narrowing):
    """The commitments the user sees, overdue first, then by due date. ``status``: a
    ``CommitmentStatus``, ``"overdue"``, ``"kept_on_time"``, or ``"closed_or_due"`` (the
    denominator of the dashboard's figure); ``narrowing``: see ``commitment_set``."""
    today = today or timezone.localdate()
    rows = commitment_set(user=user, **narrowing).for_list()
    if status == OVERDUE:
        rows = rows.overdue(today)
    elif status == ON_TIME:
        rows = rows.filter(kept_on_time())
    elif status == CLOSED_OR_DUE:
        rows = rows.filter(closed_or_due(today))
    elif status in CommitmentStatus.values:
        rows = rows.filter(status=status)
    overdue_first = Case(
        When(status=CommitmentStatus.OPEN, due_date__lt=today, then=Value(0)),
        When(status=CommitmentStatus.OPEN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return rows.annotate(rank=overdue_first).order_by("rank", "due_date", "id")


def commitment_page(*, user, status: str = "", page=1, **narrowing):
    return Paginator(commitments(user=user, status=status, **narrowing), PAGE_SIZE).get_page(page)


def commitment_detail(*, user, pk: int) -> Commitment:
    queryset = (
        Commitment.objects.visible_to(user)
        .for_list()
        .select_related("session__post", "closed_by", "created_by", "unit")
        .prefetch_related("aspirations__category")
    )
    return get_object_or_404(queryset, pk=pk)


def session_commitments(session):
    return list(Commitment.objects.filter(session=session).select_related("responsible").order_by("id"))


LIST_DELIVERIES = 5  # where a himbauan was delivered, shown on the list (the count says the rest)


def _delivered(user, limit=None):
    """A himbauan's agenda rows ticked in a filed report: where it was delivered. A himbauan of a
    Polres or a Polda is delivered at sessions of several Polsek, not all of which the user may
    open: each row carries ``session_visible`` (the sessions' own scoping rule, in the same query)
    so that the page links the staff page of those he sees and the public page of the others.
    ``limit``: the latest so many per himbauan (a window function in the same query), not every
    session a Polda-wide himbauan reached."""
    visible = Session.objects.visible_to(user).filter(pk=OuterRef("session_id"))
    rows = (
        AgendaHimbauan.objects.filter(discussed=True, session__status=SessionStatus.REPORTED)
        .select_related("session", "session__rw", "session__rw__parent")
        .annotate(session_visible=Exists(visible))
        .order_by("-session__starts_at", "-id")
    )
    return Prefetch("agenda_rows", queryset=rows if limit is None else rows[:limit], to_attr="deliveries")


def himbauan_list(*, user, page=1):
    rows = (
        Himbauan.objects.visible_to(user)
        .select_related("area", "area__parent", "unit", "operation")
        .annotate(
            delivered=Count(
                "agenda_rows",
                filter=Q(agenda_rows__discussed=True, agenda_rows__session__status=SessionStatus.REPORTED),
            )
        )
        .prefetch_related(_delivered(user, limit=LIST_DELIVERIES))
        .order_by("-valid_from", "-id")
    )
    return Paginator(rows, PAGE_SIZE).get_page(page)


def himbauan_detail(*, user, pk: int) -> Himbauan:
    queryset = (
        Himbauan.objects.visible_to(user)
        .select_related("area", "area__parent", "unit", "operation", "created_by")
        .prefetch_related(_delivered(user))
    )
    return get_object_or_404(queryset, pk=pk)
