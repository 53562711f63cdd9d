"""An area's label after its level names the level once: "Kecamatan Bekasi Selatan", but
"RW 18, Pekayon Jaya" and "Kota Bekasi", whose names already say it."""

import pytest
from django.utils import translation

from ngopi.areas.enums import AreaLevel
from ngopi.areas.models import Area


@pytest.mark.parametrize(
    ("name", "level", "language", "shown"),
    [
        ("Kota Bekasi", AreaLevel.CITY, "id", "Kota Bekasi"),
        ("Kabupaten Bogor", AreaLevel.CITY, "id", "Kabupaten Bogor"),
        ("Kota Bekasi", AreaLevel.CITY, "en", "Kota Bekasi"),
        ("Bekasi", AreaLevel.CITY, "id", "Kota/Kabupaten Bekasi"),
        ("Bekasi Selatan", AreaLevel.DISTRICT, "id", "Kecamatan Bekasi Selatan"),
        ("Desa Sukamaju", AreaLevel.VILLAGE, "id", "Desa Sukamaju"),
        ("Pekayon Jaya", AreaLevel.VILLAGE, "id", "Kelurahan/Desa Pekayon Jaya"),
    ],
)
def test_the_level_is_named_once(name, level, language, shown):
    with translation.override(language):
        assert Area(name=name, level=level).label_with_level() == shown


def test_an_rw_is_named_with_its_kelurahan_once(world):
    with translation.override("id"):
        assert world.rw18.label_with_level() == "RW 18, Pekayon Jaya"
