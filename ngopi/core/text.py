"""Text as people type or paste it, made safe to keep, show and export.

Residents paste from chat apps and word processors: a vertical tab (Word's line break), an ESC,
a stray C1 control. Nothing of it means anything on a page, and
some of it breaks what we write: XML (so XLSX) allows no C0 control but tab, newline and
carriage return, and no U+FFFE/U+FFFF or lone surrogate.

``clean_text`` is applied to every text field of our forms (``CleanCharField``) and again to
every exported cell (``spreadsheet_cell``), for what was stored before or came in another way.
"""

import re

from django import forms

# Breaks that mean "new line": CRLF and CR, vertical tab and form feed (Word, PDFs), NEL,
# and the Unicode line and paragraph separators (which some programs treat as the end of a row).
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# What is dropped: C0 controls but tab and newline, DEL, C1 controls, lone surrogates,
# the two non-characters XML forbids.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Spreadsheets evaluate a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Excel keeps at most this many characters in a cell.
SPREADSHEET_CELL_LIMIT = 32_767


def clean_text(value: str) -> str:
    """``value`` with every line break as ``\\n``, tabs kept, other control characters gone."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def spreadsheet_cell(value):
    """A value for a CSV or XLSX cell: text cleaned, never read as a formula, not over Excel's
    limit; other values (numbers, dates, None) as they are."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.startswith(FORMULA_START):
        value = "'" + value
    return value[:SPREADSHEET_CELL_LIMIT]


class CleanCharField(forms.CharField):
    """A ``CharField`` whose value goes through ``clean_text`` before it is stripped and
    validated (lengths count what is kept)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value)
        return super().to_python(value)
