"""Thin tasks: idempotent, safe to run twice (the refresh claims its rollup row with SKIP LOCKED)."""

from celery import shared_task

from . import rollups


# The name is the one beat's schedule (ngopi/celery.py) and queued messages already carry.
@shared_task(name="dashboard.refresh_rollup", ignore_result=True)
def refresh_rollups() -> int | None:
    state = rollups.refresh_rollups()
    return state.rows if state is not None else None
