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

The copy also holds the tree above those RWs (kota → kecamatan → kelurahan → RW) from which the
form's area steps are drawn one level at a time, so a phone never receives every RW of the
jurisdiction. The top of the tree is the highest area above each RW, normally its kota.

The instances are shared by every request of the process: read them, never change them.
"""

import time
from dataclasses import dataclass, field

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
    # Area id (None: the top) → its children leading to those RWs, as (id, label), by name.
    children: dict[int | None, list[tuple[int, str]]] = field(default_factory=dict)
    # Area id → its parent's id in that tree (None at the top).
    parents: dict[int, int | None] = field(default_factory=dict)


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
    rws = {rw.pk: rw for rw in selectors.public_rw_choices().annotate(routed_assignee_id=Subquery(assignee))}
    children, parents = _tree(rws.values())
    return Routing(
        rws=rws,
        categories={category.pk: category for category in Category.objects.active()},
        loaded_at=time.monotonic(),
        children=children,
        parents=parents,
    )


def _tree(rws) -> tuple[dict, dict]:
    """The areas above the RWs up to their kota, as children lists and parent links."""
    children: dict[int | None, dict[int, str]] = {}
    parents: dict[int, int | None] = {}
    for rw in rws:  # ordered by kota, kecamatan, kelurahan and RW name
        chain = [rw, rw.parent]  # RW, kelurahan, then kecamatan and kota where present
        while len(chain) < 4 and chain[-1].parent_id is not None:
            chain.append(chain[-1].parent)
        above = None
        for area in reversed(chain):
            label = rw_label(area) if area is rw else area.name
            children.setdefault(above, {}).setdefault(area.pk, label)
            parents[area.pk] = above
            above = area.pk
    return {key: list(items.items()) for key, items in children.items()}, parents


def rw_label(rw) -> str:
    """How a RW is shown to residents: "RW, kelurahan, kecamatan"."""
    village = rw.parent
    district = village.parent if village else None
    return ", ".join(p.name for p in (rw, village, district) if p is not None)


def forget(**_signal_kwargs) -> None:
    """Drop this process's copy (a signal receiver; also used by tests)."""
    global _current
    _current = None


def rw(pk) -> object | None:
    """A RW a resident may choose, by id (as typed in a form), or None."""
    return current().rws.get(selectors.int_or_none(pk))


def children(pk) -> list[tuple[int, str]] | None:
    """The next step below an area (None or "": the top), or None if it is not in the tree."""
    table = current()
    if pk in (None, ""):
        return table.children.get(None, [])
    key = selectors.int_or_none(pk)
    if key not in table.parents:
        return None
    return table.children.get(key, [])


def chain(pk) -> list[int]:
    """Ids from the top of the tree down to this area; empty if it is not in the tree."""
    parents = current().parents
    key = selectors.int_or_none(pk)
    ids = []
    while key is not None and key in parents:
        ids.append(key)
        key = parents[key]
    return ids[::-1]


def category(pk) -> Category | None:
    """An active category, by id (as typed in a form), or None."""
    return current().categories.get(selectors.int_or_none(pk))
