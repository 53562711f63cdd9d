"""The events app's models: sessions and what surrounds them (``sessions``), and the dialogue
loop — himbauan, commitments and the session's agenda rows (``loop``)."""

from .loop import AgendaCommitment, AgendaHimbauan, Commitment, Himbauan
from .sessions import (
    CalendarFeed,
    Operation,
    Session,
    SessionBatch,
    SessionGuest,
    SessionKind,
    SessionLog,
    SessionOfficer,
    SessionPhoto,
    SessionReport,
    _photo_path,
    new_feed_token,
)

__all__ = [
    "AgendaCommitment",
    "AgendaHimbauan",
    "CalendarFeed",
    "Commitment",
    "Himbauan",
    "Operation",
    "Session",
    "SessionBatch",
    "SessionGuest",
    "SessionKind",
    "SessionLog",
    "SessionOfficer",
    "SessionPhoto",
    "SessionReport",
    "_photo_path",
    "new_feed_token",
]
