"""Writes for administrative areas and posts."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from ngopi.accounts.enums import Role, UnitKind
from ngopi.accounts.models import PoliceUnit, User
from ngopi.core import tree

from .enums import PARENT_LEVEL, AreaLevel
from .models import Area, Post


class AreaError(ValueError):
    pass


def check_area(*, level: str, parent: Area | None, polsek: PoliceUnit | None) -> None:
    """The rules a database constraint cannot see across rows."""
    expected = PARENT_LEVEL.get(level)
    if expected is None and parent is not None:
        raise AreaError(_("A province is a top-level area and has no parent."))
    if expected is not None and (parent is None or parent.level != expected):
        raise AreaError(
            _("A %(level)s must be placed under a %(parent)s.")
            % {"level": AreaLevel(level).label, "parent": AreaLevel(expected).label}
        )
    if polsek is not None:
        if level != AreaLevel.VILLAGE:
            raise AreaError(_("Only a kelurahan/desa is covered by a Polsek."))
        if polsek.kind != UnitKind.POLSEK:
            raise AreaError(_("The covering unit must be a Polsek."))


@transaction.atomic
def create_area(
    *,
    name: str,
    level: str,
    parent: Area | None = None,
    code: str | None = None,
    polsek: PoliceUnit | None = None,
) -> Area:
    check_area(level=level, parent=parent, polsek=polsek)
    area = Area(name=name, level=level, code=code or None, polsek=polsek)
    tree.place(area, parent)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def save_area(*, area: Area) -> Area:
    """Save an area edited in the admin; a new parent moves its subtree."""
    check_area(level=area.level, parent=area.parent, polsek=area.polsek)
    if area.pk is None:
        tree.place(area, area.parent)
        area.save()
        return area
    stored = Area.objects.select_for_update().get(pk=area.pk)
    area.path, area.depth = stored.path, stored.depth
    if stored.parent_id != area.parent_id:
        if area.parent is not None and area.parent.path.startswith(stored.path):
            raise AreaError(_("An area cannot be moved under itself."))
        tree.move(area, area.parent)
    area.save()
    return area


@transaction.atomic
def set_village_coverage(*, village: Area, polsek: PoliceUnit | None, officers: Iterable[User]) -> Area:
    """Which Polsek and which Bhabinkamtibmas cover a kelurahan."""
    officers = list(officers)
    check_area(level=village.level, parent=village.parent, polsek=polsek)
    if officers and village.level != AreaLevel.VILLAGE:
        raise AreaError(_("Only a kelurahan/desa is covered by a Bhabinkamtibmas."))
    for officer in officers:
        if officer.role != Role.BHABINKAMTIBMAS:
            raise AreaError(_("%(name)s is not a Bhabinkamtibmas.") % {"name": officer})
    village.polsek = polsek
    village.save(update_fields=["polsek"])
    village.bhabinkamtibmas.set(officers)
    return village


@transaction.atomic
def create_post(*, name: str, rw: Area, kind: str, address: str = "", latitude=None, longitude=None) -> Post:
    if rw.level != AreaLevel.RW:
        raise AreaError(_("A post must be in an RW."))
    post = Post(name=name, rw=rw, kind=kind, address=address, latitude=latitude, longitude=longitude)
    post.full_clean()
    post.save()
    return post
