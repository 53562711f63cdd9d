"""A Kapolsek's export too large to stream: the job page's progress bar follows the worker (the
task is run in the test's process while the browser polls) and the download link appears, with
no CSP refusal. The hand-counted data of tests/dashboard (the clock set to 20 November 2024)."""

import pytest

from ngopi.dashboard import tasks
from ngopi.dashboard.models import ExportJob
from tests.dashboard.conftest import data, frozen  # noqa: F401 — fixtures
from tests.e2e.test_csp_journey import watch

pytestmark = pytest.mark.e2e


def test_progress_page_shows_the_download_when_the_job_is_done(
    page,  # first: its reference data (restored after other transactional tests) before ``data``
    data,  # noqa: F811
    client,
    kapolsek,
    live_server,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NGOPI_EXPORT_ASYNC_ROWS = 3
    client.force_login(kapolsek)
    assert client.post("/dasbor/ekspor.csv").status_code == 302
    job = ExportJob.objects.get()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    refused = watch(page)
    page.goto(f"/dasbor/ekspor/{job.pk}/")
    assert page.get_by_test_id("export-status").inner_text().endswith("Dalam antrean")
    assert page.locator("progress").is_visible()
    assert tasks.run_export(job.pk) == "done"
    page.get_by_test_id("export-download").wait_for()  # the script saw it finish and reloaded
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    assert download.value.suggested_filename == "aspirasi-2024-11-01-2024-11-30.csv"
    assert refused == []
