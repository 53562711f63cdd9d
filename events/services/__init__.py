"""Every write on sessions, batches, operations and reports.

One module per job (``sessions``, ``reports``, ``batches``, ``operations``, with the booking
rules in ``booking`` and what they share in ``common``); callers import from here.
"""

from .batches import BatchPlan, BatchPlanItem, batch_posts, plan_batch, schedule_batch, stop_batch
from .booking import find_conflicts, responsible_polsek
from .common import Guest, OfficerSlot, SchedulingError, TransitionError
from .loop import (
    area_in_jurisdiction,
    close_commitment,
    create_himbauan,
    prepare_agendas,
    record_agenda,
    record_commitment,
    refresh_agenda,
    responsible_choices,
    update_himbauan,
)
from .operations import create_operation, renew_calendar_feed, update_operation
from .reports import REPORT_FIELDS, correct_report, file_report, report_not_held
from .sessions import cancel_session, mark_held, postpone_session, schedule_session, update_session

__all__ = [
    "REPORT_FIELDS",
    "BatchPlan",
    "BatchPlanItem",
    "Guest",
    "OfficerSlot",
    "SchedulingError",
    "TransitionError",
    "area_in_jurisdiction",
    "batch_posts",
    "cancel_session",
    "close_commitment",
    "correct_report",
    "create_himbauan",
    "create_operation",
    "file_report",
    "find_conflicts",
    "mark_held",
    "plan_batch",
    "postpone_session",
    "prepare_agendas",
    "record_agenda",
    "record_commitment",
    "refresh_agenda",
    "renew_calendar_feed",
    "report_not_held",
    "responsible_choices",
    "responsible_polsek",
    "schedule_batch",
    "schedule_session",
    "stop_batch",
    "update_himbauan",
    "update_operation",
    "update_session",
]
