"""Uploaded photos: checked by content, re-encoded, stripped of metadata (GPS!).

Whatever a browser sends — a JPEG from a phone with its location in EXIF, a PNG, a HEIC renamed
to .jpg, a script named photo.jpg — only pixels leave this module: the image is decoded with
Pillow, rotated upright as the camera meant, shrunk to a sane size and saved as a fresh JPEG
with no metadata at all (no EXIF, XMP, IPTC, ICC profile, JPEG comment or PNG text: Pillow
would carry a JPEG comment over from what it read, so the decoded image's ``info`` is emptied
before it is saved; tests check the result with exiftool).

Decoding is bounded before it starts: the header's size is read without decoding, a JPEG is
decoded at the reduced scale its DCT allows (``Image.draft``: a 48 MP photo costs what a 3 MP one
does), and formats that can only be decoded whole (PNG, WebP, GIF) are refused above
``MAX_FULL_DECODE_PIXELS`` — a 5 KB PNG can claim 40 million pixels. ``PhotosField`` caps the
number of photos per form.
"""

import io
import uuid

from django import forms
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a JPEG (decoded at reduced scale); refused before decoding above it
MAX_FULL_DECODE_PIXELS = 16_000_000  # PNG, WebP, GIF: decoded whole, 64 MB as RGBA
MAX_SIDE = 2048
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
SCALED_FORMATS = {"JPEG", "MPO"}  # decoded at 1/2, 1/4 or 1/8 of their size when that is enough


def clean_photo(upload: UploadedFile) -> InMemoryUploadedFile:
    """Return a re-encoded JPEG of ``upload`` or raise ``forms.ValidationError``."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("%(name)s is too large (%(size)s); the limit is %(limit)s per photo.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_UPLOAD_BYTES),
            },
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
        if image_format not in ALLOWED_FORMATS:
            raise UnidentifiedImageError(image_format)
        limit = MAX_PIXELS if image_format in SCALED_FORMATS else MAX_FULL_DECODE_PIXELS
        if width * height > limit:
            raise forms.ValidationError(
                _("%(name)s has too many pixels to process.") % {"name": upload.name}, code="too_big"
            )
        upload.seek(0)
        with Image.open(upload) as image:
            if image_format in SCALED_FORMATS:
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # before anything decodes it
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            image.info.clear()  # the original's comment, ICC profile, XMP… (JPEG save reuses some)
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85, optimize=True)  # no exif=, icc_profile=, comment=
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(
            _("%(name)s is not a photo we can read. Send a JPEG, PNG or WebP image.") % {"name": upload.name},
            code="not_an_image",
        ) from None
    size = out.tell()
    out.seek(0)
    return InMemoryUploadedFile(out, "photos", f"{uuid.uuid4().hex}.jpg", "image/jpeg", size, None)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Zero to ``max_count`` photos, each checked and re-encoded by ``clean_photo``."""

    widget = MultipleFileInput

    def __init__(self, *args, max_count: int = 3, **kwargs):
        self.max_count = max_count
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_count:
            raise forms.ValidationError(
                _("At most %(count)d photos, please.") % {"count": self.max_count}, code="too_many"
            )
        return [clean_photo(super(PhotosField, self).clean(f, initial)) for f in files]
