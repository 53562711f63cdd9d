"""Nothing of an uploaded photo's metadata survives the re-encode, as an independent reader
(exiftool) sees the stored file; and decoding is bounded before it starts."""

import io
import json
import shutil
import struct
import subprocess
import time

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageCms, PngImagePlugin

from ngopi.core.images import clean_photo

pytestmark = pytest.mark.skipif(
    not shutil.which("exiftool"), reason="exiftool (Debian libimage-exiftool-perl) is needed"
)

SECRET = "RahasiaPelapor"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="' + SECRET + '"/>'
    "</rdf:RDF></x:xmpmeta>"
).encode()
# What a clean JPEG written by Pillow shows: the file itself, its JFIF header, figures derived.
CLEAN_GROUPS = {"ExifTool", "File", "JFIF", "Composite"}


def icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x010E] = SECRET  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (6.0, 16.0, 5.0), "E", (106.0, 58.0, 56.0)
    return exif


def with_segment(jpeg: bytes, marker: int, payload: bytes) -> bytes:
    """``jpeg`` with one more APPn segment right after its start-of-image marker."""
    return jpeg[:2] + struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload + jpeg[2:]


def iptc_segment() -> bytes:
    """A Photoshop APP13 block holding an IPTC caption (2:120) and by-line (2:80)."""
    records = b"".join(
        b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value
        for number, value in ((120, SECRET.encode()), (80, b"Budi"))
    )
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(records)) + records
    return b"Photoshop 3.0\x00" + resource + (b"\x00" if len(records) % 2 else b"")


def jpeg_with_everything() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 120, 60)).save(
        out, "JPEG", exif=exif_with_gps(), icc_profile=icc_profile(), comment=SECRET.encode(), xmp=XMP
    )
    jpeg = with_segment(out.getvalue(), 0xED, iptc_segment())
    return with_segment(jpeg, 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP)


def png_with_everything() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_text("Comment", SECRET, zip=True)
    info.add_itxt("Description", SECRET, lang="id", tkey="Keterangan")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    Image.new("RGBA", (320, 240), (0, 0, 255, 128)).save(
        out, "PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=icc_profile()
    )
    return out.getvalue()


def webp_with_everything() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (10, 200, 10)).save(
        out, "WEBP", exif=exif_with_gps(), icc_profile=icc_profile(), xmp=XMP
    )
    return out.getvalue()


def exiftool(data: bytes, tmp_path, name: str) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    result = subprocess.run(
        ["exiftool", "-json", "-G", "-a", "-u", "-b", str(path)], capture_output=True, check=True, text=True
    )
    return json.loads(result.stdout)[0]


@pytest.mark.parametrize(
    ("name", "make", "planted"),
    [
        ("foto.jpg", jpeg_with_everything, {"EXIF", "XMP", "ICC_Profile", "IPTC"}),
        ("foto.png", png_with_everything, {"PNG", "XMP", "ICC_Profile", "EXIF"}),
        ("foto.webp", webp_with_everything, {"EXIF", "XMP", "ICC_Profile"}),
    ],
)
def test_stored_photo_keeps_no_metadata_of_the_original(tmp_path, name, make, planted):
    original = make()
    before = exiftool(original, tmp_path, name)
    groups_before = {key.split(":", 1)[0] for key in before}
    assert planted <= groups_before, groups_before  # the crafted file carries what we planted
    assert SECRET in json.dumps(before)

    stored = clean_photo(SimpleUploadedFile(name, original)).read()
    after = exiftool(stored, tmp_path, "stored.jpg")
    groups_after = {key.split(":", 1)[0] for key in after if key != "SourceFile"}
    assert groups_after <= CLEAN_GROUPS, after
    assert "File:Comment" not in after
    assert SECRET not in json.dumps(after)
    assert SECRET.encode() not in stored and b"KameraHP" not in stored


def test_jpeg_comment_does_not_survive(tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (64, 48)).save(out, "JPEG", comment=b"dikirim dari rumah Pak RT, Jl. Melati 7")
    stored = clean_photo(SimpleUploadedFile("foto.jpg", out.getvalue())).read()
    assert "File:Comment" not in exiftool(stored, tmp_path, "stored.jpg")


def bomb_png(side: int) -> bytes:
    """A few kilobytes of PNG that decode to ``side``² pixels."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_decompression_bomb_png_is_refused_quickly_with_a_message():
    data = bomb_png(6300)
    assert len(data) < 10_000
    started = time.process_time()  # CPU of this process: not slowed by other jobs on the machine
    with pytest.raises(forms.ValidationError) as excinfo, translation.override("id"):
        clean_photo(SimpleUploadedFile("bom.png", data))
    assert time.process_time() - started < 0.3  # decoding it costs about 0.8 s
    assert excinfo.value.messages == ["bom.png memiliki terlalu banyak piksel untuk diproses."]


def test_large_jpeg_is_decoded_at_reduced_scale(tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (6000, 4000), (90, 90, 90)).save(out, "JPEG", quality=50)
    started = time.process_time()
    stored = clean_photo(SimpleUploadedFile("besar.jpg", out.getvalue()))
    with Image.open(stored) as image:
        assert max(image.size) == 2048
    assert time.process_time() - started < 1.0
