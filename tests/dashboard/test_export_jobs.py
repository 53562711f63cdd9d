"""Large exports as background jobs: the threshold, the job and its page, progress, the file,
the notification, scoping, expiry and a job whose worker died. The task is run in the test's
process (the same function a worker runs); the clock is set by ``frozen`` (tests/dashboard)."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook

from aspirations.models import IdentityView
from ngopi.dashboard import exports, services, tasks
from ngopi.dashboard.models import ExportJob
from ngopi.notifications.models import Notification


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.NGOPI_EXPORT_ASYNC_ROWS = 3  # kapolsek's month holds 6 aspirations


def _read_csv(data: bytes) -> list[dict]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _start(client, path="/dasbor/ekspor.csv", params=None) -> ExportJob:
    response = client.post(path, params or {})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == f"/dasbor/ekspor/{job.pk}/"
    return job


def _download(client, job) -> bytes:
    response = client.get(f"/dasbor/ekspor/{job.pk}/unduh/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return b"".join(response.streaming_content)


def test_export_over_the_threshold_becomes_a_job_with_a_progress_page(login, data, kapolsek):
    client = login(kapolsek)
    job = _start(client)
    assert (job.status, job.rows_total, job.rows_done, job.format) == ("queued", 6, 0, "csv")
    assert job.filters["period"] == "custom"  # the month's dates are fixed, whenever the job runs
    page = client.get(f"/dasbor/ekspor/{job.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dalam antrean" in html
    assert "0 dari 6 baris ditulis" in html
    assert 'data-testid="export-refresh"' in html  # works without JavaScript
    assert 'data-testid="export-download"' not in html
    assert "<script>" not in html  # the page's script is a static file (CSP)
    status = client.get(f"/dasbor/ekspor/{job.pk}/status.json").json()
    assert status == {
        "status": "queued",
        "status_label": "Dalam antrean",
        "rows_done": 0,
        "rows_total": 6,
        "percent": 0,
        "finished": False,
    }


def test_export_under_the_threshold_streams_as_today(login, data, kapolsek, settings):
    settings.NGOPI_EXPORT_ASYNC_ROWS = 6
    response = login(kapolsek).get("/dasbor/ekspor.csv")
    assert response.status_code == 200 and response.streaming
    assert not ExportJob.objects.exists()


def test_second_click_while_running_reuses_the_job(login, data, kapolsek):
    client = login(kapolsek)
    first = _start(client)
    assert client.post("/dasbor/ekspor.csv")["Location"] == f"/dasbor/ekspor/{first.pk}/"
    client.post("/dasbor/ekspor.xlsx")  # another format: another job
    assert ExportJob.objects.count() == 2


def test_job_writes_the_file_notifies_and_offers_the_download(login, data, kapolsek, frozen):
    client = login(kapolsek)
    job = _start(client, params={"sep": "semicolon"})
    frozen.shift(timedelta(minutes=1))
    assert tasks.run_export(job.pk) == "done"
    assert tasks.run_export(job.pk) is None  # a second message finds it done: nothing happens
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.attempts) == ("done", 6, 1)
    assert job.expires_at - job.finished_at == timedelta(hours=24)
    assert (Path(settings.MEDIA_ROOT) / job.file).is_file()
    data_bytes = _download(client, job)
    text = data_bytes.decode("utf-8")
    assert ";" in text.splitlines()[0]
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert sorted(r["Kode lacak"] for r in rows) == sorted(
        a.code for a in (data.a1, data.a2, data.a3, data.a4, data.a8, data.a9)
    )
    page = client.get(f"/dasbor/ekspor/{job.pk}/").content.decode()
    assert 'data-testid="export-download"' in page
    assert "Selesai" in page
    note = Notification.objects.get(recipient=kapolsek, kind="dashboard.export_ready")
    assert note.url == f"/dasbor/ekspor/{job.pk}/"
    assert "siap" in note.title


def test_xlsx_job_writes_a_workbook(login, data, kapolsek):
    client = login(kapolsek)
    job = _start(client, "/dasbor/ekspor.xlsx")
    tasks.run_export(job.pk)
    job.refresh_from_db()
    sheet = load_workbook(io.BytesIO(_download(client, job))).active
    assert sheet.max_row == 7  # heading and six rows


def test_progress_is_written_after_every_chunk(login, data, kapolsek, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    job = _start(login(kapolsek))
    written = []

    def observe(execute, sql, params, many, context):
        if sql.startswith('UPDATE "dashboard_exportjob" SET "rows_done"'):
            written.append(params[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(observe):
        tasks.run_export(job.pk)
    assert written[-3:] == [2, 4, 6]


def test_another_users_job_is_not_found(login, data, kapolsek, kapolres):
    job = _start(login(kapolsek))
    tasks.run_export(job.pk)
    other = login(kapolres)
    for url in (
        f"/dasbor/ekspor/{job.pk}/",
        f"/dasbor/ekspor/{job.pk}/status.json",
        f"/dasbor/ekspor/{job.pk}/unduh/",
    ):
        assert other.get(url).status_code == 404


def test_identity_export_job_logs_identities_as_a_streamed_export(login, data, kapolsek):
    client = login(kapolsek)
    job = _start(client, params={"identities": "on"})
    assert job.with_identities
    assert not IdentityView.objects.exists()
    tasks.run_export(job.pk)
    assert list(IdentityView.objects.values_list("viewer_id", "aspiration_id")) == [(kapolsek.pk, data.a8.pk)]
    rows = _read_csv(_download(client, ExportJob.objects.get()))
    assert next(r for r in rows if r["Kode lacak"] == data.a8.code)["Nama pelapor"] == "Rahasia Warga"


def test_files_are_deleted_when_they_expire(login, data, kapolsek, frozen):
    client = login(kapolsek)
    job = _start(client)
    tasks.run_export(job.pk)
    job.refresh_from_db()
    path = Path(settings.MEDIA_ROOT) / job.file
    frozen.shift(timedelta(hours=23))
    assert tasks.sweep_exports()["deleted"] == 0
    frozen.shift(timedelta(hours=1, minutes=1))
    client = login(kapolsek)  # a day later: signed in again
    assert client.get(f"/dasbor/ekspor/{job.pk}/unduh/").status_code == 404  # past its time already
    assert tasks.sweep_exports()["deleted"] == 1
    assert not path.exists()
    assert not ExportJob.objects.exists()


def test_job_of_a_dead_worker_is_taken_up_again(login, data, kapolsek, frozen):
    job = _start(login(kapolsek))
    assert services._claim(job.pk) == 1  # a worker took it and died
    frozen.shift(timedelta(minutes=5))
    assert tasks.sweep_exports()["retried"] == 0
    assert tasks.run_export(job.pk) is None  # still someone else's
    frozen.shift(timedelta(minutes=6))
    assert tasks.sweep_exports()["retried"] == 1
    assert tasks.run_export(job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.rows_done) == ("done", 2, 6)
    assert job.file.endswith("-2.csv")


def test_job_given_up_after_three_dead_workers(login, data, kapolsek, frozen):
    job = _start(login(kapolsek))
    for _attempt in range(3):
        services._claim(job.pk)
        frozen.shift(timedelta(minutes=11))
    assert tasks.sweep_exports()["failed"] == 1
    job.refresh_from_db()
    assert job.status == "failed"
    assert Notification.objects.get(kind="dashboard.export_ready").title == "Ekspor Anda gagal"


def test_job_page_queries_do_not_grow_with_the_rows(login, data, kapolsek, django_assert_max_num_queries):
    client = login(kapolsek)
    job = _start(client)
    tasks.run_export(job.pk)
    with django_assert_max_num_queries(6):
        assert client.get(f"/dasbor/ekspor/{job.pk}/").status_code == 200


def test_job_page_is_refused_to_a_user_without_the_dashboard(login, data, kapolsek, bhabin):
    job = _start(login(kapolsek))
    assert login(bhabin).get(f"/dasbor/ekspor/{job.pk}/").status_code == 403


def test_admin_lists_export_jobs_read_only(login, data, kapolsek, administrator):
    job = _start(login(kapolsek))
    client = login(administrator)
    assert client.get("/admin/dashboard/exportjob/").status_code == 200
    page = client.get(f"/admin/dashboard/exportjob/{job.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_job_that_cannot_be_written_is_retried_then_fails_with_a_notification(login, data, kapolsek, frozen):
    client = login(kapolsek)
    job = _start(client)
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    (media / "exports").write_text("not a folder")  # the disk refuses the file
    assert tasks.run_export(job.pk) == "queued"
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("queued", 1)
    for _attempt in range(2):
        frozen.shift(timedelta(minutes=11))
        assert tasks.sweep_exports()["retried"] == 1
        tasks.run_export(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 3)
    assert Notification.objects.get(kind="dashboard.export_ready").title == "Ekspor Anda gagal"
    page = login(kapolsek).get(f"/dasbor/ekspor/{job.pk}/").content.decode()
    assert 'data-testid="export-failed"' in page
    assert client.get(f"/dasbor/ekspor/{job.pk}/unduh/").status_code == 404


def test_dashboard_says_when_an_export_runs_in_the_background(login, data, kapolsek, settings):
    settings.NGOPI_EXPORT_ASYNC_ROWS = 20000
    html = login(kapolsek).get("/dasbor/").content.decode()
    assert "Lebih dari 20.000 baris ditulis di latar belakang" in html


def test_job_fails_when_the_user_lost_the_unit_he_filtered_on(login, data, kapolres, world):
    client = login(kapolres)
    response = client.post(f"/dasbor/ekspor.csv?unit={world.polsek.pk}")
    job = ExportJob.objects.get()
    assert response["Location"] == f"/dasbor/ekspor/{job.pk}/"
    job.filters["unit"] = world.polsek_beji.pk  # Polres Depok's
    job.save()  # no longer a unit in his jurisdiction: the job must not export another set
    assert tasks.run_export(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
