"""What the public form needs on every request, held in memory: the RWs a resident may choose
(each with its kelurahan and the Bhabinkamtibmas a new aspiration there is assigned to) and the
active categories.

Both change only when an administrator edits areas, categories or officers, and both are read
on every submission; looking them up each time cost more than the rest of the submission. Each
process keeps one copy for ``ASPIRATION_ROUTING_CACHE_SECONDS`` (default 60). A save or delete of
an area, a category or a user, or a change to a kelurahan's officers, drops the copy of the
process that made it at once (signals, connected in ``apps.py``); other processes (the other
gunicorn workers) see the change when their copy expires, at most that many seconds later.
Bulk writes that bypass signals (``import_areas``, ``QuerySet.update``) wait for the expiry too.

The instances are shared by every request of the process: read them, never change them.
"""

import time
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from . import conf, selectors
from .models import Category


@dataclass(frozen=True)
class Routing:
    # RW id → RW (``parent``: its kelurahan; ``routed_assignee_id``), in the menu's order.
    rws: dict[int, object]
    # Category id → active category, in the menu's order.
    categories: dict[int, Category]
    loaded_at: float


_current: Routing | None = None


def current() -> Routing:
    """This process's copy, loaded (two queries) when missing or expired."""
    global _current
    routing = _current
    if routing is None or time.monotonic() - routing.loaded_at >= conf.get(
        "ASPIRATION_ROUTING_CACHE_SECONDS"
    ):
        routing = _current = load()
    return routing


def load() -> Routing:
    assignee = selectors.bhabinkamtibmas_of(OuterRef("parent_id")).values("pk")[:1]
    rws = selectors.public_rw_choices().annotate(routed_assignee_id=Subquery(assignee))
    return Routing(
        rws={rw.pk: rw for rw in rws},
        categories={category.pk: category for category in Category.objects.active()},
        loaded_at=time.monotonic(),
    )


def forget(**_signal_kwargs) -> None:
    """Drop this process's copy (a signal receiver; also used by tests)."""
    global _current
    _current = None


def rw(pk) -> object | None:
    """A RW a resident may choose, by id (as typed in a form), or None."""
    return current().rws.get(selectors._int(pk))


def category(pk) -> Category | None:
    """An active category, by id (as typed in a form), or None."""
    return current().categories.get(selectors._int(pk))
