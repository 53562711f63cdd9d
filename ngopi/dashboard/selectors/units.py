"""The table of the units one level below: the same grouped rows as the cards, per child unit."""

from dataclasses import dataclass
from datetime import timedelta

from ngopi.accounts.models import PoliceUnit
from ngopi.core.tree import SEGMENT_LENGTH

from .filters import DONE_SESSIONS, DashboardFilters
from .links import Figure, commitment_url, inbox_url, session_url

SMALL_NUMBERS = 10  # fewer aspirations than this in the period: ranked with caution


@dataclass
class Children:
    """The units one level below the filtered unit (or the user's own), and for every unit of the
    subtree the child it lies under: figures are grouped by unit id in the database and added up
    per child here, instead of joining the unit table and cutting its path for every row."""

    units: list[PoliceUnit]
    child_of: dict[int, int]


def child_units(*, user, f: DashboardFilters) -> Children:
    """The units one level below the filtered unit (or the user's own), read with the whole
    subtree in one query."""
    base = f.unit
    visible = PoliceUnit.objects.visible_to(user)
    if base is None and user.unit_id and not user.is_administrator:
        base = visible.filter(pk=user.unit_id).first()
    if base is None:  # an administrator: the top of every tree
        units, length = list(visible.order_by("path")), 1 + SEGMENT_LENGTH + 1
        children = [u for u in units if u.depth == 0]
    else:
        units = list(visible.filter(path__startswith=base.path).order_by("path"))
        length = len(base.path) + SEGMENT_LENGTH + 1
        children = [u for u in units if u.parent_id == base.pk]
    by_path = {u.path: u.pk for u in children}
    child_of = {u.pk: by_path[u.path[:length]] for u in units if u.path[:length] in by_path}
    return Children(units=sorted(children, key=lambda u: u.name), child_of=child_of)


@dataclass
class UnitRow:
    unit: PoliceUnit
    held: Figure | None = None
    posts: int = 0
    covered: int = 0
    received: int = 0
    open: Figure | None = None
    overdue: Figure | None = None
    response: timedelta | None = None
    response_url: str = ""
    kept_on_time: Figure | None = None  # commitments kept on time, of ``commitments_due``
    commitments_due: Figure | None = None

    @property
    def kept_share(self) -> float | None:
        if self.commitments_due is None or not self.commitments_due.value:
            return None
        return self.kept_on_time.value / self.commitments_due.value

    @property
    def coverage(self) -> float | None:
        return self.covered / self.posts if self.posts else None

    @property
    def few(self) -> bool:
        """Too little to rank on: a rate over a handful of items says little."""
        return self.received < SMALL_NUMBERS


def units_table(
    *,
    f: DashboardFilters,
    children: Children,
    open_set: list[dict],
    session_set: list[dict],
    post_set: list[dict],
    times: dict,
    commitment_set: list[dict] = (),
) -> list[UnitRow]:
    """Per unit below: sessions held, coverage, received, open, overdue, median response — read
    from the rows the cards above are summed from (grouped per child unit), plus the medians per
    child unit; no query of its own whatever the number of units."""
    if not children.units:
        return []
    child_of = children.child_of

    def per_child(rows, names, keep=lambda r: True) -> dict:
        totals: dict = {}
        for r in rows:
            if keep(r) and r["unit_id"] in child_of:
                counts = totals.setdefault(child_of[r["unit_id"]], dict.fromkeys(names, 0))
                for name in names:
                    counts[name] += r[name]
        return totals

    held = per_child(session_set, ["n"], lambda r: r["status"] in DONE_SESSIONS)
    post_counts = per_child(post_set, ["n", "covered"])
    open_counts = per_child(open_set, ["n", "overdue"])
    kept = per_child(commitment_set, ["due", "on_time"])
    rows = []
    for unit in children.units:
        pk = unit.pk
        rows.append(
            UnitRow(
                unit=unit,
                held=Figure(held.get(pk, {}).get("n", 0), session_url(f, unit=unit)),
                posts=post_counts.get(pk, {}).get("n", 0),
                covered=post_counts.get(pk, {}).get("covered", 0),
                received=times.get(pk, {}).get("n", 0),
                open=Figure(
                    open_counts.get(pk, {}).get("n", 0), inbox_url(f, dated=False, unit=unit, status="open")
                ),
                overdue=Figure(
                    open_counts.get(pk, {}).get("overdue", 0),
                    inbox_url(f, dated=False, unit=unit, overdue="on"),
                ),
                response=times.get(pk, {}).get("response"),
                response_url=inbox_url(f, unit=unit),
                kept_on_time=Figure(
                    kept.get(pk, {}).get("on_time", 0), commitment_url(f, unit=unit, status="kept_on_time")
                ),
                commitments_due=Figure(
                    kept.get(pk, {}).get("due", 0), commitment_url(f, unit=unit, status="closed_or_due")
                ),
            )
        )
    return rows
