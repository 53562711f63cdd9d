import pytest
from django import forms
from PIL import Image

from ngopi.core.images import clean_photo
from tests.images import fake_jpeg, jpeg_with_gps, png


def test_clean_photo_strips_gps_and_every_other_metadata():
    upload = jpeg_with_gps()
    with Image.open(upload) as original:
        assert original.getexif().get_ifd(0x8825)  # the phone's location is there before
    cleaned = clean_photo(jpeg_with_gps())
    with Image.open(cleaned) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
        assert image.size == (640, 480)


def test_clean_photo_reencodes_png_as_jpeg():
    cleaned = clean_photo(png())
    assert cleaned.name.endswith(".jpg")
    with Image.open(cleaned) as image:
        assert image.format == "JPEG"


def test_clean_photo_refuses_a_script_named_jpg():
    with pytest.raises(forms.ValidationError) as excinfo:
        clean_photo(fake_jpeg())
    assert "bukan-foto.jpg" in excinfo.value.messages[0]


def test_clean_photo_shrinks_huge_images():
    cleaned = clean_photo(jpeg_with_gps(size=(5000, 2500)))
    with Image.open(cleaned) as image:
        assert max(image.size) == 2048
