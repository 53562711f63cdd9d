"""Keyset pages walk a list exactly once, whichever way its keys run (the row comparison when
they all run one way, the OR form when they are mixed)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ngopi.core.pagination import keyset_page
from ngopi.notifications.models import Notification


@pytest.fixture
def rows(bhabin):
    user = bhabin
    now = timezone.now()
    for i in range(23):
        Notification.objects.create(recipient=user, kind="x", key=f"k{i}", title=f"t{i}", urgent=i % 4 == 0)
    # Ties on the time: the id decides.
    for i, pk in enumerate(Notification.objects.order_by("id").values_list("pk", flat=True)):
        Notification.objects.filter(pk=pk).update(created_at=now - timedelta(minutes=i // 3))
    return Notification.objects.all()


@pytest.mark.parametrize(
    "fields",
    [["-created_at", "-id"], ["-urgent", "-created_at", "-id"], ["-urgent", "created_at", "id"], ["id"]],
)
def test_pages_walk_every_row_once_in_order(rows, fields):
    expected = list(rows.order_by(*fields).values_list("pk", flat=True))
    seen, after = [], None
    while True:
        page = keyset_page(rows, fields=fields, after=after, size=5)
        seen += [row.pk for row in page]
        if page.next_token is None:
            break
        after = page.next_token
    assert seen == expected


def test_a_forged_cursor_starts_at_the_top(rows):
    first = keyset_page(rows, fields=["-created_at", "-id"], after=None, size=5)
    forged = keyset_page(rows, fields=["-created_at", "-id"], after="bm9wZQ", size=5)
    assert [r.pk for r in forged] == [r.pk for r in first]
    odd = keyset_page(rows, fields=["-created_at", "-id"], after="WyJ4IiwgInkiXQ", size=5)  # ["x", "y"]
    assert len(odd) <= 5
