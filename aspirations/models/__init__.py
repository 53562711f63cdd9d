"""The aspirations app's models: aspirations and their trail (``aspirations``), and their rows on
session agendas (``agenda``)."""

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
    "IdentityView",
    "OutcomeCode",
    "TimelineEntry",
    "_photo_path",
]
