"""CSV and XLSX exports: content, scoping, spreadsheet-injection escaping, identities and their log."""

import csv
import html
import io
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from openpyxl import load_workbook

from aspirations.models import IdentityView
from tests.aspirations.factories import make_aspiration

OCTOBER_TO_DECEMBER = {"period": "custom", "date_from": "2024-10-01", "date_to": "2024-12-31"}


def export_csv(client, params=None, method="get") -> list[dict]:
    response = getattr(client, method)("/dasbor/ekspor.csv", params or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def export_xlsx(client, params=None, method="get") -> list[dict]:
    response = getattr(client, method)("/dasbor/ekspor.xlsx", params or {})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_holds_the_aspirations_of_the_period_in_the_users_scope(login, data, kapolsek):
    rows = export_csv(login(kapolsek))
    assert sorted(r["Kode lacak"] for r in rows) == sorted(
        a.code for a in (data.a1, data.a2, data.a3, data.a4, data.a8, data.a9)
    )
    first = next(r for r in rows if r["Kode lacak"] == data.a4.code)
    assert first["Diterima (WIB)"] == "2024-11-08 09:00"
    assert first["Kategori"] == "Narkoba"
    assert first["Jenis"] == "Keluhan"
    proven = next(r for r in rows if r["Kode lacak"] == data.a2.code)
    assert proven["Verifikasi informasi"] == "Terbukti"
    assert proven["Penilaian"] == "5"


def test_kapolsek_export_leaves_out_the_neighbouring_polsek(login, data, kapolsek):
    codes = {r["Kode lacak"] for r in export_csv(login(kapolsek), OCTOBER_TO_DECEMBER)}
    assert data.a5.code not in codes and data.a6.code not in codes
    assert data.a7.code in codes


@pytest.mark.parametrize("export", [export_csv, export_xlsx])
def test_formula_cells_are_neutralised(login, data, kapolsek, export):
    rows = export(login(kapolsek), {"identities": "on"}, method="post")
    public = next(r for r in rows if r["Kode lacak"] == data.a9.code)
    assert public["Uraian"] == "'" + '=HYPERLINK("http://contoh.invalid","klik")'
    assert public["Nama pelapor"] == "'@Budi"
    assert public["Telepon pelapor"] == "'+62 812 3333 4444"
    for row in rows:
        for value in row.values():
            assert not (isinstance(value, str) and value.startswith(("=", "+", "-", "@"))), value


def test_xlsx_stores_no_formula(login, data, kapolsek):
    response = login(kapolsek).get("/dasbor/ekspor.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_confidential_identity_left_out_by_default_and_nothing_logged(login, data, kapolsek):
    rows = export_csv(login(kapolsek))
    confidential = next(r for r in rows if r["Kode lacak"] == data.a8.code)
    assert confidential["Nama pelapor"] == ""
    assert confidential["Telepon pelapor"] == ""
    assert not IdentityView.objects.exists()


@pytest.mark.parametrize("export", [export_csv, export_xlsx])
@pytest.mark.parametrize("method", ["get", "post"])
def test_export_without_identities_holds_no_identity_of_any_kind(login, data, kapolsek, export, method):
    rows = export(login(kapolsek), {}, method=method)
    public = next(r for r in rows if r["Kode lacak"] == data.a9.code)
    assert public["Kerahasiaan"] == "Terbuka"
    for row in rows:
        assert not row["Nama pelapor"] and not row["Telepon pelapor"] and not row["E-mail pelapor"], row
    assert not IdentityView.objects.exists()


@pytest.mark.parametrize("export", [export_csv, export_xlsx])
def test_commander_may_include_confidential_identities_and_each_is_logged(login, data, kapolsek, export):
    rows = export(login(kapolsek), {"identities": "on"}, method="post")
    confidential = next(r for r in rows if r["Kode lacak"] == data.a8.code)
    assert confidential["Nama pelapor"] == "Rahasia Warga"
    assert list(IdentityView.objects.values_list("viewer__username", "aspiration_id")) == [
        ("kapolsek", data.a8.pk)
    ]
    anonymous = next(r for r in rows if r["Kode lacak"] == data.a1.code)
    assert not anonymous["Nama pelapor"]  # XLSX reads an empty cell back as None


def test_export_is_for_commanders_only(login, data, bhabin):
    assert login(bhabin).get("/dasbor/ekspor.csv").status_code == 403
    assert login(bhabin).get("/dasbor/ekspor.xlsx").status_code == 403


def test_binmas_staff_see_the_dashboard_of_their_polres(login, data, binmas):
    assert login(binmas).get("/dasbor/").status_code == 200


@pytest.mark.parametrize("url", ["/dasbor/ekspor.csv", "/dasbor/ekspor.xlsx"])
def test_export_asking_for_identities_by_get_is_refused_and_nothing_logged(login, data, kapolsek, url):
    response = login(kapolsek).get(url, {"identities": "on"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert not IdentityView.objects.exists()


@pytest.mark.parametrize("url", ["/dasbor/ekspor.csv", "/dasbor/ekspor.xlsx"])
def test_export_with_identities_needs_the_csrf_token(data, kapolsek, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kapolsek)
    response = client.post(url, {"identities": "on"})
    assert response.status_code == 403
    assert not IdentityView.objects.exists()


def test_dashboard_export_form_posts_with_csrf_and_keeps_the_filters(login, data, kapolsek):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kapolsek)
    page = client.get("/dasbor/", OCTOBER_TO_DECEMBER).content.decode()
    export_form = r'<form method="post" action="([^"]+)"[^>]*data-testid="export">(.*?)</form>'
    form = re.search(export_form, page, re.S)
    assert form, "the export form posts"
    action = html.unescape(form.group(1))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
    response = client.post(action, {"csrfmiddlewaretoken": token, "identities": "on"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert data.a7.code in {r["Kode lacak"] for r in rows}  # October: the filters came along
    confidential = next(r for r in rows if r["Kode lacak"] == data.a8.code)
    assert confidential["Nama pelapor"] == "Rahasia Warga"
    assert IdentityView.objects.filter(viewer=kapolsek, aspiration=data.a8).count() == 1


@pytest.mark.parametrize("export", [export_csv, export_xlsx])
def test_export_with_pasted_control_characters_still_opens(login, data, world, kapolsek, export):
    pasted = make_aspiration(
        rw=world.rw18,
        description="Baris satu\x0bbaris dua\x1b[31m merah\x07 bunyi\x85akhir",
        location_detail="\x1b=1+1 depan warung",
    )
    rows = export(login(kapolsek))
    row = next(r for r in rows if r["Kode lacak"] == pasted.code)
    assert row["Uraian"] == "Baris satu\nbaris dua[31m merah bunyi\nakhir"
    assert row["Lokasi persisnya"] == "'=1+1 depan warung"


def test_csv_for_indonesian_excel_is_separated_by_semicolons(login, data, kapolsek):
    client = login(kapolsek)
    for response in (
        client.get("/dasbor/ekspor.csv", {**OCTOBER_TO_DECEMBER, "sep": "semicolon"}),
        client.post(f"/dasbor/ekspor.csv?{urlencode(OCTOBER_TO_DECEMBER)}", {"sep": "semicolon"}),
    ):
        text = b"".join(response.streaming_content).decode("utf-8")
        assert text.startswith("\ufeff")  # so Excel reads UTF-8
        assert text[1:].splitlines()[0].startswith("Kode lacak;Diterima (WIB);Jenis;")
        rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
        assert data.a7.code in {r["Kode lacak"] for r in rows}  # the filters still apply (October)


def test_dashboard_offers_the_semicolon_csv(login, data, kapolsek):
    html = login(kapolsek).get("/dasbor/").content.decode()
    assert re.search(r'name="sep" value="semicolon"[^>]*>CSV untuk Excel \(;\)<', html)


def test_xlsx_has_column_widths_a_frozen_header_and_a_filter(login, data, kapolsek):
    response = login(kapolsek).get("/dasbor/ekspor.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:X{sheet.max_row}"
    assert sheet.max_row == 7  # the heading and the six aspirations of the month
    assert sheet.column_dimensions["A"].width >= len("NK-XXXX-XXXX-XXXX-XXXX")
    assert sheet.column_dimensions["X"].width >= 50  # the description
    assert all(sheet.column_dimensions[c].width >= 10 for c in "ABCDEFGHIJKLMNOPQRSTUVWX")


def test_xlsx_dates_are_spreadsheet_dates_in_wib(login, data, kapolsek):
    from datetime import datetime

    rows = export_xlsx(login(kapolsek))
    first = next(r for r in rows if r["Kode lacak"] == data.a4.code)
    assert first["Diterima (WIB)"] == datetime(2024, 11, 8, 9, 0)
    assert first["Kategori"] == "Narkoba"
    assert isinstance(first["Tenggat (WIB)"], datetime)


def test_csv_and_xlsx_hold_the_same_rows(login, data, kapolsek):
    client = login(kapolsek)
    csv_rows, xlsx_rows = export_csv(client), export_xlsx(client)
    assert [r["Kode lacak"] for r in csv_rows] == [r["Kode lacak"] for r in xlsx_rows]
    for a, b in zip(csv_rows, xlsx_rows, strict=True):
        assert a["Diterima (WIB)"] == b["Diterima (WIB)"].strftime("%Y-%m-%d %H:%M")
        assert a["Uraian"] == b["Uraian"]
