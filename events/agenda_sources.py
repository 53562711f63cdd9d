"""This app's own agenda sources (``events.agenda``): the commitments still open at the RW and
the himbauan in force for it. Registered in ``EventsConfig.ready``.

``prepare`` runs inside the services that create sessions (single or serentak) and reads and
writes in a fixed number of queries whatever the number of sessions.
"""

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngopi.areas.models import Area

from .agenda import AgendaItem, loaded, register_agenda_source, session_ids_sql, short
from .enums import CommitmentStatus
from .models import AgendaCommitment, AgendaHimbauan, Commitment, Himbauan, Session

BATCH_SIZE = 2000


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _insert_select(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _rw_paths(sessions) -> dict[int, str]:
    return dict(Area.objects.filter(pk__in={s.rw_id for s in sessions}).values_list("pk", "path"))


def _ancestor_paths(paths) -> set[str]:
    found = set()
    for path in paths:
        parts = path.strip("/").split("/")
        found.update("/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1))
    return found


# --- himbauan ------------------------------------------------------------------------------------


def prepare_himbauan(sessions) -> None:
    """Each session gets the himbauan in force on its day for its RW or an area above it: on
    PostgreSQL one INSERT ... SELECT (the same rows as the portable code below)."""
    if connection.vendor != "postgresql":
        prepare_himbauan_portable(loaded(sessions))
        return
    ids_sql, ids_params = session_ids_sql(sessions)
    session, area, himbauan = _table(Session), _table(Area), _table(Himbauan)
    _insert_select(
        # Table names from the models, the sessions' ids as a subquery; every value a parameter.
        f"""
        INSERT INTO {_table(AgendaHimbauan)} (session_id, himbauan_id, discussed, note)
        SELECT s.id, h.id, FALSE, ''
        FROM {session} s
        JOIN {area} rw ON rw.id = s.rw_id
        CROSS JOIN LATERAL (SELECT (s.starts_at AT TIME ZONE %s)::date AS day) d
        CROSS JOIN LATERAL (
            -- the RW's path and those above it ("/1/", "/1/2/", ...), each looked up by index
            SELECT left(rw.path, i) AS path FROM generate_series(2, length(rw.path)) AS i
            WHERE substr(rw.path, i, 1) = '/'
        ) up
        JOIN {area} ha ON ha.path = up.path
        JOIN {himbauan} h ON h.area_id = ha.id
            AND h.valid_from <= d.day AND (h.valid_until IS NULL OR h.valid_until >= d.day)
        WHERE s.id IN ({ids_sql})
        ON CONFLICT DO NOTHING
        """,  # noqa: S608
        [timezone.get_current_timezone_name(), *ids_params],
    )


def prepare_himbauan_portable(sessions) -> None:
    paths = _rw_paths(sessions)
    days = [timezone.localdate(s.starts_at) for s in sessions]
    candidates = list(
        Himbauan.objects.filter(area__path__in=_ancestor_paths(paths.values()), valid_from__lte=max(days))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=min(days)))
        .values_list("pk", "area__path", "valid_from", "valid_until")
    )
    if not candidates:
        return
    rows = []
    for session, day in zip(sessions, days, strict=True):
        rw_path = paths[session.rw_id]
        for pk, area_path, valid_from, valid_until in candidates:
            in_force = valid_from <= day and (valid_until is None or valid_until >= day)
            if in_force and rw_path.startswith(area_path):
                rows.append(AgendaHimbauan(session_id=session.pk, himbauan_id=pk))
    AgendaHimbauan.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH_SIZE)


def himbauan_items(session) -> list[AgendaItem]:
    rows = AgendaHimbauan.objects.filter(session=session).select_related("himbauan", "himbauan__area")
    return [
        AgendaItem(
            row_id=row.pk,
            code=row.himbauan.area.name,
            category=_("Himbauan"),
            text=f"{row.himbauan.title} — {short(row.himbauan.body, 200)}",
            discussed=row.discussed,
            note=row.note,
            url="",
        )
        for row in rows
    ]


def _record(model, session, answers) -> int:
    rows = list(model.objects.filter(session=session, pk__in=list(answers)))
    changed = []
    for row in rows:
        discussed, note = answers[row.pk]
        if (row.discussed, row.note) != (discussed, note):
            row.discussed, row.note = discussed, note
            changed.append(row)
    model.objects.bulk_update(changed, ["discussed", "note"])
    return len(changed)


def record_himbauan(session, answers) -> int:
    return _record(AgendaHimbauan, session, answers)


# --- commitments ---------------------------------------------------------------------------------


def prepare_commitments(sessions) -> None:
    """Each session gets the commitments still open at its RW, made at an earlier session: on
    PostgreSQL one INSERT ... SELECT (the same rows as the portable code below)."""
    if connection.vendor != "postgresql":
        prepare_commitments_portable(loaded(sessions))
        return
    ids_sql, ids_params = session_ids_sql(sessions)
    session, commitment = _table(Session), _table(Commitment)
    _insert_select(
        # Table names from the models, the sessions' ids as a subquery; every value a parameter.
        f"""
        INSERT INTO {_table(AgendaCommitment)} (session_id, commitment_id, discussed, note)
        SELECT s.id, c.id, FALSE, ''
        FROM {session} s
        JOIN {commitment} c ON c.rw_id = s.rw_id AND c.status = %s
        JOIN {session} made ON made.id = c.session_id AND made.starts_at < s.starts_at
        WHERE s.id IN ({ids_sql})
        ON CONFLICT DO NOTHING
        """,  # noqa: S608
        [CommitmentStatus.OPEN.value, *ids_params],
    )


def prepare_commitments_portable(sessions) -> None:
    rw_ids = {s.rw_id for s in sessions}
    candidates = list(
        Commitment.objects.open().filter(rw_id__in=rw_ids).values_list("pk", "rw_id", "session__starts_at")
    )
    if not candidates:
        return
    by_rw: dict[int, list] = {}
    for pk, rw_id, made_at in candidates:
        by_rw.setdefault(rw_id, []).append((pk, made_at))
    rows = [
        AgendaCommitment(session_id=session.pk, commitment_id=pk)
        for session in sessions
        for pk, made_at in by_rw.get(session.rw_id, ())
        if made_at < session.starts_at
    ]
    AgendaCommitment.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH_SIZE)


def commitment_items(session) -> list[AgendaItem]:
    rows = AgendaCommitment.objects.filter(session=session).select_related(
        "commitment", "commitment__responsible"
    )
    items = []
    for row in rows:
        commitment = row.commitment
        due = _("due %(date)s") % {"date": commitment.due_date.strftime("%d-%m-%Y")}
        items.append(
            AgendaItem(
                row_id=row.pk,
                code=f"KOM-{commitment.pk}",
                category=f"{commitment.responsible} · {due}",
                text=commitment.text,
                status=commitment.get_status_display(),
                discussed=row.discussed,
                note=row.note,
                url=commitment.get_absolute_url(),
            )
        )
    return items


def record_commitments(session, answers) -> int:
    return _record(AgendaCommitment, session, answers)


def _clear(model, sessions) -> None:
    model.objects.filter(session__in=[s.pk for s in sessions], discussed=False, note="").delete()


def clear_himbauan(sessions) -> None:
    _clear(AgendaHimbauan, sessions)


def clear_commitments(sessions) -> None:
    _clear(AgendaCommitment, sessions)


def register() -> None:
    register_agenda_source(
        "commitments",
        gettext_lazy("Commitments still open at this RW"),
        items=commitment_items,
        prepare=prepare_commitments,
        record=record_commitments,
        clear=clear_commitments,
        order=20,
    )
    register_agenda_source(
        "himbauan",
        gettext_lazy("Himbauan in force"),
        items=himbauan_items,
        prepare=prepare_himbauan,
        record=record_himbauan,
        clear=clear_himbauan,
        order=30,
    )
