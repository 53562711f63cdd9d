"""Materialised-path trees (police units, administrative areas).

Each node stores ``path``: its ancestors' segments and its own, e.g. ``/k3m9q2xa/p0d7e1c4/``.
"This node and everything below it" is then one indexed prefix match, which every scoped
read in the app relies on. Segments are random, so a path is known before the row is
inserted (bulk imports need no second write) and does not change when a node is renamed.
"""

import secrets

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext_lazy as _

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
SEGMENT_LENGTH = 8


def new_segment() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(SEGMENT_LENGTH))


class TreeQuerySet(models.QuerySet):
    def subtree_of(self, node: "TreeNode"):
        """The node and everything below it."""
        return self.filter(path__startswith=node.path)

    def ancestors_of(self, node: "TreeNode"):
        return self.filter(path__in=node.ancestor_paths())


class TreeNode(models.Model):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="%(class)s_path_prefix", opclasses=["varchar_pattern_ops"])
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(path__startswith="/") & Q(path__endswith="/"),
                name="%(class)s_path_wrapped",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="%(class)s_depth_matches_parent",
            ),
        ]

    def ancestor_paths(self) -> list[str]:
        parts = self.path.strip("/").split("/")
        return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts) - 1)]

    def is_within(self, other: "TreeNode") -> bool:
        return self.path.startswith(other.path)


def place(node: TreeNode, parent: TreeNode | None) -> None:
    """Give an unsaved node its place under ``parent`` (no query)."""
    node.parent = parent
    node.path = (parent.path if parent else "/") + new_segment() + "/"
    node.depth = parent.depth + 1 if parent else 0


def move(node: TreeNode, new_parent: TreeNode | None) -> None:
    """Move a saved node and its whole subtree under ``new_parent`` with one UPDATE."""
    model = type(node)
    old_path, old_depth = node.path, node.depth
    segment = old_path.rstrip("/").rsplit("/", 1)[-1]
    new_path = (new_parent.path if new_parent else "/") + segment + "/"
    new_depth = new_parent.depth + 1 if new_parent else 0
    model.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1, Length(F("path")))),
        depth=F("depth") + (new_depth - old_depth),
    )
    model.objects.filter(pk=node.pk).update(parent=new_parent)
    node.parent, node.path, node.depth = new_parent, new_path, new_depth
