"""Loading administrative areas from a CSV of official codes (``import_areas``).

Columns (header row required, UTF-8, comma-separated):

``code``         unique code of the area: the Kemendagri code where one exists
                 (``32.75`` for Kota Bekasi); RW and RT, which have none, take any unique
                 string, by convention the kelurahan code plus ``.RW018`` / ``.RT003``
``level``        ``province``, ``city``, ``district`` (kecamatan), ``village``
                 (kelurahan/desa), ``rw`` or ``rt``
``name``         the area's name
``parent_code``  code of the area one level up (empty for a province); the parent must be
                 in the database already or on an earlier line
``polsek_code``  optional, villages only: code of the Polsek covering it

A code already in the database is updated (name, covering Polsek), so re-importing the same
file changes nothing. Every error is reported with its line number, and if there is any the
whole file is refused: nothing is half-imported.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ngopi.accounts.enums import UnitKind
from ngopi.accounts.models import PoliceUnit
from ngopi.core import tree

from .enums import LEVEL_ORDER, PARENT_LEVEL, AreaLevel
from .models import Area

REQUIRED_COLUMNS = ("code", "level", "name", "parent_code")
OPTIONAL_COLUMNS = ("polsek_code",)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    code: str
    level: str
    name: str
    parent_code: str
    polsek_code: str


def _read(text: str, result: ImportResult) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        result.errors.append(_("Line 1: missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        return []
    rows = []
    for raw in reader:
        values = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(values.values()):
            continue
        rows.append(
            _Row(
                line=reader.line_num,
                code=values.get("code", ""),
                level=values.get("level", "").lower(),
                name=values.get("name", ""),
                parent_code=values.get("parent_code", ""),
                polsek_code=values.get("polsek_code", ""),
            )
        )
    return rows


def import_areas(text: str, *, dry_run: bool = False) -> ImportResult:
    """Validate every row, then write all of them in one transaction (or none)."""
    result = ImportResult()
    rows = _read(text, result)
    if result.errors:
        return result

    codes_in_file = [r.code for r in rows if r.code]
    existing = {a.code: a for a in Area.objects.filter(code__in=codes_in_file)}
    parent_codes = {r.parent_code for r in rows if r.parent_code} - set(codes_in_file)
    existing.update({a.code: a for a in Area.objects.filter(code__in=parent_codes)})
    polseks = {
        u.code: u
        for u in PoliceUnit.objects.filter(
            code__in={r.polsek_code for r in rows if r.polsek_code}, kind=UnitKind.POLSEK
        )
    }

    seen: dict[str, _Row] = {}
    names: dict[tuple[str, str], int] = {}
    for row in rows:
        error = _check_row(row, seen, existing, polseks)
        key = (row.parent_code, row.name.casefold())
        if not error and key in names:
            error = _("%(name)s appears twice under the same parent (line %(line)d).") % {
                "name": row.name,
                "line": names[key],
            }
        names.setdefault(key, row.line)
        if error:
            result.errors.append(_("Line %(line)d: %(error)s") % {"line": row.line, "error": error})
        seen.setdefault(row.code, row)
    if result.errors or dry_run:
        return result

    try:
        with transaction.atomic():
            _write(rows, existing, polseks, result)
    except IntegrityError as exc:  # e.g. a name already used under that parent in the database
        result.errors.append(_("The file conflicts with areas already stored: %(error)s") % {"error": exc})
        result.created = result.updated = result.unchanged = 0
    return result


def _check_row(row: _Row, seen: dict, existing: dict, polseks: dict) -> str | None:
    if not row.code:
        return _("the code is empty.")
    if row.code in seen:
        return _("code %(code)s already appears on line %(line)d.") % {
            "code": row.code,
            "line": seen[row.code].line,
        }
    if not row.name:
        return _("the name is empty.")
    if len(row.name) > 150 or len(row.code) > 30:
        return _("the name (150) or code (30 characters) is too long.")
    if row.level not in AreaLevel.values:
        return _("unknown level %(level)s; use one of %(levels)s.") % {
            "level": row.level or "''",
            "levels": ", ".join(AreaLevel.values),
        }
    expected_parent = PARENT_LEVEL.get(AreaLevel(row.level))
    if expected_parent is None:
        if row.parent_code:
            return _("a province has no parent, but parent_code is %(code)s.") % {"code": row.parent_code}
    else:
        if not row.parent_code:
            return _("parent_code is required for level %(level)s.") % {"level": row.level}
        parent_level = None
        if row.parent_code in seen:
            parent_level = seen[row.parent_code].level
        elif row.parent_code in existing:
            parent_level = existing[row.parent_code].level
        else:
            return _("parent %(code)s is neither in the database nor on an earlier line.") % {
                "code": row.parent_code
            }
        if parent_level != expected_parent:
            return _("a %(level)s must be under a %(expected)s, but %(code)s is a %(actual)s.") % {
                "level": row.level,
                "expected": expected_parent.value,
                "code": row.parent_code,
                "actual": parent_level,
            }
    current = existing.get(row.code)
    if current is not None:
        if current.level != row.level:
            return _("%(code)s exists already as a %(level)s.") % {"code": row.code, "level": current.level}
        current_parent_code = current.parent.code if current.parent_id else ""
        if current_parent_code != row.parent_code:
            return _("%(code)s exists already under another parent; move it in the admin.") % {
                "code": row.code
            }
    if row.polsek_code:
        if row.level != AreaLevel.VILLAGE:
            return _("only a village (kelurahan/desa) can have a polsek_code.")
        if row.polsek_code not in polseks:
            return _("there is no Polsek with code %(code)s.") % {"code": row.polsek_code}
    return None


def _write(rows: list[_Row], existing: dict, polseks: dict, result: ImportResult) -> None:
    by_code: dict[str, Area] = dict(existing)
    new_by_level: dict[str, list[Area]] = {}
    to_update: list[Area] = []
    for row in rows:
        polsek = polseks.get(row.polsek_code)
        current = existing.get(row.code)
        if current is not None:
            if current.name != row.name or (current.polsek_id != (polsek.pk if polsek else None)):
                current.name = row.name
                current.polsek = polsek
                to_update.append(current)
            else:
                result.unchanged += 1
            continue
        area = Area(code=row.code, name=row.name, level=row.level, polsek=polsek)
        area._parent_code = row.parent_code
        new_by_level.setdefault(row.level, []).append(area)
        by_code[row.code] = area
    if to_update:
        Area.objects.bulk_update(to_update, ["name", "polsek"], batch_size=1000)
        result.updated = len(to_update)
    # Parents come before children, so one bulk insert per level from the top.
    for level in LEVEL_ORDER:
        batch = new_by_level.get(level, [])
        for area in batch:
            parent = by_code.get(area._parent_code) if area._parent_code else None
            tree.place(area, parent)
        if batch:
            Area.objects.bulk_create(batch, batch_size=1000)
            result.created += len(batch)
