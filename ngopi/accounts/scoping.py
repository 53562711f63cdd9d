"""Who may see what: the one scoping rule behind every ``visible_to(user)``.

* administrators (and superusers) see everything;
* commanders and scheduling staff see their unit and everything below it;
* a Bhabinkamtibmas sees the kelurahan he covers (and, for people and units, his own unit);
* anyone else — an officer without a unit, an anonymous visitor — sees nothing.

Models describe where their unit and their kelurahan are (``unit=`` and ``village=`` lookups)
and this module turns the signed-in user into the filter. Lists, detail pages, exports and
dashboards all go through it, so a number and the list behind it always agree.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .enums import Role


@dataclass(frozen=True)
class Jurisdiction:
    everything: bool = False
    unit_id: int | None = None
    unit_path: str | None = None
    village_ids: tuple[int, ...] | None = None  # set for a Bhabinkamtibmas
    # The ids of the unit and everything below it (commanders, staff): filtering on a short id
    # list lets the database use the plain foreign-key indexes and estimate row counts well,
    # where a join to the unit table with a path prefix would not.
    unit_ids: tuple[int, ...] = ()

    @property
    def village_scoped(self) -> bool:
        return self.village_ids is not None

    @property
    def nothing(self) -> bool:
        return not self.everything and self.unit_id is None

    def q(self, *, unit: str | None = None, village: str | None = None) -> Q | None:
        """The condition for a model whose unit is at ``unit`` and kelurahan at ``village``.

        ``""`` names the model itself (for the police-unit and area trees). ``None`` in the
        result means "nothing is visible".
        """
        if self.everything:
            return Q()
        if self.nothing:
            return None

        def lookup(base: str, tail: str) -> str:
            return f"{base}__{tail}" if base else tail

        if self.village_ids is not None:  # a Bhabinkamtibmas
            if village is not None:
                return Q(**{lookup(village, "pk__in"): self.village_ids})
            if unit is not None:
                return Q(**{lookup(unit, "pk"): self.unit_id})
            return None
        if unit is not None:
            return Q(**{lookup(unit, "pk__in"): self.unit_ids})
        if village is not None:
            return Q(**{lookup(village, "polsek__pk__in"): self.unit_ids})
        return None

    def filter(self, queryset: QuerySet, *, unit: str | None = None, village: str | None = None) -> QuerySet:
        condition = self.q(unit=unit, village=village)
        if condition is None:
            return queryset.none()
        return queryset.filter(condition) if condition else queryset


NOBODY = Jurisdiction()


def jurisdiction_of(user) -> Jurisdiction:
    """The user's jurisdiction, computed once per user object (one query for a Bhabinkamtibmas)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_jurisdiction", None)
    if cached is not None:
        return cached
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        result = Jurisdiction(everything=True)
    elif user.unit_id is None:
        result = NOBODY
    elif user.role == Role.BHABINKAMTIBMAS:
        village_ids = tuple(user.covered_villages.values_list("pk", flat=True))
        result = Jurisdiction(unit_id=user.unit_id, unit_path=None, village_ids=village_ids)
    else:
        from .models import PoliceUnit

        unit_path = user.unit.path
        unit_ids = tuple(PoliceUnit.objects.filter(path__startswith=unit_path).values_list("pk", flat=True))
        result = Jurisdiction(unit_id=user.unit_id, unit_path=unit_path, unit_ids=unit_ids)
    user._jurisdiction = result
    return result
