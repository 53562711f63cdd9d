from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ngopi.accounts import services
from ngopi.accounts.enums import UnitKind
from ngopi.areas.models import Area


@pytest.fixture
def polseks(db):
    polda = services.create_unit(name="Polda Metro Jaya", code="polda-metro-jaya", kind=UnitKind.POLDA)
    polres = services.create_unit(name="Polres Bekasi", code="polres-bks", kind=UnitKind.POLRES, parent=polda)
    return {
        code: services.create_unit(name=code, code=code, kind=UnitKind.POLSEK, parent=polres)
        for code in ("polsek-bekasi-selatan", "polsek-bekasi-timur")
    }


def run(tmp_path, text, *args):
    path = tmp_path / "areas.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_areas", str(path), *args, stdout=out)
    return out.getvalue()


GOOD = """code,level,name,parent_code,polsek_code
32,province,Jawa Barat,,
32.75,city,Kota Bekasi,32,
K1,district,Bekasi Selatan,32.75,
V1,village,Pekayon Jaya,K1,polsek-bekasi-selatan
V1.RW018,rw,RW 18,V1,
V1.RW018.RT001,rt,RT 01,V1.RW018,
"""


def test_import_areas_builds_the_tree_with_coverage(tmp_path, polseks):
    out = run(tmp_path, GOOD)
    assert "6 dibuat" in out
    rt = Area.objects.get(code="V1.RW018.RT001")
    assert [a.name for a in Area.objects.ancestors_of(rt)] == [
        "Jawa Barat",
        "Kota Bekasi",
        "Bekasi Selatan",
        "Pekayon Jaya",
        "RW 18",
    ]
    assert Area.objects.get(code="V1").polsek == polseks["polsek-bekasi-selatan"]


def test_import_areas_twice_changes_nothing(tmp_path, polseks):
    run(tmp_path, GOOD)
    out = run(tmp_path, GOOD)
    assert "0 dibuat, 0 diperbarui, 6 tidak berubah" in out
    assert Area.objects.count() == 6


def test_import_areas_updates_name_and_coverage(tmp_path, polseks):
    run(tmp_path, GOOD)
    run(
        tmp_path,
        GOOD.replace(
            "V1,village,Pekayon Jaya,K1,polsek-bekasi-selatan",
            "V1,village,Pekayon Jaya Baru,K1,polsek-bekasi-timur",
        ),
    )
    village = Area.objects.get(code="V1")
    assert village.name == "Pekayon Jaya Baru"
    assert village.polsek == polseks["polsek-bekasi-timur"]


def test_import_areas_reports_every_bad_row_by_line_and_writes_nothing(tmp_path, polseks):
    bad = """code,level,name,parent_code,polsek_code
32,province,Jawa Barat,,
32.75,kota,Kota Bekasi,32,
K1,district,Bekasi Selatan,32.99,
V1,village,,K1,
V2,village,Jaka Setia,32,
RW1,rw,RW 01,32,polsek-bekasi-selatan
V3,village,Jaka Mulya,K1,polsek-tidak-ada
32,province,Jawa Barat lagi,,
"""
    with pytest.raises(CommandError) as excinfo:
        run(tmp_path, bad)
    message = str(excinfo.value)
    assert "tidak ada data yang diimpor" in message
    for line in (3, 4, 5, 6, 7, 8, 9):
        assert f"Baris {line}:" in message, line
    assert "Baris 2:" not in message
    assert "tingkat kota tidak dikenal" in message
    assert "32.99" in message
    assert Area.objects.count() == 0


def test_import_areas_refuses_a_file_without_required_columns(tmp_path, polseks):
    with pytest.raises(CommandError, match="kolom tidak ditemukan"):
        run(tmp_path, "kode,nama\n32,Jawa Barat\n")
    assert Area.objects.count() == 0


def test_import_areas_dry_run_writes_nothing(tmp_path, polseks):
    out = run(tmp_path, GOOD, "--dry-run")
    assert "uji coba" in out
    assert Area.objects.count() == 0


def test_import_areas_shipped_sample_is_valid(polseks):
    from django.conf import settings

    out = StringIO()
    call_command(
        "import_areas", str(settings.BASE_DIR / "data" / "areas-sample.csv"), "--dry-run", stdout=out
    )
    assert "Berkas valid" in out.getvalue()
