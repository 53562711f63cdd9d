"""Helpers shared by the residents' and the staff services: the status flow, locking, timeline rows."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.models import User
from ngopi.areas.models import Area

from ..enums import (
    OPEN_STATUSES,
    Status,
)
from ..models import Aspiration, TimelineEntry
from ..selectors import bhabinkamtibmas_of

MAX_TEXT = 5000


class AspirationError(ValueError):
    """A rule was broken; the message says which, in words a user understands."""


# Which statuses each action may start from (the status flow).
WORKING = [Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING_REPORTER]
ALLOWED_FROM = {
    "triage": [Status.NEW, Status.TRIAGED],
    "assign": OPEN_STATUSES,
    "ask": WORKING,
    "follow_up": WORKING,
    "refer": OPEN_STATUSES,
    "duplicate": OPEN_STATUSES,
    "resolve": WORKING,
    "close": [Status.RESOLVED, Status.REFERRED, Status.DUPLICATE],
    "reopen": [Status.RESOLVED, Status.CLOSED],
}


def allowed_actions(aspiration: Aspiration) -> set[str]:
    """The actions the status flow allows now (``note`` is always allowed)."""
    return {action for action, statuses in ALLOWED_FROM.items() if aspiration.status in statuses} | {"note"}


# --- helpers -------------------------------------------------------------------------------


def _require(aspiration: Aspiration, action: str) -> None:
    if aspiration.status not in ALLOWED_FROM[action]:
        raise AspirationError(
            _("This cannot be done to an aspiration that is %(status)s.")
            % {"status": aspiration.get_status_display().lower()}
        )


def _text(value: str, *, required: bool = False, label: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise AspirationError(_("Please write %(what)s.") % {"what": label or _("a text")})
    if len(value) > MAX_TEXT:
        raise AspirationError(_("Please keep it under %(limit)d characters.") % {"limit": MAX_TEXT})
    return value


def _lock(actor: User, aspiration: Aspiration) -> Aspiration:
    """The row, locked, if the actor may act on it."""
    locked = (
        Aspiration.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("category", "unit")
        .filter(pk=aspiration.pk)
        .first()
    )
    if locked is None:
        raise AspirationError(_("You cannot act on this aspiration."))
    return locked


def _new_entry(
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


def _entry(aspiration: Aspiration, kind: str, **details) -> TimelineEntry:
    """A timeline row for ``aspiration``, saved (``details`` as for ``_new_entry``)."""
    entry = _new_entry(aspiration, kind, **details)
    entry.save(force_insert=True)
    return entry


def _save(aspiration: Aspiration, actor: User | None, *fields: str) -> None:
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
