"""Helpers shared by the residents' and the staff services: locking, checked text, timeline rows.

The status flow is ``workflow.py``; who may act, ``rules.py``."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.models import User
from ngopi.areas.models import Area

from .. import workflow
from ..enums import Source
from ..errors import AspirationError
from ..models import Aspiration, TimelineEntry
from ..selectors import bhabinkamtibmas_of

MAX_TEXT = 5000


def checked_text(value: str, *, required: bool = False, label: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise AspirationError(_("Please write %(what)s.") % {"what": label or _("a text")})
    if len(value) > MAX_TEXT:
        raise AspirationError(_("Please keep it under %(limit)d characters.") % {"limit": MAX_TEXT})
    return value


def lock_for(actor: User, aspiration: Aspiration, action: str) -> Aspiration:
    """The row, locked through the scoping rule, if the actor may take ``action`` on it now."""
    locked = (
        Aspiration.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("category", "unit")
        .filter(pk=aspiration.pk)
        .first()
    )
    if locked is None:
        raise AspirationError(_("You cannot act on this aspiration."))
    workflow.require(locked, actor, action)
    return locked


def new_entry(
    aspiration: Aspiration,
    kind: str,
    *,
    actor: User | None,
    text: str = "",
    public: bool = False,
    now: datetime | None = None,
) -> TimelineEntry:
    """A timeline row for ``aspiration``, not yet saved."""
    return TimelineEntry(
        aspiration=aspiration,
        kind=kind,
        actor=actor,
        actor_role=actor.role if actor is not None else "",
        is_public=public,
        text=text,
        status_after=aspiration.status,
        created_at=now or timezone.now(),
    )


def add_entry(aspiration: Aspiration, kind: str, **details) -> TimelineEntry:
    """A timeline row for ``aspiration``, saved (``details`` as for ``new_entry``)."""
    entry = new_entry(aspiration, kind, **details)
    entry.save(force_insert=True)
    if entry.is_public and entry.actor_id is not None and aspiration.source == Source.CHAT:
        from ..chat.updates import relay  # the chat package uses these services

        relay(aspiration, entry)  # the reporter asked for updates in the chat
    return entry


def save_changes(aspiration: Aspiration, actor: User | None, *fields: str) -> None:
    now = timezone.now()
    aspiration.updated_at = now
    extra = ["updated_at"]
    if actor is not None and aspiration.acknowledged_at is None:
        aspiration.acknowledged_at = now
        extra.append("acknowledged_at")
    aspiration.save(update_fields=[*fields, *extra])


def routed_assignee_id(rw: Area) -> int | None:
    """Who a new aspiration in this RW is assigned to: the first active Bhabinkamtibmas of its
    kelurahan. The public form's RWs carry it already (``routing.py``)."""
    if hasattr(rw, "routed_assignee_id"):
        return rw.routed_assignee_id
    return bhabinkamtibmas_of(rw.parent_id).values_list("pk", flat=True).first()
