"""The shared text cleaning: what is kept, what becomes a line break, what goes."""

import pytest

from ngopi.core.text import SPREADSHEET_CELL_LIMIT, CleanCharField, clean_text, spreadsheet_cell


def test_clean_text_keeps_tabs_newlines_and_every_script():
    text = "Tawuran\tRW 18\nمرحبا שלום 🙂👨‍👩‍👧 café"
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("satu\r\ndua\rtiga", "satu\ndua\ntiga"),
        ("satu\x0bdua\x0ctiga\x85empat\u2028lima", "satu\ndua\ntiga\nempat\nlima"),
        ("es\x1bc\x00a\x07p\x7fe\x9b", "escape"),
        ("a\ud800b\ufffec\uffffd", "abcd"),
    ],
)
def test_clean_text_turns_breaks_into_newlines_and_drops_controls(typed, kept):
    assert clean_text(typed) == kept


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\x0b=", "\x1b@"])
def test_spreadsheet_cell_never_starts_a_formula(start):
    assert spreadsheet_cell(start + "SUM(A1:A9)").startswith("'")


def test_spreadsheet_cell_leaves_numbers_and_plain_text_alone():
    assert spreadsheet_cell(5) == 5
    assert spreadsheet_cell(None) is None
    assert spreadsheet_cell("Jl. Melati") == "Jl. Melati"


def test_spreadsheet_cell_stays_within_excels_limit():
    assert len(spreadsheet_cell("x" * 40_000)) == SPREADSHEET_CELL_LIMIT


def test_clean_char_field_counts_what_is_kept():
    field = CleanCharField(min_length=3)
    assert field.clean("  \x1bab\x0bc  ") == "ab\nc"
