"""The pages of the events app, one module per audience and job: ``public`` (residents),
``lists`` (staff lists and calendars), ``sessions`` (one session), ``operations`` (serentak
batches and operations). Views are thin: a scoped getter, ``rules``/``workflow``, one service."""

from .lists import my_sessions, renew_feed, staff_calendar, staff_list
from .operations import (
    batch_create,
    batch_detail,
    batch_stop,
    operation_create,
    operation_detail,
    operation_list,
)
from .public import officer_feed, public_detail, public_ics, public_list
from .sessions import (
    report_correct,
    session_cancel,
    session_create,
    session_detail,
    session_edit,
    session_held,
    session_photo,
    session_poster,
    session_postpone,
    session_report,
)

__all__ = [
    "batch_create",
    "batch_detail",
    "batch_stop",
    "my_sessions",
    "officer_feed",
    "operation_create",
    "operation_detail",
    "operation_list",
    "public_detail",
    "public_ics",
    "public_list",
    "renew_feed",
    "report_correct",
    "session_cancel",
    "session_create",
    "session_detail",
    "session_edit",
    "session_held",
    "session_photo",
    "session_poster",
    "session_postpone",
    "session_report",
    "staff_calendar",
    "staff_list",
]
