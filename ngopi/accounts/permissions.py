"""Generic permission predicates over a user and a place in the police or area tree.

Each app's ``rules.py`` builds its own rules ("may this officer triage this aspiration?") from
these and from the ``User`` properties (``is_administrator``, ``is_commander``…). They answer for
one row in memory, and agree with ``visible_to(user)`` (``scoping.py``), which answers for many in
the database.
"""

from .scoping import jurisdiction_of


def is_administrator(user) -> bool:
    """A signed-in administrator or superuser."""
    return bool(getattr(user, "is_authenticated", False) and user.is_administrator)


def commands(user, unit) -> bool:
    """A commander of ``unit`` (a ``PoliceUnit`` with its ``path``) or of a unit above it."""
    if unit is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_commander or user.unit_id is None:
        return False
    return unit.path.startswith(user.unit.path)


def in_jurisdiction(user, *, unit_id: int | None = None, village_id: int | None = None) -> bool:
    """Whether a row whose unit is ``unit_id`` and whose kelurahan is ``village_id`` lies in the
    user's jurisdiction: the one scoping rule (``Jurisdiction.q``) for one row, without a query
    beyond the user's own jurisdiction (computed once per user object)."""
    scope = jurisdiction_of(user)
    if scope.everything:
        return True
    if scope.nothing:
        return False
    if scope.village_scoped:  # a Bhabinkamtibmas: his kelurahan, else his own unit
        if village_id is not None:
            return village_id in scope.village_ids
        return unit_id is not None and unit_id == scope.unit_id
    return unit_id is not None and unit_id in scope.unit_ids
