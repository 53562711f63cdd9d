"""Thin tasks: idempotent, safe to run twice (the refresh claims its rollup row with SKIP LOCKED)."""

from celery import shared_task

from . import services


@shared_task(name="dashboard.refresh_rollup", ignore_result=True)
def refresh_rollup() -> int | None:
    state = services.refresh_trend_rollup()
    return state.rows if state is not None else None
