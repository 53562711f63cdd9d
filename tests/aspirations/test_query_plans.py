"""The inbox and its search never read the aspirations table sequentially, at a realistic size
(200,000 rows, analysed): first pages for a Polda commander and a Bhabinkamtibmas, searches for a
rare, a common and an absent word, alone and with filters. Every statement the page runs on the
table is explained."""

from datetime import UTC

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from aspirations.models import Category
from tests.plans import COMMON, RARE, ZERO, load_aspirations, seq_scans, statements_on

NOW = timezone.datetime(2024, 11, 20, 4, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")


@time_machine.travel(NOW, tick=False)
def test_inbox_and_search_read_no_aspiration_sequentially(login, world, dirbinmas, bhabin):
    load_aspirations(world=world, category=Category.objects.first(), now=NOW)
    pages = [{}, {"status": ""}]
    for term in (RARE, COMMON, ZERO):
        pages += [{"q": term}, {"q": term, "status": "open", "kind": "complaint"}]
    failures = []
    for user in (dirbinmas, bhabin):
        client = login(user)
        for params in pages:
            with statements_on() as statements:
                assert client.get("/staf/aspirasi/", params).status_code == 200
            assert statements, params
            for sql in statements:
                if scans := seq_scans(sql):
                    failures.append((user.username, params, scans, sql[:300]))
    assert not failures, failures
