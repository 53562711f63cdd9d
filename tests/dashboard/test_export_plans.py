"""The export query reads the aspirations of the period from an index, never the whole table,
at a realistic size (200,000 rows, analysed)."""

from datetime import UTC

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from aspirations.models import Category
from tests.plans import load_aspirations, seq_scans, statements_on

NOW = timezone.datetime(2024, 11, 20, 4, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_reads_no_aspiration_sequentially(login, world, dirbinmas, kapolsek, kind):
    load_aspirations(world=world, category=Category.objects.first(), now=NOW)
    failures = []
    for user in (dirbinmas, kapolsek):
        client = login(user)
        with statements_on() as statements:
            response = client.get(f"/dasbor/ekspor.{kind}", {"period": "month"})
            assert response.status_code == 200
            b"".join(response.streaming_content)
        assert any("ORDER BY" in sql for sql in statements), statements
        for sql in statements:
            if scans := seq_scans(sql):
                failures.append((user.username, scans, sql[:300]))
    assert not failures, failures
