"""Text cells made safe, fast: ``ngopi.core.text.spreadsheet_cell`` for the values that need it,
the value itself for the rest (almost every cell: one regular-expression search instead of two
substitutions)."""

import re

from ngopi.core.text import FORMULA_START, SPREADSHEET_CELL_LIMIT, spreadsheet_cell

# Everything ``clean_text`` would change: control characters but tab and newline (the carriage
# return and the other line breaks included), DEL, C1 controls, lone surrogates, the two
# non-characters XML forbids, and the Unicode line and paragraph separators.
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def text(value):
    """``spreadsheet_cell(value)`` for a string (or ``None``, given back as ``""``)."""
    if not value:
        return "" if value is None else value
    if value.startswith(FORMULA_START) or len(value) > SPREADSHEET_CELL_LIMIT or _UNCLEAN.search(value):
        return spreadsheet_cell(value)
    return value
