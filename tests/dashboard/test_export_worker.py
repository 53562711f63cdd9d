"""A real Celery worker on a real Redis writes an export job that the web page asked for (the
fixtures of tests/notifications/test_worker.py: its own Redis and worker, stopped by pid)."""

from pathlib import Path

import pytest

from ngopi.dashboard.models import ExportJob
from tests.notifications.test_worker import (  # noqa: F401 — fixtures
    REDIS,
    mail_dir,
    redis_server,
    start_worker,
    wait_for,
)

pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server not installed")


def test_real_worker_writes_the_export_job(
    redis_server,  # noqa: F811
    start_worker,  # noqa: F811
    data,
    kapolsek,
    login,
    monkeypatch,
    settings,
):
    settings.NGOPI_EXPORT_ASYNC_ROWS = 3
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    start_worker(redis_server.url, "exports")
    client = login(kapolsek)
    response = client.post("/dasbor/ekspor.csv")  # the job is queued to the worker on commit
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert wait_for(lambda: ExportJob.objects.filter(pk=job.pk, status="done").exists(), timeout=90)
    job.refresh_from_db()
    assert job.rows_done == 6
    assert (Path(settings.MEDIA_ROOT) / job.file).is_file()
    download = client.get(f"/dasbor/ekspor/{job.pk}/unduh/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode("utf-8").count("\n") == 7
