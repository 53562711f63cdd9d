"""Hypothesis strategies for what people may type or paste into any text field."""

from hypothesis import strategies as st

# What has broken, or could break, a page, a feed or an export.
NASTY = [
    "\x0b",
    "Baris satu\x0bbaris dua",
    "\x1b[31mmerah\x1b[0m",
    "\x00nol",
    "\x07\x08\x7f\x85\x9b",
    "\ufeff\ufffe\uffff",
    "a\r\nb\rc\u2028d\u2029e",
    '=HYPERLINK("http://contoh.invalid","klik")',
    "+62 812",
    "-1",
    "@Budi",
    "\t=1+1",
    "مرحبا، هناك شجار في الحي",
    "\u202ekebalik\u202c",
    "👨\u200d👩\u200d👧 🔥🛵💥",
    "<script>alert(1)</script>",
    "{{ request }} {% now 'Y' %}",
    "%(name)s %s %d {0}",
    "'; DROP TABLE aspirations_aspiration; --",
    "BEGIN:VEVENT\r\nSUMMARY:palsu\r\nEND:VEVENT",
    " ",
]

# Any text without lone surrogates (a browser cannot send them as UTF-8), short or very long.
any_characters = st.characters(exclude_categories=("Cs",))
TEXT = st.one_of(
    st.text(any_characters, max_size=120),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=8).map("".join),
    st.tuples(st.text(any_characters, min_size=1, max_size=8), st.integers(200, 1200)).map(
        lambda pair: pair[0] * pair[1]
    ),
)
