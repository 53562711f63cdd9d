"""Reads of the dialogue loop for the staff pages: commitments and himbauan, scoped."""

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .enums import CommitmentStatus, SessionStatus
from .models import AgendaHimbauan, Commitment, Himbauan

PAGE_SIZE = 50
# The list's status filter: the statuses, and "overdue" (open and past its due date).
OVERDUE = "overdue"
ON_TIME = "kept_on_time"


def commitments(*, user, status: str = "", unit=None, today=None):
    """The commitments the user sees, overdue first, then by due date. ``status``: a
    ``CommitmentStatus``, ``"overdue"``, ``"kept_on_time"``, or ``"closed_or_due"`` (the
    denominator of the dashboard's figure); ``unit``: that unit and the units below it."""
    today = today or timezone.localdate()
    rows = Commitment.objects.visible_to(user).for_list()
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if status == OVERDUE:
        rows = rows.overdue(today)
    elif status == ON_TIME:
        rows = rows.kept_on_time()
    elif status == "closed_or_due":
        rows = rows.filter(~Q(status=CommitmentStatus.OPEN) | Q(due_date__lt=today))
    elif status in CommitmentStatus.values:
        rows = rows.filter(status=status)
    overdue_first = Case(
        When(status=CommitmentStatus.OPEN, due_date__lt=today, then=Value(0)),
        When(status=CommitmentStatus.OPEN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return rows.annotate(rank=overdue_first).order_by("rank", "due_date", "id")


def commitment_page(*, user, status: str = "", unit=None, page=1):
    return Paginator(commitments(user=user, status=status, unit=unit), PAGE_SIZE).get_page(page)


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


def _delivered():
    """A himbauan's agenda rows ticked in a filed report: where it was delivered."""
    return Prefetch(
        "agenda_rows",
        queryset=AgendaHimbauan.objects.filter(discussed=True, session__status=SessionStatus.REPORTED)
        .select_related("session", "session__rw", "session__rw__parent")
        .order_by("-session__starts_at"),
        to_attr="deliveries",
    )


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
        .prefetch_related(_delivered())
        .order_by("-valid_from", "-id")
    )
    return Paginator(rows, PAGE_SIZE).get_page(page)


def himbauan_detail(*, user, pk: int) -> Himbauan:
    queryset = (
        Himbauan.objects.visible_to(user)
        .select_related("area", "area__parent", "unit", "operation", "created_by")
        .prefetch_related(_delivered())
    )
    return get_object_or_404(queryset, pk=pk)
