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
