"""Thin tasks: idempotent, safe to run twice (the refresh claims its rollup row with SKIP LOCKED;
an export job is claimed by a conditional UPDATE)."""

from celery import shared_task

from . import rollups, services


# The name is the one beat's schedule (ngopi/celery.py) and queued messages already carry.
@shared_task(name="dashboard.refresh_rollup", ignore_result=True)
def refresh_rollups() -> int | None:
    state = rollups.refresh_rollups()
    return state.rows if state is not None else None


@shared_task(name="dashboard.refresh_rollup_full", ignore_result=True)
def refresh_rollups_full() -> int | None:
    """The nightly run: the monthly figures of every month back to the form's limit too."""
    state = rollups.refresh_rollups(full=True)
    return state.rows if state is not None else None


@shared_task(name="dashboard.run_export", ignore_result=True)
def run_export(job_id: int) -> str | None:
    return services.run_export(job_id=job_id)


@shared_task(name="dashboard.sweep_exports", ignore_result=True)
def sweep_exports() -> dict:
    return services.sweep_exports()
