import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ngopi.core.tree import TreeNode, TreeQuerySet

from .enums import AreaLevel, PostKind


class AreaQuerySet(TreeQuerySet):
    def villages(self):
        return self.filter(level=AreaLevel.VILLAGE)

    def rws(self):
        return self.filter(level=AreaLevel.RW)

    def visible_to(self, user):
        """Kelurahan in the user's jurisdiction and the RWs and RTs inside them.

        The coverage mapping lives on the kelurahan; RW and RT reach it through their
        parents (the level structure is fixed: RW under kelurahan, RT under RW).
        """
        from ngopi.accounts.scoping import jurisdiction_of

        scope = jurisdiction_of(user)
        if scope.everything:
            return self.all()
        village, rw, rt = (scope.q(village=v) for v in ("", "parent", "parent__parent"))
        if village is None:
            return self.none()
        return self.filter(
            (Q(level=AreaLevel.VILLAGE) & village)
            | (Q(level=AreaLevel.RW) & rw)
            | (Q(level=AreaLevel.RT) & rt)
        )


class Area(TreeNode):
    """An administrative area: province → city/regency → kecamatan → kelurahan/desa → RW → RT."""

    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    code = models.CharField(
        _("official code"),
        max_length=30,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Kemendagri code where known, e.g. 32.75 for Kota Bekasi."),
    )
    polsek = models.ForeignKey(
        "accounts.PoliceUnit",
        verbose_name=_("covering Polsek"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="covered_villages",
        help_text=_("For a kelurahan/desa: the Polsek responsible for it."),
    )
    bhabinkamtibmas = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Bhabinkamtibmas"),
        blank=True,
        related_name="covered_villages",
        help_text=_("For a kelurahan/desa: the village officers who cover it."),
    )

    objects = AreaQuerySet.as_manager()

    class Meta(TreeNode.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            *TreeNode.Meta.constraints,
            models.CheckConstraint(
                condition=Q(polsek__isnull=True) | Q(level=AreaLevel.VILLAGE),
                name="area_only_village_has_polsek",
                violation_error_message=_("Only a kelurahan/desa is covered by a Polsek."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, level=AreaLevel.PROVINCE)
                | Q(parent__isnull=False) & ~Q(level=AreaLevel.PROVINCE),
                name="area_only_province_is_root",
                violation_error_message=_(
                    "Only a province stands at the top; every other area needs a parent."
                ),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="area_unique_name_in_parent",
                violation_error_message=_("This parent area already has an area with this name."),
            ),
        ]
        indexes = [
            *TreeNode.Meta.indexes,
            models.Index(fields=["level", "name"], name="area_level_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def label(self) -> str:
        """Name with its parent, e.g. "RW 18, Pekayon Jaya"."""
        if self.level in (AreaLevel.RW, AreaLevel.RT) and self.parent_id:
            return f"{self.name}, {self.parent.name}"
        return self.name

    def label_with_level(self) -> str:
        """The label after its level, e.g. "Kecamatan Bekasi Selatan"; an area whose name already
        says its level is not prefixed twice: RWs and RTs are named "RW 18", "RT 02", and a
        city's official name carries "Kota" or "Kabupaten" ("Kota Bekasi")."""
        level = str(self.get_level_display())
        label = self.label()
        said = (*level.split("/"), *NAMED_LEVELS.get(self.level, ()))
        if any(label.casefold().startswith(word.casefold() + " ") for word in said):
            return label
        return f"{level} {label}"


# Words an area's official (Indonesian) name starts with when it says its own level, whatever the
# page's language: "Kota Bekasi", "Kabupaten Bogor", "Desa Sukamaju".
NAMED_LEVELS = {
    AreaLevel.PROVINCE: ("Provinsi",),
    AreaLevel.CITY: ("Kota", "Kabupaten", "Kab."),
    AreaLevel.DISTRICT: ("Kecamatan",),
    AreaLevel.VILLAGE: ("Kelurahan", "Desa"),
}


def natural_key(name: str) -> tuple:
    """Sort key that puts numbers in their order: "RW 2" before "RW 10", "RW 17" before "RW 18"."""
    # Splitting on a captured group alternates text and number: each position holds one type.
    return tuple(
        int(part) if index % 2 else part.casefold() for index, part in enumerate(re.split(r"(\d+)", name))
    )


def in_tree_order(areas) -> list:
    """The areas, each after its ancestors and siblings in the natural order of their names.

    An ancestor outside ``areas`` (the province above a list of cities) sorts by its path segment.
    """
    areas = list(areas)
    names = {area.path: area.name for area in areas}

    def key(area):
        parts = area.path.strip("/").split("/")
        prefixes = ("/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
        return tuple(natural_key(names.get(prefix, prefix)) for prefix in prefixes)

    return sorted(areas, key=key)


class PostQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        from ngopi.accounts.scoping import jurisdiction_of

        return jurisdiction_of(user).filter(self, village="rw__parent")


class Post(models.Model):
    """A venue in an RW where sessions are held: Pos Kamling, RW secretariat, posyandu…"""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices, default=PostKind.POS_KAMLING)
    rw = models.ForeignKey(
        Area,
        verbose_name=_("RW"),
        on_delete=models.PROTECT,
        related_name="posts",
        limit_choices_to={"level": AreaLevel.RW},
    )
    address = models.TextField(_("address"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="post_coordinates_valid_pair",
                violation_error_message=_(
                    "Give latitude and longitude together: latitude between -90 and 90, longitude "
                    "between -180 and 180."
                ),
            ),
            models.UniqueConstraint(
                fields=["rw", "name"],
                name="post_unique_name_in_rw",
                violation_error_message=_("This RW already has a post with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
