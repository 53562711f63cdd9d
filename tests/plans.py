"""Query plans at a realistic table size: ``load_aspirations`` fills the aspirations table with a
few hundred thousand rows in one INSERT … SELECT over generate_series (seconds, not the minutes
the ORM would take) spread over 60 kelurahan, then ANALYZEs it; ``seq_scans`` lists the
sequential scans of a table in the plans of the statements a block of code ran.

PostgreSQL only: SQLite has no planner worth asserting on.
"""

import json
import re
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngopi.areas.enums import AreaLevel
from tests.factories import AreaFactory

TABLE = "aspirations_aspiration"
RARE, COMMON, ZERO = "biawak", "jalan", "kapal selam"

INSERT = """
INSERT INTO aspirations_aspiration (
    code, kind, category_id, description, location_detail, urgent, privacy, source, status,
    priority, due_at, resolution, verification, verification_results, referred_to,
    referral_reference, rating_comment, reporter_identity, search_document, created_at,
    updated_at, rw_id, village_id, unit_id, agenda_text, public_summary, outcome_public
)
SELECT
    'QP-' || lpad(i::text, 12, '0'), 'complaint', %(category)s, d, '', i %% 20 = 0, 'anonymous',
    'public_form',
    CASE WHEN i %% 25 = 0 THEN 'new' WHEN i %% 25 = 1 THEN 'in_progress' ELSE 'closed' END,
    'normal', ts + interval '3 days', '', '', '', '', '', '', '', d || E'\\n', ts, ts,
    (%(rws)s::bigint[])[1 + i %% %(n)s], (%(villages)s::bigint[])[1 + i %% %(n)s],
    (%(units)s::bigint[])[1 + i %% %(n)s], '', '', false
FROM (
    SELECT i, %(now)s::timestamptz - i * interval '5 minutes' AS ts,
        CASE
            WHEN i %% 20000 = 7 THEN 'Ada biawak besar di selokan dekat pos ronda'
            WHEN i %% 2 = 0 THEN 'Lampu jalan mati, gang gelap dan rawan begal'
            ELSE 'Pemuda mabuk minuman keras sampai larut malam'
        END AS d
    FROM generate_series(1, %(rows)s) AS i
) AS s
"""


def load_aspirations(*, world, category, now, rows: int = 200_000, villages: int = 60) -> None:
    """``rows`` aspirations (one every five minutes back from ``now``; 8 % open, 5 % urgent;
    half hold "jalan", 1 in 20,000 "biawak") over the world's kelurahan and ``villages`` more
    (under the world's Polsek Beji), so a Bhabinkamtibmas sees a small share of them."""
    targets = [(world.rw18, world.pekayon, world.polsek), (world.rw03, world.margahayu, world.polsek_timur)]
    for n in range(villages):
        village = AreaFactory(
            name=f"Kelurahan Uji {n}",
            level=AreaLevel.VILLAGE,
            parent=world.district,
            polsek=world.polsek_beji,
        )
        rw = AreaFactory(name="RW 01", level=AreaLevel.RW, parent=village)
        targets.append((rw, village, world.polsek_beji))
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT,
            {
                "category": category.pk,
                "rws": [rw.pk for rw, _v, _u in targets],
                "villages": [v.pk for _rw, v, _u in targets],
                "units": [u.pk for _rw, _v, u in targets],
                "n": len(targets),
                "now": now,
                "rows": rows,
            },
        )
        cursor.execute(f"ANALYZE {TABLE}")


def _scans(node: dict, table: str) -> list[str]:
    found = []
    if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") == table:
        found.append(node.get("Filter", "(no filter)"))
    for child in node.get("Plans", []):
        found += _scans(child, table)
    return found


def seq_scans(sql: str, table: str = TABLE) -> list[str]:
    """The sequential scans of ``table`` in the plan of ``sql`` (a captured, complete statement)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return _scans(plan[0]["Plan"], table)


@contextmanager
def statements_on(table: str = TABLE):
    """Yields a list, filled on exit with the SELECTs the block ran that read ``table``."""
    found: list[str] = []
    with CaptureQueriesContext(connection) as ctx:
        yield found
    for query in ctx.captured_queries:
        sql = query["sql"].lstrip()
        if sql.startswith("DECLARE"):  # a server-side cursor (the exports): its SELECT
            sql = re.sub(r"^DECLARE .*? CURSOR (WITH(OUT)? HOLD )?FOR ", "", sql, count=1)
        if sql.upper().startswith("SELECT") and f'"{table}"' in sql:
            found.append(sql)
