"""The aspirations of an RW on its sessions' agendas (a source of ``events.agenda``, registered in
``AspirationsConfig.ready``): those still open, and those resolved since the last session there
(or in the last ``FIRST_SESSION_LOOKBACK`` days at an RW's first session).

What the agenda shows is safe to read out at the post: the tracking code, the category and a short
text — never who reported it; for a tip only ``agenda_text``, what the officer marked as safe to
discuss in public.
"""

from datetime import timedelta

from django.db import connection
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.agenda import AgendaItem, loaded, register_agenda_source, session_ids_sql, short
from events.enums import SessionStatus
from events.models import Session

from .enums import OPEN_STATUSES, Kind, Status
from .models import AgendaAspiration, Aspiration

FIRST_SESSION_LOOKBACK = timedelta(days=30)
ANSWERED = [Status.RESOLVED, Status.CLOSED]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _prepare_sql(sessions_sql: str) -> str:
    """One INSERT … SELECT for any number of sessions: each session's RW's aspirations still open,
    and those answered since the last session held there before it (``FIRST_SESSION_LOOKBACK``
    back at an RW's first), leaving out what was raised at the session itself. Set-based in the
    database: a serentak batch of thousands of posts carries tens of thousands of rows."""
    session, aspiration, agenda = _table(Session), _table(Aspiration), _table(AgendaAspiration)
    # Table names from the models, the sessions' ids as a subquery; every value is a parameter.
    return f"""
        INSERT INTO {agenda} (session_id, aspiration_id, discussed, answer)
        SELECT s.id, a.id, FALSE, ''
        FROM {session} s
        LEFT JOIN LATERAL (
            SELECT max(p.starts_at) AS last FROM {session} p
            WHERE p.rw_id = s.rw_id AND p.status = ANY(%s) AND p.starts_at < s.starts_at
        ) prev ON TRUE
        JOIN {aspiration} a ON a.rw_id = s.rw_id
        WHERE s.id IN ({sessions_sql})
          AND (a.session_id IS NULL OR a.session_id <> s.id)
          AND (
            a.status = ANY(%s)
            OR (a.status = ANY(%s)
                AND a.resolved_at >= COALESCE(prev.last, s.starts_at - %s))
          )
        ON CONFLICT DO NOTHING
    """  # noqa: S608


def prepare(sessions) -> None:
    if connection.vendor != "postgresql":
        prepare_portable(sessions)
        return
    sessions_sql, sessions_params = session_ids_sql(sessions)
    with connection.cursor() as cursor:
        cursor.execute(
            _prepare_sql(sessions_sql),
            [
                [SessionStatus.HELD.value, SessionStatus.REPORTED.value],
                *sessions_params,
                [str(status) for status in OPEN_STATUSES],
                [str(status) for status in ANSWERED],
                FIRST_SESSION_LOOKBACK,
            ],
        )


def prepare_portable(sessions) -> None:
    """The same rows as the PostgreSQL statement, through the ORM, a few queries per session: for
    the embedded SQLite default (``make run``), which has no LATERAL join nor ``= ANY``."""
    held = [SessionStatus.HELD, SessionStatus.REPORTED]
    rows = []
    for session in loaded(sessions):
        last = Session.objects.filter(
            rw_id=session.rw_id, status__in=held, starts_at__lt=session.starts_at
        ).aggregate(last=Max("starts_at"))["last"]
        since = last or session.starts_at - FIRST_SESSION_LOOKBACK
        due = (
            Aspiration.objects.filter(rw_id=session.rw_id)
            .exclude(session_id=session.pk)
            .filter(Q(status__in=OPEN_STATUSES) | Q(status__in=ANSWERED, resolved_at__gte=since))
            .values_list("pk", flat=True)
        )
        rows += [AgendaAspiration(session_id=session.pk, aspiration_id=pk) for pk in due]
    AgendaAspiration.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


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


def clear(sessions) -> None:
    AgendaAspiration.objects.filter(session__in=[s.pk for s in sessions], discussed=False, answer="").delete()


def register() -> None:
    register_agenda_source(
        "aspirations",
        gettext_lazy("What residents of this RW raised"),
        items=items,
        prepare=prepare,
        record=record,
        link=link,
        clear=clear,
        order=10,
    )
