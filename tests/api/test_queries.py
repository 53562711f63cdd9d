"""The API's lists run a fixed number of queries, however many rows they show."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngopi.areas.enums import AreaLevel
from ngopi.notifications.models import Notification
from tests.aspirations.factories import make_aspiration, make_session
from tests.factories import AreaFactory, PostFactory

LISTS = [
    "/api/v1/aspirations/",
    "/api/v1/sessions/",
    "/api/v1/notifications/",
    "/api/v1/areas/",
    "/api/v1/posts/",
]


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_does_not_grow_with_rows(api, world, kapolres, binmas, bhabin, url):
    client = api(kapolres)
    made = []

    def add(n):
        for i in range(n):
            made.append(i)
            k = len(made)
            make_aspiration(rw=world.rw18 if i % 2 else world.rw03)
            make_session(post=world.post_rw19, actor=binmas, lead=bhabin, starts_in=timedelta(days=-k))
            Notification.objects.create(recipient=kapolres, kind="x", key=f"k{k}", title="t")
            PostFactory(rw=world.rw18, name=f"Pos {k}")
            AreaFactory(parent=None, level=AreaLevel.PROVINCE, name=f"Provinsi {k}")

    add(2)
    client.get(url)  # the token's first use of the minute records it (one UPDATE)
    first = count(client, url)
    add(6)
    assert count(client, url) == first
