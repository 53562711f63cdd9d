"""Scale data generated inside PostgreSQL: ``INSERT … SELECT … FROM generate_series`` in batches,
with a progress bar on stderr (rows/s and ETA).

Row by row in Python (``activity.py`` on other databases) a million aspirations cost minutes of
the Python process; here PostgreSQL makes every row (random() seeded with ``setseed``, so a load
is reproducible), Python only sends one statement per batch. The aspirations table's secondary
indexes are dropped for the load and built again after it (one sorted build each instead of ten
million insertions into each), inside the same transaction.

Each aspiration gets its follow-up trail in ``TimelineEntry``: "received" for all, a public
follow-up when acknowledged, "resolved" when resolved or closed. Each session in the past that
is reported gets its ``SessionReport``.

The values mirror ``activity._aspiration_rows``/``_session_rows`` (same shares of kinds,
statuses, urgency, operations, ratings). The texts are realistic Indonesian descriptions from
``ngopi.seeding.texts.TextPool``: the pool (descriptions, exact places, search documents and their
vectors, computed once per distinct text) goes into a temporary table, and each generated row
takes one entry of it, so the search benchmarks have rare, common and absent words to look for
and a load stems nothing (the trigger keeps the vectors the rows bring).
"""

import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import DatabaseError, connection, transaction

from aspirations.enums import EntryKind, Status
from aspirations.models import Aspiration, TimelineEntry
from events.enums import SessionStatus
from events.models import Session, SessionReport
from ngopi.seeding.texts import POOL_SIZE, TextPool, keeping_search_vectors

BATCH = 250_000
OPEN = ["new", "triaged", "in_progress", "waiting_reporter"]


class Progress:
    """``label: done/total (pct) rows/s ETA`` on stderr, rewritten in place at most twice a second."""

    def __init__(self, label: str, total: int, stream=None, unit: str = "rows"):
        self.label, self.total, self.done, self.unit = label, total, 0, unit
        self.stream = stream or sys.stderr
        self.started = self.shown = time.monotonic()

    def add(self, rows: int) -> None:
        self.done += rows
        now = time.monotonic()
        if now - self.shown >= 0.5 or self.done >= self.total:
            self.shown = now
            self._show(now)

    def _show(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        self.stream.write(
            f"\r{self.label:<13} [{'#' * filled}{'.' * (width - filled)}] {self.done:,}/{self.total:,} "
            f"{rate:,.1f} {self.unit}/s, {elapsed:,.0f} s, ETA {left:,.0f} s "
        )
        self.stream.flush()

    def finish(self) -> None:
        self._show(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()


TEXTS_TABLE = "ngopi_load_texts"


def load_texts(*, count: int, seed: int = 15) -> int:
    """Fill the temporary table the generated rows take their texts from; its size."""
    pool = TextPool(seed=seed, size=min(POOL_SIZE, max(count, 1)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {TEXTS_TABLE} (n integer PRIMARY KEY, description text, "
            "location_detail text, search_document text, search_vector tsvector) ON COMMIT DROP"
        )
        cursor.execute(f"TRUNCATE {TEXTS_TABLE}")
        with cursor.copy(f"COPY {TEXTS_TABLE} FROM STDIN") as copy:
            for n, entry in enumerate(pool.entries):
                copy.write_row((n, *entry))
    return len(pool.entries)


def description() -> dict[str, str]:
    """SQL expressions of a generated aspiration's texts, from the pool row ``t`` (joined on the
    row number ``i``)."""
    return {
        "description": "t.description",
        "location_detail": "t.location_detail",
        "search_document": "t.search_document",
        "search_vector": "t.search_vector",
    }


def skip_foreign_key_checks() -> bool:
    """For this transaction, when the database role may (a superuser, as on a development
    machine): no per-row foreign-key trigger for the generated rows, whose ids all come from
    existing rows. Checked row by row, ten million aspirations cost more than generating them.
    Elsewhere the checks run as usual (slower). Returns whether they are skipped."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


@contextmanager
def secondary_indexes_dropped(model, stream=None):
    """Drop the table's indexes that back no constraint, and build them again on leaving."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    # No ``finally``: on an error the transaction rolls back, and the indexes with it.
    yield [name for name, _definition in indexes]
    progress = Progress(f"{model._meta.model_name[:10]} ix", len(indexes), stream, unit="indexes")
    with connection.cursor() as cursor:
        # Any deferred foreign-key checks run now: an index cannot be built on a table with
        # pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
            progress.add(1)
    progress.finish()


ASPIRATIONS_SQL = """
WITH base AS (
    SELECT i,
           %(start)s::timestamptz + make_interval(secs => (i + random()) * %(step)s) AS created,
           1 + floor(random() * %(rws)s)::int AS r,
           random() AS k1, random() AS k2, random() AS roll, random() AS q, random() AS u,
           random() AS a, random() AS b, random() AS o, random() AS p, random() AS v,
           random() AS t, random() AS c, random() AS e, random() AS h
    FROM generate_series(%(first)s, %(last)s) AS i
), kinds AS (
    SELECT base.*,
           CASE WHEN k1 < 0.25 THEN 'tip' WHEN k2 < 0.8 THEN 'complaint' ELSE 'suggestion' END AS kind,
           CASE WHEN %(now)s::timestamptz - created > interval '30 days' THEN
                CASE WHEN roll < 0.85 THEN 'closed' WHEN roll < 0.93 THEN 'resolved'
                     WHEN roll < 0.97 THEN 'referred' ELSE (%(open)s::text[])[1 + floor(q * 4)::int] END
           ELSE CASE WHEN roll < 0.35 THEN 'closed' WHEN roll < 0.6 THEN 'resolved'
                     ELSE (%(open)s::text[])[1 + floor(q * 4)::int] END
           END AS status,
           u < 0.05 AS urgent
    FROM base
), times AS (
    SELECT kinds.*,
           CASE WHEN status IN ('resolved', 'closed') THEN
                least(created + make_interval(mins => 60 + floor(b * 14340)::int), %(now)s::timestamptz)
           END AS resolved,
           CASE WHEN status <> 'new' THEN
                least(created + make_interval(mins => 10 + floor(a * 2870)::int), %(now)s::timestamptz)
           END AS ack
    FROM kinds
), rows AS (
    SELECT times.*, CASE WHEN resolved IS NOT NULL THEN least(coalesce(ack, resolved), resolved)
                         ELSE ack END AS acknowledged
    FROM times
)
INSERT INTO aspirations_aspiration (
    code, kind, category_id, description, rw_id, village_id, unit_id, location_detail, urgent,
    search_vector, agenda_text, public_summary, outcome_public,
    acknowledged_at, privacy, reporter_identity, source, operation_id, status, priority, due_at,
    outcome_id, resolution, verification, verification_results, referred_to, referral_reference,
    resolved_at, closed_at, rating, rating_comment, search_document, created_at, updated_at
)
SELECT 'LD-' || lpad(i::text, 12, '0'), kind,
       (%(categories)s::bigint[])[1 + floor(c * %(n_categories)s)::int],
       {description}, (%(rw_ids)s::bigint[])[r], (%(village_ids)s::bigint[])[r],
       (%(unit_ids)s::bigint[])[r], {location_detail}, urgent, {search_vector}, '', '', false,
       acknowledged,
       CASE WHEN p < 0.7 THEN 'anonymous' ELSE 'public' END, '', 'public_form',
       CASE WHEN o < 0.1 THEN (%(operations)s::bigint[])[1 + floor(e * %(n_operations)s)::int] END,
       status, CASE WHEN urgent THEN 'urgent' ELSE 'normal' END,
       created + CASE WHEN urgent THEN interval '2 hours' ELSE interval '3 days' END,
       CASE WHEN resolved IS NOT NULL THEN (%(outcomes)s::bigint[])[1 + floor(h * %(n_outcomes)s)::int] END,
       CASE WHEN resolved IS NOT NULL THEN 'Selesai.' ELSE '' END,
       CASE WHEN resolved IS NOT NULL AND kind = 'tip' THEN
            CASE WHEN v < 0.3 THEN 'proven' WHEN v < 0.8 THEN 'not_proven' ELSE 'undetermined' END
       ELSE '' END,
       '', CASE WHEN status = 'referred' THEN 'Dinas terkait' ELSE '' END, '',
       resolved, CASE WHEN status = 'closed' THEN resolved END,
       CASE WHEN status = 'closed' AND t < 0.3 THEN 1 + floor(t / 0.3 * 5)::int END,
       '', {search_document}, created,
       coalesce(CASE WHEN status = 'closed' THEN resolved END, resolved, acknowledged, created)
FROM rows JOIN {texts} t ON t.n = (i::bigint * 7919) %% %(n_texts)s
"""

TIMELINE_SQL = f"""
INSERT INTO {TimelineEntry._meta.db_table}
    (aspiration_id, kind, actor_id, actor_role, is_public, text, status_after, created_at)
SELECT id, %(kind)s, NULL, '', true, %(text)s, {{status}}, {{at}}
FROM {Aspiration._meta.db_table}
WHERE code >= %(code_from)s AND code <= %(code_to)s AND {{condition}}
"""  # noqa: S608 (table names and enum values only; the values travel as parameters)
TRAIL = [
    (EntryKind.SUBMITTED, "", "'new'", "created_at", "true"),
    (
        EntryKind.FOLLOW_UP,
        "Sudah kami terima dan sedang ditindaklanjuti.",
        f"'{Status.IN_PROGRESS}'",
        "acknowledged_at",
        "acknowledged_at IS NOT NULL",
    ),
    (EntryKind.RESOLVED, "Selesai.", f"'{Status.RESOLVED}'", "resolved_at", "resolved_at IS NOT NULL"),
]

SESSIONS_SQL = f"""
WITH base AS (
    SELECT i, date_trunc('hour', %(start)s::timestamptz + make_interval(secs => (i + random()) * %(step)s))
                  AS starts,
           1 + floor(random() * %(posts)s)::int AS r, random() AS roll, random() AS o, random() AS e
    FROM generate_series(%(first)s, %(last)s) AS i
)
INSERT INTO {Session._meta.db_table} (
    kind_id, title, post_id, rw_id, unit_id, organiser_id, operation_id, starts_at, ends_at, agenda,
    status, status_reason, created_by_id, created_at, updated_at
)
SELECT %(kind_id)s, 'Ngopi Kamtibmas (uji beban)', (%(post_ids)s::bigint[])[r],
       (%(post_rws)s::bigint[])[r], (%(post_units)s::bigint[])[r], %(organiser_id)s,
       CASE WHEN o < 0.2 THEN (%(operations)s::bigint[])[1 + floor(e * %(n_operations)s)::int] END,
       starts, starts + interval '2 hours', '',
       CASE WHEN starts > %(now)s::timestamptz THEN '{SessionStatus.PLANNED}'
            WHEN roll < 0.8 THEN '{SessionStatus.REPORTED}' WHEN roll < 0.85 THEN '{SessionStatus.HELD}'
            WHEN roll < 0.9 THEN '{SessionStatus.PLANNED}' ELSE '{SessionStatus.CANCELLED}' END,
       CASE WHEN starts <= %(now)s::timestamptz AND roll >= 0.9 THEN 'Cuaca buruk' ELSE '' END,
       %(actor_id)s, starts - interval '7 days', starts
FROM base
"""  # noqa: S608

REPORTS_SQL = f"""
INSERT INTO {SessionReport._meta.db_table} (
    session_id, residents_count, leaders_count, agencies_count, summary, issues_raised, filed_by_id,
    filed_at, updated_at
)
SELECT id, 5 + floor(random() * 56)::int, 1 + floor(random() * 6)::int, floor(random() * 4)::int,
       'Laporan uji.', '', %(actor_id)s, ends_at, ends_at
FROM {Session._meta.db_table}
WHERE id > %(after)s AND status = '{SessionStatus.REPORTED}'
"""  # noqa: S608


def load_aspirations(
    *,
    count: int,
    start: datetime,
    now: datetime,
    rws: list[tuple[int, int, int]],
    categories: list[int],
    outcomes: list[int],
    operations: list[int],
    seed: float = 0.6,
    stream=None,
) -> int:
    """``count`` aspirations created evenly from ``start`` to ``now`` over ``rws`` (rw, kelurahan,
    unit), with their follow-up trail. Returns the number of aspirations."""
    step = (now - start).total_seconds() / max(count, 1)
    sql = ASPIRATIONS_SQL.format(texts=TEXTS_TABLE, **description())
    params = {
        "n_texts": load_texts(count=count),
        "start": start,
        "step": step,
        "now": now,
        "rws": len(rws),
        "open": OPEN,
        "rw_ids": [rw for rw, _village, _unit in rws],
        "village_ids": [village for _rw, village, _unit in rws],
        "unit_ids": [unit for _rw, _village, unit in rws],
        "categories": categories,
        "n_categories": len(categories),
        "outcomes": outcomes,
        "n_outcomes": len(outcomes),
        "operations": operations,
        "n_operations": len(operations),
    }
    skip_foreign_key_checks()
    progress = Progress("aspirations", count, stream)
    with (
        keeping_search_vectors(),
        secondary_indexes_dropped(Aspiration, stream),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT setseed(%s)", [seed])
        for first in range(0, count, BATCH):
            last = min(first + BATCH, count) - 1
            cursor.execute(sql, {**params, "first": first, "last": last})
            progress.add(last - first + 1)
        progress.finish()
    load_trail(count, stream)
    return count


def load_trail(count: int, stream=None) -> None:
    """The follow-up trail of the generated aspirations ``LD-…`` (index on the code)."""
    progress = Progress("follow-ups", count, stream)
    with secondary_indexes_dropped(TimelineEntry, stream), connection.cursor() as cursor:
        for first in range(0, count, BATCH):
            last = min(first + BATCH, count) - 1
            bounds = {"code_from": f"LD-{first:012d}", "code_to": f"LD-{last:012d}"}
            for kind, text, status, at, condition in TRAIL:
                cursor.execute(
                    TIMELINE_SQL.format(status=status, at=at, condition=condition),
                    {**bounds, "kind": kind, "text": text},
                )
            progress.add(last - first + 1)
        progress.finish()


def load_sessions(
    *,
    count: int,
    start: datetime,
    now: datetime,
    posts: list[tuple[int, int, int]],
    kind_id: int,
    organiser_id: int,
    operations: list[int],
    actor_id: int,
    stream=None,
) -> int:
    """``count`` sessions from ``start`` to a month after ``now`` at ``posts`` (post, rw, unit),
    and the reports of those reported. Returns the number of sessions."""
    step = ((now - start) + timedelta(days=30)).total_seconds() / max(count, 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {Session._meta.db_table}")  # noqa: S608
        (after,) = cursor.fetchone()
    params = {
        "start": start,
        "step": step,
        "now": now,
        "posts": len(posts),
        "post_ids": [post for post, _rw, _unit in posts],
        "post_rws": [rw for _post, rw, _unit in posts],
        "post_units": [unit for _post, _rw, unit in posts],
        "kind_id": kind_id,
        "organiser_id": organiser_id,
        "operations": operations,
        "n_operations": len(operations),
        "actor_id": actor_id,
    }
    progress = Progress("sessions", count, stream)
    with connection.cursor() as cursor:
        for first in range(0, count, BATCH):
            last = min(first + BATCH, count) - 1
            cursor.execute(SESSIONS_SQL, {**params, "first": first, "last": last})
            progress.add(last - first + 1)
        cursor.execute(REPORTS_SQL, {"actor_id": actor_id, "after": after})
        progress.finish()
    return count
