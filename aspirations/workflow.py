"""What may happen next to an aspiration, and who may do it: the status flow in one place.

``allowed_actions(aspiration, user)`` is what the staff page offers; ``require`` is what every
staff service checks (after locking the row through the scoping rule), so what is offered is
what succeeds. ``reporter_actions`` is the same for the resident on the tracking page. Who may
act at all is ``rules.py``.
"""

from django.utils.translation import gettext as _

from . import rules
from .enums import OPEN_STATUSES, RATEABLE_STATUSES, WORKING, Privacy, Status
from .errors import AspirationError

ALL_STATUSES = list(Status)

# Which statuses each staff action may start from, in the order the staff page lists them.
STAFF_ACTIONS: dict[str, list[Status]] = {
    "triage": [Status.NEW, Status.TRIAGED],
    "assign": OPEN_STATUSES,
    "ask": WORKING,
    "follow_up": WORKING,
    "note": ALL_STATUSES,  # an internal note, in any status
    "refer": OPEN_STATUSES,
    "duplicate": OPEN_STATUSES,
    "resolve": WORKING,  # a tip's verification is given when it is resolved
    "close": [Status.RESOLVED, Status.REFERRED, Status.DUPLICATE],
    "reopen": [Status.RESOLVED, Status.CLOSED],
}
SHOW_IDENTITY = "show_identity"  # open a confidential reporter's identity (logged)

# What the reporter may do on the tracking page.
ANSWER = "answer"  # answer an officer's question
ADD_INFORMATION = "add_information"  # add to an open aspiration
RATE = "rate"  # rate the handling, once


def _may(user, aspiration, action: str) -> bool:
    if action == "assign":
        # Only officers of the responsible Polsek or above may be assigned: none without one.
        return aspiration.unit_id is not None and rules.can_assign(user, aspiration)
    return rules.can_act_on(user, aspiration)


def allowed_actions(aspiration, user) -> set[str]:
    """The actions ``user`` may take on ``aspiration`` now (``STAFF_ACTIONS`` names, and
    ``SHOW_IDENTITY``)."""
    actions = {
        action
        for action, statuses in STAFF_ACTIONS.items()
        if aspiration.status in statuses and _may(user, aspiration, action)
    }
    if aspiration.privacy == Privacy.CONFIDENTIAL and rules.can_see_identity(user, aspiration):
        actions.add(SHOW_IDENTITY)
    return actions


def require(aspiration, user, action: str) -> None:
    """Raise ``AspirationError`` unless ``user`` may take ``action`` on ``aspiration`` now."""
    if action == SHOW_IDENTITY:
        if SHOW_IDENTITY not in allowed_actions(aspiration, user):
            raise AspirationError(_("You cannot act on this aspiration."))
        return
    if not _may(user, aspiration, action):
        raise AspirationError(_("You cannot act on this aspiration."))
    if aspiration.status not in STAFF_ACTIONS[action]:
        raise AspirationError(
            _("This cannot be done to an aspiration that is %(status)s.")
            % {"status": aspiration.get_status_display().lower()}
        )


def reporter_actions(aspiration) -> set[str]:
    """What the reporter may do now on the tracking page."""
    actions = set()
    if aspiration.status == Status.WAITING_REPORTER:
        actions.add(ANSWER)
    elif aspiration.status in OPEN_STATUSES:
        actions.add(ADD_INFORMATION)
    if aspiration.status in RATEABLE_STATUSES and aspiration.rating is None:
        actions.add(RATE)
    return actions
