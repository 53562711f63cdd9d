"""Test images made on the fly with Pillow (one with GPS in its EXIF)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_with_gps(name: str = "foto.jpg", size=(640, 480)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (180, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 16.0, 5.0)
    gps[3] = "E"
    gps[4] = (106.0, 58.0, 56.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name: str = "foto.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 255, 128)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def fake_jpeg(name: str = "bukan-foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<script>alert(1)</script>" * 20, content_type="image/jpeg")
