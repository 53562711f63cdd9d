"""Who holds which role, over which unit: the shared predicates each app's ``rules.py`` builds on.

Predicates over a user and a police unit only (no domain app is imported here). Whether a user
"sees" a unit is decided by the one scoping rule (``scoping.jurisdiction_of``), so a permission
and the lists behind it always agree. Anonymous and inactive users hold no role at all.
"""

from .enums import Role
from .scoping import jurisdiction_of


def is_signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_administrator(user) -> bool:
    return is_signed_in(user) and (user.is_superuser or user.role == Role.ADMINISTRATOR)


def is_commander(user) -> bool:
    return is_signed_in(user) and user.role == Role.COMMANDER


def is_bhabinkamtibmas(user) -> bool:
    return is_signed_in(user) and user.role == Role.BHABINKAMTIBMAS and not user.is_superuser


def is_scheduling_staff(user) -> bool:
    """Administrators, commanders and Binmas scheduling staff: those who plan sessions."""
    return is_administrator(user) or (is_signed_in(user) and user.role in (Role.COMMANDER, Role.SCHEDULER))


def sees_unit(user, unit) -> bool:
    """Whether ``unit`` lies in the user's jurisdiction: every unit for an administrator, the
    own unit and everything below it for commanders and staff, the own unit for a
    Bhabinkamtibmas, nothing for anyone else."""
    scope = jurisdiction_of(user)
    if scope.everything:
        return True
    if scope.nothing or unit is None:
        return False
    if scope.village_scoped:
        return unit.pk == scope.unit_id
    return unit.pk in scope.unit_ids


def commands_unit(user, unit) -> bool:
    """A commander (or an administrator) whose jurisdiction holds ``unit``."""
    return (is_administrator(user) or is_commander(user)) and sees_unit(user, unit)


def schedules_for(user, unit) -> bool:
    """Scheduling staff whose jurisdiction holds ``unit``."""
    return is_scheduling_staff(user) and sees_unit(user, unit)


def commands(user, unit) -> bool:
    """A commander of ``unit`` or of a unit above it (administrators are not commanders here:
    ``commands_unit`` lets them in too)."""
    return is_commander(user) and sees_unit(user, unit)


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
