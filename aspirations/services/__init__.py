"""Every write on aspirations. One timeline row per action; the status flow (``workflow.py``) and
who may act (``rules.py``) are enforced here.

Views fetch the aspiration through ``selectors.visible_aspiration`` first; the staff services
check again (they lock the row through ``visible_to(actor)``), so a service called from
elsewhere cannot act outside the actor's jurisdiction either.
"""

from ..errors import AspirationError
from .common import MAX_TEXT, routed_assignee_id
from .residents import (
    CapturedEntry,
    announce_new_aspirations,
    rate_aspiration,
    record_session_aspirations,
    reply_as_reporter,
    submit_aspiration,
)
from .staff import (
    acknowledge_alert,
    add_follow_up,
    add_note,
    ask_reporter,
    assign_aspiration,
    assignable_officers,
    close_aspiration,
    mark_duplicate,
    record_identity_view,
    record_identity_views,
    refer_aspiration,
    reopen_aspiration,
    resolve_aspiration,
    triage_aspiration,
)

__all__ = [
    "MAX_TEXT",
    "AspirationError",
    "CapturedEntry",
    "acknowledge_alert",
    "add_follow_up",
    "add_note",
    "announce_new_aspirations",
    "ask_reporter",
    "assign_aspiration",
    "assignable_officers",
    "close_aspiration",
    "mark_duplicate",
    "rate_aspiration",
    "record_identity_view",
    "record_identity_views",
    "record_session_aspirations",
    "refer_aspiration",
    "reopen_aspiration",
    "reply_as_reporter",
    "resolve_aspiration",
    "routed_assignee_id",
    "submit_aspiration",
    "triage_aspiration",
]
