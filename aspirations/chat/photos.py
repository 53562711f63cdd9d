"""Photos sent in the chat: downloaded by the worker, checked and re-encoded by the web form's
pipeline (``ngopi.core.images.clean_photo``: JPEG, no metadata) at once, kept under a random
name until the report is sent (or cancelled, or expired)."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ngopi.core.images import MAX_UPLOAD_BYTES, clean_photo

MAX_PHOTOS = 3
ACCEPTED_TYPES = {"image/jpeg", "image/png", "image/webp"}


class PhotoRefused(Exception):
    pass


def keep(content: bytes, mime_type: str) -> str:
    """Check and re-encode one downloaded photo; the stored name, or ``PhotoRefused``."""
    from django import forms

    if mime_type.split(";")[0].strip().lower() not in ACCEPTED_TYPES:
        raise PhotoRefused(_("Only photos (JPEG, PNG or WebP) can be attached."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise PhotoRefused(_("That photo is too large; the limit is 8 MB."))
    try:
        cleaned = clean_photo(SimpleUploadedFile("foto", content, content_type=mime_type))
    except forms.ValidationError as error:
        raise PhotoRefused(error.messages[0]) from None
    return default_storage.save(f"chat/{uuid.uuid4().hex}.jpg", ContentFile(cleaned.read()))


def load(names: list[str]) -> list[ContentFile]:
    """The kept photos, ready for ``submit_aspiration`` (already re-encoded)."""
    files = []
    for name in names:
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                files.append(ContentFile(handle.read(), name="foto.jpg"))
    return files


def discard(names: list[str]) -> None:
    """Remove kept photos once the transaction that stops needing them commits."""
    names = list(names)

    def remove():
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(remove)
