"""Reads of people and units that several apps share: who commands a unit, which units stand
above one. Escalations, report reminders and the daily digest all ask here, so "the commanders
of this unit" means the same everywhere (active users with the commander role, posted to it).
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from .enums import Role
from .models import PoliceUnit, User


def commanders() -> QuerySet:
    """Every active commander posted to a unit: those who receive escalations and digests."""
    return User.objects.with_role(Role.COMMANDER).filter(is_active=True, unit__isnull=False)


def commanders_of(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active commanders of each unit, by unit id (one query; a unit with none is absent)."""
    result: dict[int, list[User]] = {}
    for user in commanders().filter(unit_id__in=set(unit_ids)):
        result.setdefault(user.unit_id, []).append(user)
    return result


def units_above(units: Iterable[PoliceUnit | None]) -> dict[str, PoliceUnit]:
    """Every unit above any of ``units``, by path (one query, none when there is nothing above):
    the table ``ancestor`` looks units up in."""
    paths: set[str] = set()
    for unit in units:
        if unit is not None:
            paths.update(unit.ancestor_paths())
    if not paths:
        return {}
    return {unit.path: unit for unit in PoliceUnit.objects.filter(path__in=paths)}


def ancestor(unit: PoliceUnit | None, levels: int, units_by_path: dict[str, PoliceUnit]) -> PoliceUnit | None:
    """The unit ``levels`` steps above ``unit`` (0: the unit itself; a Polsek's 1 is its Polres,
    2 its Polda), looked up in ``units_by_path`` (from ``units_above``); None above the top."""
    if unit is None:
        return None
    if not levels:
        return unit
    paths = unit.ancestor_paths()
    if levels > len(paths):
        return None
    return units_by_path.get(paths[-levels])
