"""Every write on sessions, batches, operations and reports.

One module per job (``sessions``, ``reports``, ``batches``, ``operations``, with the booking
rules in ``booking`` and what they share in ``common``); callers import from here.
"""

from .batches import BatchPlan, BatchPlanItem, batch_posts, plan_batch, schedule_batch, stop_batch
from .booking import find_conflicts, responsible_polsek
from .common import Guest, OfficerSlot, SchedulingError, TransitionError
from .operations import create_operation, renew_calendar_feed
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
    "batch_posts",
    "cancel_session",
    "correct_report",
    "create_operation",
    "file_report",
    "find_conflicts",
    "mark_held",
    "plan_batch",
    "postpone_session",
    "renew_calendar_feed",
    "report_not_held",
    "responsible_polsek",
    "schedule_batch",
    "schedule_session",
    "stop_batch",
    "update_session",
]
