"""A one-sheet XLSX workbook written as XML straight into the zip archive, row by row.

openpyxl (even write-only) builds objects for every cell and reaches a few hundred rows a second
on this machine; an export of a year of a Polda needs thousands. The sheet here is the small
subset of SpreadsheetML such an export needs: inline strings, numbers, dates (a number with a
date style), the heading row frozen, an auto-filter over every column, column widths. openpyxl,
LibreOffice and Excel read it.
"""

import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

EPOCH = datetime(1899, 12, 30)  # day 0 of spreadsheet dates (1900 system)
ROWS_PER_WRITE = 1000

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name={title} sheetId="1" r:id="rId1"/></sheets>\
<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\
{filter_name}</definedName></definedNames></workbook>"""
# Style 0: default; 1: date and time ("2024-11-20 09:00"); 2: bold (the heading).
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>"""
SHEET_END = '</sheetData><autoFilter ref="A1:{last}"/></worksheet>'


def _text_cell(ref: str, value: str, style: str = "") -> str:
    if "&" in value or "<" in value or ">" in value:
        value = escape(value)
    return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'


def write_workbook(
    *,
    handle=None,
    sheet_title: str,
    headers: list[str],
    widths: dict[int, float],
    date_columns: Iterable[int],
    rows: Iterable[list],
):
    """Write the workbook to ``handle`` (a new temporary file if none) and return it at its start.
    Cells: ``str`` as text, numbers as numbers, and in ``date_columns`` a naive ``datetime`` or a
    day number as a date; empty strings and ``None`` leave the cell out."""
    if handle is None:
        handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 — the caller closes it
    letters = [get_column_letter(i) for i in range(1, len(headers) + 1)]
    dates = set(date_columns)
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{widths.get(i - 1, max(12, len(title) + 2))}" customWidth="1"/>'
        for i, title in enumerate(headers, start=1)
    )
    count = 0
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            heading = "".join(
                _text_cell(f"{letter}1", title, ' s="2"')
                for letter, title in zip(letters, headers, strict=True)
            )
            sheet.write((SHEET_START.format(cols=cols) + f'<row r="1">{heading}</row>').encode())
            pieces = []
            number = 1
            for row in rows:
                number += 1
                cells = []
                for i, value in enumerate(row):
                    if value is None or value == "":
                        continue
                    ref = f"{letters[i]}{number}"
                    if isinstance(value, str):
                        cells.append(_text_cell(ref, value))
                    elif i in dates:
                        # A day number (from PostgreSQL), or a naive datetime.
                        if isinstance(value, datetime):
                            value = (value - EPOCH).total_seconds() / 86400
                        cells.append(f'<c r="{ref}" s="1"><v>{value!r}</v></c>')
                    elif isinstance(value, bool):
                        cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                pieces.append(f'<row r="{number}">{"".join(cells)}</row>')
                if len(pieces) >= ROWS_PER_WRITE:
                    sheet.write("".join(pieces).encode())
                    pieces = []
            if pieces:
                sheet.write("".join(pieces).encode())
            count = number - 1
            sheet.write(SHEET_END.format(last=f"{letters[-1]}{count + 1}").encode())
        title = sheet_title[:31]
        quoted = title.replace("'", "''")
        filter_name = f"'{quoted}'!$A$1:${letters[-1]}${count + 1}"
        archive.writestr(
            "xl/workbook.xml", WORKBOOK.format(title=quoteattr(title), filter_name=escape(filter_name))
        )
    handle.seek(0)
    return handle
