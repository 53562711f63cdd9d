"""Thin views: fetch through one permission-checked getter, validate a form, call one service.
What may be offered comes from ``workflow.py`` and ``rules.py``."""

from .public import (
    area_steps,
    lookup,
    receipt,
    receipt_download,
    submit,
    track,
    track_photo,
    track_rate,
    track_reply,
)
from .staff import act, capture, detail, identity, inbox, photo

__all__ = [
    "act",
    "area_steps",
    "capture",
    "detail",
    "identity",
    "inbox",
    "lookup",
    "photo",
    "receipt",
    "receipt_download",
    "submit",
    "track",
    "track_photo",
    "track_rate",
    "track_reply",
]
