"""The dashboard's writes beyond its rollups: export jobs, for exports too large to stream while
the user waits (``NGOPI_EXPORT_ASYNC_ROWS``).

A job is created by the export view (``start_export``), run by a worker (``run_export``, claimed
with a conditional UPDATE so two messages never write the same file), and swept by beat
(``sweep_exports``): files past ``expires_at`` deleted with their job, jobs whose worker died (no
sign of life for ``NGOPI_EXPORT_STALE_MINUTES``) taken up again, at most ``MAX_ATTEMPTS`` times.

The file is written outside any transaction, so the page sees ``rows_done`` grow after every
chunk. Identities are opened, checked and logged by ``exports.rows`` exactly as in a streamed
export, when the worker writes them (the one moment they leave the database).
"""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.core import queue
from ngopi.notifications.services import Message, notify

from . import exports
from .forms import DashboardFilterForm
from .models import ExportJob
from .rules import can_see_dashboard

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
NOTIFICATION_KIND = "dashboard.export_ready"
Status = ExportJob.Status


def frozen_query(filters) -> dict:
    """The filters with their dates fixed (a job run tomorrow exports today's "this month")."""
    return {**filters.query(), "period": "custom"}


def filename(job: ExportJob) -> str:
    query = job.filters
    return f"aspirasi-{query.get('date_from', '')}-{query.get('date_to', '')}.{job.format}"


def _stale_before():
    return timezone.now() - timedelta(minutes=settings.NGOPI_EXPORT_STALE_MINUTES)


def kick(job_id: int) -> None:
    from .tasks import run_export

    queue.publish(run_export, args=(job_id,), what="export job", fallback="the sweeper will start it")


@transaction.atomic
def start_export(*, user, filters, format: str, identities: bool, separator: str = "comma", rows_total: int):
    """The job for this export: the user's own unfinished one for the same export if there is
    one (a second click does not start a second file), else a new one queued after commit."""
    query = frozen_query(filters)
    existing = (
        ExportJob.objects.visible_to(user)
        .filter(
            filters=query,
            format=format,
            with_identities=identities,
            separator=separator,
            status__in=[Status.QUEUED, Status.RUNNING],
        )
        .first()
    )
    if existing is not None:
        return existing
    job = ExportJob.objects.create(
        user=user,
        filters=query,
        format=format,
        separator=separator,
        with_identities=identities,
        rows_total=rows_total,
    )
    transaction.on_commit(lambda: kick(job.pk))
    return job


def _claim(job_id: int) -> int | None:
    """Take the job (queued, or running with no sign of life: its worker died) by a conditional
    UPDATE; the attempt number is the claim's token. None when another worker has it."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(
        Q(status=Status.QUEUED) | Q(status=Status.RUNNING, heartbeat_at__lt=_stale_before()),
        pk=job_id,
        attempts__lt=MAX_ATTEMPTS,
    ).update(status=Status.RUNNING, attempts=F("attempts") + 1, heartbeat_at=now, rows_done=0)
    if not claimed:
        return None
    return ExportJob.objects.values_list("attempts", flat=True).get(pk=job_id)


def _remove(path: Path) -> None:
    """Delete a file if it is there; a disk that refuses is logged, never raised."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("export file %s not deleted (%s)", path.name, type(exc).__name__)


def _path(job: ExportJob, attempt: int) -> Path:
    return Path("exports") / f"{job.pk}-{attempt}.{job.format}"


def run_export(*, job_id: int) -> str | None:
    """Write the job's file (not in a transaction: progress is seen as it grows). Returns the
    status it ended in, or None when the job was not this worker's to run."""
    attempt = _claim(job_id)
    if attempt is None:
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    mine = ExportJob.objects.filter(pk=job_id, attempts=attempt, status=Status.RUNNING)
    user = job.user
    form = DashboardFilterForm(job.filters, user=user)
    if not (can_see_dashboard(user) and form.is_valid()):
        # The user lost the dashboard, or a unit or area he chose is no longer his: the form would
        # fall back to this month, which is not what he asked for.
        _finish(mine, status=Status.FAILED, job=job)
        return Status.FAILED
    filters = form.filters()
    total = exports.count(user=user, f=filters)
    mine.update(rows_total=total)
    written = [0]

    def progress(done: int) -> None:
        written[0] = done
        mine.update(rows_done=done, heartbeat_at=timezone.now())

    relative = _path(job, attempt)
    target = Path(settings.MEDIA_ROOT) / relative
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            if job.format == ExportJob.Format.XLSX:
                exports.xlsx_file(
                    user=user, f=filters, identities=job.with_identities, handle=handle, progress=progress
                )
            else:
                separator = exports.SEPARATORS.get(job.separator, ",")
                for piece in exports.csv_lines(
                    user=user,
                    f=filters,
                    identities=job.with_identities,
                    separator=separator,
                    progress=progress,
                ):
                    handle.write(piece.encode("utf-8"))
    except Exception:
        log.exception("export job %s failed", job_id)
        _remove(target)
        if attempt >= MAX_ATTEMPTS:
            _finish(mine, status=Status.FAILED, job=job)
        else:
            mine.update(status=Status.QUEUED, heartbeat_at=timezone.now())
        return Status.FAILED if attempt >= MAX_ATTEMPTS else Status.QUEUED
    if not _finish(mine, status=Status.DONE, job=job, file=str(relative), rows=written[0]):
        _remove(target)  # taken over meanwhile: the newer attempt's file counts
        return None
    return Status.DONE


@transaction.atomic
def _finish(mine, *, status: str, job: ExportJob, file: str = "", rows: int = 0) -> bool:
    now = timezone.now()
    expires = now + timedelta(hours=settings.NGOPI_EXPORT_KEEP_HOURS)
    changes = {"status": status, "finished_at": now, "expires_at": expires, "heartbeat_at": now, "file": file}
    if status == Status.DONE:
        changes["rows_done"] = changes["rows_total"] = rows  # what the file holds
    if not mine.update(**changes):
        return False
    url = reverse("dashboard:export_job", args=[job.pk])

    def render():
        if status == Status.DONE:
            return _("Your export is ready"), _(
                "The %(format)s file of the aspirations (%(name)s) can be downloaded until %(until)s."
            ) % {
                "format": job.get_format_display(),
                "name": filename(job),
                "until": timezone.localtime(expires).strftime("%d-%m-%Y %H:%M"),
            }
        return _("Your export failed"), _("The export %(name)s could not be written. Please try again.") % {
            "name": filename(job)
        }

    notify(
        [Message(recipient=job.user, kind=NOTIFICATION_KIND, key=f"export:{job.pk}", render=render, url=url)]
    )
    return True


def sweep_exports() -> dict:
    """Beat: delete expired jobs and their files; take up again jobs whose worker died (or whose
    message was lost); give up those that failed ``MAX_ATTEMPTS`` times."""
    now = timezone.now()
    expired = list(ExportJob.objects.filter(expires_at__lt=now).values_list("pk", "file"))
    for _pk, file in expired:
        if file:
            _remove(Path(settings.MEDIA_ROOT) / file)
    ExportJob.objects.filter(pk__in=[pk for pk, _file in expired]).delete()
    stale = (
        Q(status=Status.RUNNING, heartbeat_at__lt=_stale_before())
        | Q(status=Status.QUEUED, created_at__lt=_stale_before(), heartbeat_at__isnull=True)
        | Q(status=Status.QUEUED, heartbeat_at__lt=_stale_before())
    )
    given_up = 0
    for job in ExportJob.objects.filter(stale, attempts__gte=MAX_ATTEMPTS).select_related("user"):
        mine = ExportJob.objects.filter(pk=job.pk, attempts=job.attempts, status=job.status)
        given_up += _finish(mine, status=Status.FAILED, job=job)
    retried = list(ExportJob.objects.filter(stale, attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    for pk in retried:
        kick(pk)
    return {"deleted": len(expired), "retried": len(retried), "failed": given_up}


def open_file(job: ExportJob):
    """The finished job's file, opened for reading, or None when it is gone (expired)."""
    if job.status != Status.DONE or not job.file or (job.expires_at and job.expires_at <= timezone.now()):
        return None
    try:
        return open(Path(settings.MEDIA_ROOT) / job.file, "rb")
    except FileNotFoundError:
        return None
