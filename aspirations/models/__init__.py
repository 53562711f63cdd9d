"""The aspirations app's models: aspirations and their trail (``aspirations``), and their rows on
session agendas (``agenda``); the chat's rows live in ``aspirations/chat/models.py``."""

# The chat's rows (aspirations/chat/): a resident's conversation and the reports it sent.
from ..chat.models import ChatConversation, ChatReport
from .agenda import AgendaAspiration
from .aspirations import (
    Aspiration,
    AspirationPhoto,
    Category,
    IdentityView,
    OutcomeCode,
    TimelineEntry,
    _photo_path,
)

__all__ = [
    "AgendaAspiration",
    "Aspiration",
    "AspirationPhoto",
    "Category",
    "ChatConversation",
    "ChatReport",
    "IdentityView",
    "OutcomeCode",
    "TimelineEntry",
    "_photo_path",
]
