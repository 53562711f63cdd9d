"""The dashboard's queries on aspirations use an index at a realistic size: no sequential scan of
the aspirations table for the Polda commander's default view or any filter the page offers.

The table holds 40,000 generated aspirations over three years (``seed_load``'s generator) with
fresh statistics, so the planner chooses as it would on a large table: a month is ~3 % of the
rows. Each query the page ran against ``aspirations_aspiration`` is EXPLAINed."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aspirations.models import Aspiration, Category
from events.models import Operation
from ngopi.accounts.enums import Role
from ngopi.accounts.models import PoliceUnit
from ngopi.dashboard import rollups
from ngopi.seeding.load.activity import seed_dashboard_load
from tests.factories import UserFactory

MID_MONTH = datetime(2025, 3, 15, 12, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TABLE = Aspiration._meta.db_table


@pytest.fixture
def loaded(db):
    with time_machine.travel(MID_MONTH, tick=False):
        seed_dashboard_load(aspirations=40_000, sessions=2_000, stream=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
        rollups.refresh_rollups()
        yield


def plans(client, params) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/dasbor/", params).status_code == 200
    found = []
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            sql = query["sql"]
            if f'"{TABLE}"' not in sql or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN {sql}")
            found.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return found


def test_dashboard_reads_aspirations_through_an_index_in_every_view(client, loaded):
    """One load for every view (40,000 rows take a while): the default view and each filter."""
    polda = PoliceUnit.objects.get(code="load-polda")
    commander = UserFactory(role=Role.COMMANDER, unit=polda)
    client.force_login(commander)
    village = Aspiration.objects.values_list("village_id", flat=True).order_by("village_id").first()
    category = Category.objects.get(code="tawuran").pk
    operation = Operation.objects.filter(unit=polda).order_by("-starts_on").values_list("pk", flat=True)[0]
    views = {
        "default": {},
        "kelurahan": {"area": village},
        "category": {"category": category},
        "operation": {"operation": operation},
        "week": {"period": "week"},
        "last month": {"period": "custom", "date_from": "2025-02-01", "date_to": "2025-02-28"},
        "all filters": {"area": village, "category": category, "operation": operation},
    }
    scans = []
    with time_machine.travel(MID_MONTH, tick=False):
        for view, params in views.items():
            found = plans(client, params)
            assert found, f"{view}: the page read no aspirations"
            scans += [(view, sql[:300], plan) for sql, plan in found if f"Seq Scan on {TABLE}" in plan]
    assert not scans, "\n\n".join(f"{view}: {sql}\n{plan}" for view, sql, plan in scans)
