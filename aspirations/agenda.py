"""The aspirations of an RW on its sessions' agendas (a source of ``events.agenda``, registered in
``AspirationsConfig.ready``): those still open, and those resolved since the last session there
(or in the last ``FIRST_SESSION_LOOKBACK`` days at an RW's first session).

What the agenda shows is safe to read out at the post: the tracking code, the category and a short
text — never who reported it; for a tip only ``agenda_text``, what the officer marked as safe to
discuss in public.
"""

from datetime import timedelta

from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.agenda import AgendaItem, register_agenda_source, short
from events.enums import SessionStatus
from events.models import Session

from .enums import OPEN_STATUSES, Kind, Status
from .models import AgendaAspiration, Aspiration

FIRST_SESSION_LOOKBACK = timedelta(days=30)
BATCH_SIZE = 2000
ANSWERED = [Status.RESOLVED, Status.CLOSED]


def _last_sessions(rw_ids, before) -> dict[int, object]:
    """The start of the last session held at each RW before ``before``."""
    rows = (
        Session.objects.filter(
            rw_id__in=rw_ids, status__in=[SessionStatus.HELD, SessionStatus.REPORTED], starts_at__lt=before
        )
        .values("rw_id")
        .annotate(last=Max("starts_at"))
    )
    return {row["rw_id"]: row["last"] for row in rows}


def prepare(sessions) -> None:
    rw_ids = {s.rw_id for s in sessions}
    first_start = min(s.starts_at for s in sessions)
    last = _last_sessions(rw_ids, first_start)
    since = {rw: last.get(rw, first_start - FIRST_SESSION_LOOKBACK) for rw in rw_ids}
    earliest = min(since.values())
    candidates = Aspiration.objects.filter(rw_id__in=rw_ids).filter(
        Q(status__in=OPEN_STATUSES) | Q(status__in=ANSWERED, resolved_at__gte=earliest)
    )
    by_rw: dict[int, list] = {}
    for pk, rw_id, status, resolved_at, session_id in candidates.values_list(
        "pk", "rw_id", "status", "resolved_at", "session_id"
    ):
        if status in ANSWERED and resolved_at < since[rw_id]:
            continue
        by_rw.setdefault(rw_id, []).append((pk, session_id))
    rows = [
        AgendaAspiration(session_id=session.pk, aspiration_id=pk)
        for session in sessions
        for pk, raised_at in by_rw.get(session.rw_id, ())
        if raised_at != session.pk  # raised at this very session: recorded, not carried over
    ]
    AgendaAspiration.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH_SIZE)


def public_text(aspiration) -> str:
    """What may be read out about the aspiration at the post."""
    if aspiration.kind == Kind.TIP:
        return aspiration.agenda_text or _("Information (not discussed openly)")
    return short(aspiration.description)


def items(session) -> list[AgendaItem]:
    rows = (
        AgendaAspiration.objects.filter(session=session)
        .select_related("aspiration", "aspiration__category")
        .only(
            "discussed",
            "answer",
            "session_id",
            "aspiration__code",
            "aspiration__kind",
            "aspiration__status",
            "aspiration__description",
            "aspiration__agenda_text",
            "aspiration__category__name",
        )
    )
    return [
        AgendaItem(
            row_id=row.pk,
            code=row.aspiration.code,
            category=f"{row.aspiration.get_kind_display()} · {row.aspiration.category.name}",
            text=public_text(row.aspiration),
            status=row.aspiration.get_status_display(),
            discussed=row.discussed,
            note=row.answer,
            url=row.aspiration.get_absolute_url(),
        )
        for row in rows
    ]


def record(session, answers) -> int:
    rows = list(AgendaAspiration.objects.filter(session=session, pk__in=list(answers)))
    changed = []
    for row in rows:
        discussed, answer = answers[row.pk]
        if (row.discussed, row.answer) != (discussed, answer):
            row.discussed, row.answer = discussed, answer
            changed.append(row)
    AgendaAspiration.objects.bulk_update(changed, ["discussed", "answer"])
    return len(changed)


def link(commitment, row_ids) -> None:
    """The commitment answers the aspirations of these agenda rows (of its own session)."""
    ids = AgendaAspiration.objects.filter(session_id=commitment.session_id, pk__in=list(row_ids)).values_list(
        "aspiration_id", flat=True
    )
    commitment.aspirations.add(*ids)


def register() -> None:
    register_agenda_source(
        "aspirations",
        gettext_lazy("What residents of this RW raised"),
        items=items,
        prepare=prepare,
        record=record,
        link=link,
        order=10,
    )
