"""CSV and XLSX exports of the aspirations behind the dashboard's filters, streamed.

Rows come from the database in chunks (a server-side cursor on PostgreSQL), so an export of
100,000 rows never holds them all in memory: CSV is written to the response line by line, XLSX
through openpyxl's write-only workbook into a temporary file that is then streamed.

Every text cell goes through ``ngopi.core.text.spreadsheet_cell``: control characters a resident
pasted are dropped (a vertical tab or ESC would make openpyxl refuse the whole workbook), and a
cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or line break) is prefixed with an
apostrophe, so no spreadsheet evaluates it (spreadsheet injection).

Reporter identity: none of any kind unless the user asked for identities (by POST, with the CSRF
token: ``views._identities``); then public ones to whoever sees the aspiration, anonymous reports
have none, and confidential ones only when the user may see them
(``aspirations.rules.can_see_identity``), each inclusion logged through
``aspirations.services.record_identity_view`` (as the detail page does). Identities are stored
sealed (``aspirations.identity``) and opened here only for the rows whose identity is exported.
"""

import csv
import tempfile
from collections.abc import Iterator
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from aspirations import rules as aspiration_rules
from aspirations import services as aspiration_services
from aspirations.enums import Kind, Priority, Privacy, Status, Verification
from aspirations.identity import ReporterIdentity
from aspirations.identity import reveal as reveal_identity
from aspirations.models import Aspiration
from ngopi.accounts.models import PoliceUnit
from ngopi.core.text import spreadsheet_cell

from .selectors.filters import DashboardFilters, received

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


def _wib(value: datetime | None) -> datetime | None:
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else None


FIELDS = [
    "pk",
    "code",
    "created_at",
    "kind",
    "category__name",
    "status",
    "priority",
    "urgent",
    "rw__name",
    "village__name",
    "unit_id",
    "unit__name",
    "unit__path",
    "operation__name",
    "session__title",
    "due_at",
    "acknowledged_at",
    "resolved_at",
    "outcome__name",
    "verification",
    "rating",
    "privacy",
    "assignee_id",
    "reporter_identity",
    "location_detail",
    "description",
]


def export_queryset(*, user, f: DashboardFilters):
    """Plain tuples (no model instances): the aspirations received in the period, oldest first."""
    return received(user=user, f=f).order_by("created_at", "id").values_list(*FIELDS)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _may_see(user, row: dict) -> tuple[bool, Aspiration]:
    """``aspirations.rules.can_see_identity`` on the exported row, without loading the model."""
    aspiration = Aspiration(
        pk=row["pk"],
        privacy=row["privacy"],
        reporter_identity=row["reporter_identity"],
        assignee_id=row["assignee_id"],
        unit_id=row["unit_id"],
    )
    if row["unit_id"]:
        aspiration.unit = PoliceUnit(pk=row["unit_id"], path=row["unit__path"])
    return aspiration_rules.can_see_identity(user, aspiration), aspiration


def rows(*, user, f: DashboardFilters, identities: bool) -> Iterator[list]:
    """One list of cell values per aspiration (datetimes naive, in WIB), text already made safe."""
    yes, no = _("yes"), _("no")
    kinds, statuses, priorities = _labels(Kind), _labels(Status), _labels(Priority)
    privacies, verifications = _labels(Privacy), _labels(Verification)
    shown: list[int] = []  # identities shown, logged in batches (one insert per chunk)
    for values in export_queryset(user=user, f=f).iterator(chunk_size=CHUNK):
        row = dict(zip(FIELDS, values, strict=True))
        show = identities and row["privacy"] == Privacy.PUBLIC  # unticked: no identity at all
        if identities and row["privacy"] == Privacy.CONFIDENTIAL:
            show, aspiration = _may_see(user, row)
            if show and aspiration.has_identity:
                shown.append(aspiration.pk)
                if len(shown) >= CHUNK:
                    aspiration_services.record_identity_views(viewer=user, aspiration_ids=shown)
                    shown = []
        # Opened only for the rows whose identity goes into the file.
        who = reveal_identity(row["reporter_identity"]) if show else ReporterIdentity()
        yield [
            spreadsheet_cell(cell)
            for cell in (
                row["code"],
                _wib(row["created_at"]),
                kinds.get(row["kind"], row["kind"]),
                row["category__name"],
                statuses.get(row["status"], row["status"]),
                priorities.get(row["priority"], row["priority"]),
                yes if row["urgent"] else no,
                row["rw__name"],
                row["village__name"],
                row["unit__name"] or "",
                row["operation__name"] or "",
                row["session__title"] or "",
                _wib(row["due_at"]),
                _wib(row["acknowledged_at"]),
                _wib(row["resolved_at"]),
                row["outcome__name"] or "",
                verifications.get(row["verification"], ""),
                row["rating"] if row["rating"] is not None else "",
                privacies.get(row["privacy"], row["privacy"]),
                who.name,
                who.phone,
                who.email,
                row["location_detail"],
                row["description"],
            )
        ]
    if shown:
        aspiration_services.record_identity_views(viewer=user, aspiration_ids=shown)


class _Line:
    """A file-like object whose ``write`` hands the line back (csv.writer → generator)."""

    def write(self, value: str) -> str:
        return value


# The separators offered: a comma, and the semicolon that Excel set to Indonesian (where the comma
# is the decimal mark) expects when it opens a CSV file.
SEPARATORS = {"comma": ",", "semicolon": ";"}


def csv_lines(*, user, f: DashboardFilters, identities: bool, separator: str = ",") -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=separator)
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read UTF-8
    yield writer.writerow(headers())
    for row in rows(user=user, f=f, identities=identities):
        yield writer.writerow(
            [value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value for value in row]
        )


def xlsx_file(*, user, f: DashboardFilters, identities: bool):
    """A temporary file holding the workbook (deleted when closed), positioned at its start."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Aspirations"))
    # Set before the first row (a write-only sheet writes its columns first): widths that fit the
    # headings and usual values, the heading row frozen, and a filter on every column.
    titles = headers()
    for index, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS.get(
            index - 1, max(12, len(title) + 2)
        )
    sheet.freeze_panes = "A2"
    sheet.append(titles)
    count = 0
    for row in rows(user=user, f=f, identities=identities):
        # No text starts with "=" any more (spreadsheet_cell), so openpyxl stores none as a formula.
        sheet.append(row)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{count + 1}"
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 — FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
