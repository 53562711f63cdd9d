"""The dashboard costs the same number of queries with little data and with more."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aspirations import services as aspiration_services
from events import services as event_services
from ngopi.dashboard import rollups
from tests.aspirations.factories import make_aspiration, make_session

from .conftest import NOW


def count_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/dasbor/", params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def more_data(world, bhabin, other_bhabin, administrator, frozen, n):
    for i in range(n):
        frozen.move_to(NOW - timedelta(days=i % 20, hours=i))
        rw = (world.rw18, world.rw19, world.rw03)[i % 3]
        aspiration = make_aspiration(
            rw=rw, kind=("tip", "complaint", "suggestion")[i % 3], urgent=bool(i % 4)
        )
        if i % 2:
            officer = other_bhabin if rw == world.rw03 else bhabin
            aspiration_services.triage_aspiration(
                actor=officer,
                aspiration=aspiration,
                kind=aspiration.kind,
                category=aspiration.category,
                priority=aspiration.priority,
            )
        post = (world.post_rw18, world.post_rw19, world.post_rw03)[i % 3]
        lead = other_bhabin if post == world.post_rw03 else bhabin
        session = make_session(
            post=post, actor=administrator, lead=lead, starts_in=timedelta(days=-1, hours=-i * 3)
        )
        if i % 2:
            event_services.file_report(
                actor=administrator,
                session=session,
                residents_count=i,
                leaders_count=1,
                agencies_count=0,
                summary="Laporan",
            )
    frozen.move_to(NOW + timedelta(hours=1))
    rollups.refresh_rollups()


@pytest.mark.parametrize("persona", ["kapolsek", "kapolres", "dirbinmas", "administrator"])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"period": "week"},
        {"category": "tawuran", "period": "custom", "date_from": "2024-10-01", "date_to": "2024-11-30"},
    ],
)
def test_dashboard_query_count_does_not_grow_with_data(
    request, login, data, world, bhabin, other_bhabin, administrator, frozen, persona, params
):
    client = login(request.getfixturevalue(persona))
    if "category" in params:
        params = {**params, "category": data.tawuran.pk}
    rollups.refresh_rollups()
    few = count_queries(client, params)
    more_data(world, bhabin, other_bhabin, administrator, frozen, 12)
    many = count_queries(client, params)
    assert many == few


def test_dashboard_menus_are_read_without_server_side_cursors(login, dirbinmas):
    """Each filter menu is one plain SELECT: Django's ``iterator()`` would open a server-side
    cursor (three round trips) per menu on every view of the page."""
    client = login(dirbinmas)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/dasbor/")
    assert response.status_code == 200
    assert 'value="' in response.content.decode().split('name="unit"')[1].split("</select>")[0]
    assert [q["sql"][:60] for q in ctx.captured_queries if q["sql"].startswith("DECLARE")] == []
