"""CSV and XLSX exports of the aspirations behind the dashboard's filters, streamed.

Rows come from the database in chunks through a server-side cursor as plain tuples of columns
and ids (no model instances, no joins): the names behind the ids (category, RW, kelurahan,
Polsek, operation, session, outcome) come from label maps filled chunk by chunk
(``labels.py``), so an export of a million rows holds one chunk and the names it met, never the
rows. CSV is written line by line to the response; XLSX is written as sheet XML straight into
the zip archive (``xlsx.py``), because openpyxl builds a Python object per cell.

Every text cell goes through ``ngopi.core.text.spreadsheet_cell`` (``cells.text``): control
characters a resident pasted are dropped (a vertical tab or ESC would make the workbook
unreadable), and a cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or line break) is
prefixed with an apostrophe, so no spreadsheet evaluates it (spreadsheet injection).

Reporter identity: none of any kind unless the user asked for identities (by POST, with the CSRF
token: ``views._identities``); then public ones to whoever sees the aspiration, anonymous reports
have none, and confidential ones only when the user may see them
(``aspirations.rules.can_see_identity``), each inclusion logged through
``aspirations.services.record_identity_views`` (as the detail page does). Identities are stored
sealed (``aspirations.identity``) and opened here only for the rows whose identity is exported.
"""

import csv
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice

from django.db import connection
from django.db.models import CharField, F, FloatField, Func, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from aspirations import rules as aspiration_rules
from aspirations import services as aspiration_services
from aspirations.enums import Kind, Priority, Privacy, Status, Verification
from aspirations.identity import reveal as reveal_identity
from aspirations.models import Aspiration
from ngopi.accounts.models import PoliceUnit

from ..selectors.filters import DashboardFilters, received
from .cells import text
from .labels import Labels

CHUNK = 2000


def headers() -> list[str]:
    return [
        _("Tracking code"),
        _("Received (WIB)"),
        _("Kind"),
        _("Category"),
        _("Status"),
        _("Priority"),
        _("Urgent"),
        _("RW"),
        _("Kelurahan"),
        _("Polsek"),
        _("Operation"),
        _("Session"),
        _("Due (WIB)"),
        _("First response (WIB)"),
        _("Resolved (WIB)"),
        _("Outcome"),
        _("Tip verification"),
        _("Rating"),
        _("Privacy"),
        _("Reporter's name"),
        _("Reporter's phone"),
        _("Reporter's e-mail"),
        _("Exact place"),
        _("Description"),
    ]


# Column widths (in characters) of the XLSX sheet, by position in ``headers()``; the others fit
# their heading. Dates fit "2024-11-20 09:00"; the description is wide and wraps in the cell.
COLUMN_WIDTHS = {0: 24, 1: 17, 12: 17, 13: 17, 14: 17, 19: 24, 20: 18, 21: 26, 22: 30, 23: 60}
# Positions of the datetime cells in a row (``rows`` gives them naive, in WIB).
DATE_COLUMNS = (1, 12, 13, 14)

FIELDS = [
    "pk",
    "code",
    "created_at",
    "kind",
    "category_id",
    "status",
    "priority",
    "urgent",
    "rw_id",
    "village_id",
    "unit_id",
    "operation_id",
    "session_id",
    "due_at",
    "acknowledged_at",
    "resolved_at",
    "outcome_id",
    "verification",
    "rating",
    "privacy",
    "assignee_id",
    "location_detail",
    "description",
]
IDENTITY_FIELDS = [*FIELDS, "reporter_identity"]


DATE_FIELDS = ("created_at", "due_at", "acknowledged_at", "resolved_at")
# How dates leave PostgreSQL: as the CSV's text, or as the spreadsheet's day number, both in the
# site's time zone (reading a timestamptz into a Python datetime costs more than the rest of the
# row together).
TEXT, SERIAL = "text", "serial"


def _local(field: str, form: str):
    local = Func(Value(timezone.get_current_timezone_name()), F(field), function="timezone")
    if form == TEXT:
        return Func(local, Value("YYYY-MM-DD HH24:MI"), function="to_char", output_field=CharField())
    return Func(
        local,
        template="(floor(EXTRACT(EPOCH FROM %(expressions)s)) / 86400 + 25569)::float8",
        output_field=FloatField(),
    )


def export_queryset(*, user, f: DashboardFilters, identities: bool = False, dates: str | None = None):
    """Plain tuples (no model instances, no joins): the aspirations received in the period,
    oldest first. ``dates``: ``TEXT`` or ``SERIAL`` to have PostgreSQL convert the dates (else
    they are aware datetimes)."""
    names = IDENTITY_FIELDS if identities else FIELDS
    queryset = received(user=user, f=f).order_by("created_at", "id")
    if dates is None or connection.vendor != "postgresql":
        return queryset.values_list(*names)
    local = {f"{name}_local": _local(name, dates) for name in DATE_FIELDS}
    return queryset.annotate(**local).values_list(
        *(f"{name}_local" if name in DATE_FIELDS else name for name in names)
    )


def count(*, user, f: DashboardFilters, up_to: int | None = None) -> int:
    """How many rows the export holds; with ``up_to``, counting stops past that many (the
    export view only asks whether it is over the background threshold)."""
    queryset = received(user=user, f=f).order_by()
    if up_to is not None:
        queryset = queryset.values("pk")[: up_to + 1]
    return queryset.count()


def _labels(choices) -> dict[str, str]:
    return {value: text(str(label)) for value, label in choices.choices}


def _wib_converter() -> Callable:
    tz = timezone.get_current_timezone()

    def wib(value):
        if isinstance(value, datetime):
            return value.astimezone(tz).replace(tzinfo=None, microsecond=0)
        return value  # None, or converted by PostgreSQL already

    return wib


class _Identities:
    """Which identities go into the file, opened only for those rows, each confidential one
    logged (one insert per chunk)."""

    def __init__(self, user):
        self.user = user
        self.units: dict[int, PoliceUnit] = {}
        self.shown: list[int] = []

    def show(self, pk, privacy, sealed, assignee_id, unit_id) -> tuple[str, str, str]:
        if privacy == Privacy.PUBLIC:
            allowed = bool(sealed)
        elif privacy == Privacy.CONFIDENTIAL:
            aspiration = Aspiration(
                pk=pk, privacy=privacy, reporter_identity=sealed, assignee_id=assignee_id, unit_id=unit_id
            )
            if unit_id:
                aspiration.unit = self.units.get(unit_id) or self._unit(unit_id)
            allowed = aspiration_rules.can_see_identity(self.user, aspiration)
            if allowed:
                self.shown.append(pk)
        else:
            allowed = False
        if not allowed:
            return "", "", ""
        who = reveal_identity(sealed)
        return text(who.name), text(who.phone), text(who.email)

    def _unit(self, unit_id: int) -> PoliceUnit:
        unit = PoliceUnit.objects.only("pk", "path").get(pk=unit_id)
        self.units[unit_id] = unit
        return unit

    def flush(self) -> None:
        if self.shown:
            aspiration_services.record_identity_views(viewer=self.user, aspiration_ids=self.shown)
            self.shown = []


def rows(
    *,
    user,
    f: DashboardFilters,
    identities: bool,
    dates: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[list]:
    """One list of cell values per aspiration, text already made safe; dates naive datetimes in
    WIB, or on PostgreSQL as ``dates`` asks (``TEXT``, ``SERIAL``). ``progress`` is called with
    the number of rows written so far after every chunk."""
    yes, no = _("yes"), _("no")
    kinds, statuses, priorities = _labels(Kind), _labels(Status), _labels(Priority)
    privacies, verifications = _labels(Privacy), _labels(Verification)
    labels = Labels()
    wib = _wib_converter()
    converted = dates is not None and connection.vendor == "postgresql"
    shown = _Identities(user) if identities else None
    nobody = ("", "", "")
    done = 0
    cursor = export_queryset(user=user, f=f, identities=identities, dates=dates).iterator(chunk_size=CHUNK)
    while chunk := list(islice(cursor, CHUNK)):
        names = labels.for_chunk(chunk)
        category, rw, village, unit = names.category, names.rw, names.village, names.unit
        operation, session, outcome = names.operation, names.session, names.outcome
        for row in chunk:
            (pk, code, created, kind, category_id, status, priority, urgent, rw_id, village_id, unit_id,
             operation_id, session_id, due, acknowledged, resolved, outcome_id, verification, rating,
             privacy, assignee_id, location_detail, description, *sealed) = row  # fmt: skip
            who = (
                shown.show(pk, privacy, sealed[0], assignee_id, unit_id)
                if shown is not None and sealed[0]
                else nobody
            )
            yield [
                text(code),
                created if converted else wib(created),
                kinds.get(kind, kind),
                category.get(category_id, ""),
                statuses.get(status, status),
                priorities.get(priority, priority),
                yes if urgent else no,
                rw.get(rw_id, ""),
                village.get(village_id, ""),
                unit.get(unit_id, ""),
                operation.get(operation_id, ""),
                session.get(session_id, ""),
                due if converted else wib(due),
                acknowledged if converted else wib(acknowledged),
                resolved if converted else wib(resolved),
                outcome.get(outcome_id, ""),
                verifications.get(verification, ""),
                rating if rating is not None else "",
                privacies.get(privacy, privacy),
                *who,
                text(location_detail),
                text(description),
            ]
        done += len(chunk)
        if shown is not None:
            shown.flush()
        if progress is not None:
            progress(done)


class _Line:
    """A file-like object whose ``write`` hands the line back (csv.writer → generator)."""

    def write(self, value: str) -> str:
        return value


# The separators offered: a comma, and the semicolon that Excel set to Indonesian (where the comma
# is the decimal mark) expects when it opens a CSV file.
SEPARATORS = {"comma": ",", "semicolon": ";"}


def _minutes(value) -> str:
    if isinstance(value, datetime):
        return value.isoformat(" ", "minutes")
    return value or ""


def csv_lines(
    *, user, f: DashboardFilters, identities: bool, separator: str = ",", progress=None
) -> Iterator[str]:
    """The CSV text in pieces of about ``CHUNK`` lines (one per yield, so a streamed response
    writes a few large pieces, not a million small ones)."""
    writer = csv.writer(_Line(), delimiter=separator)
    converted = connection.vendor == "postgresql"  # the dates come as text
    yield "\ufeff" + writer.writerow(headers())  # a byte-order mark, so spreadsheet programs read UTF-8
    lines = []
    for row in rows(user=user, f=f, identities=identities, dates=TEXT, progress=progress):
        if not converted:
            for i in DATE_COLUMNS:
                row[i] = _minutes(row[i])
        lines.append(writer.writerow(row))
        if len(lines) >= CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def xlsx_file(*, user, f: DashboardFilters, identities: bool, handle=None, progress=None):
    """The workbook in ``handle`` (a new temporary file deleted when closed, if none is given),
    positioned at its start."""
    from .xlsx import write_workbook

    return write_workbook(
        handle=handle,
        sheet_title=_("Aspirations"),
        headers=headers(),
        widths=COLUMN_WIDTHS,
        date_columns=DATE_COLUMNS,
        rows=rows(user=user, f=f, identities=identities, dates=SERIAL, progress=progress),
    )
