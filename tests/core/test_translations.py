"""Every user-facing string has an Indonesian translation."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

BASE = Path(settings.BASE_DIR)
# The project's catalogue and each app's own (events/, aspirations/ keep theirs beside them).
CATALOGUES = sorted(po for po in BASE.glob("**/locale/id/LC_MESSAGES/django.po") if ".venv" not in po.parts)


def statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr


def test_indonesian_catalogues_are_complete_with_nothing_fuzzy():
    assert BASE / "locale" / "id" / "LC_MESSAGES" / "django.po" in CATALOGUES
    for po in CATALOGUES:
        stats = statistics(po)
        assert "untranslated" not in stats, (po, stats)
        assert "fuzzy" not in stats, (po, stats)


def test_indonesian_catalogue_covers_every_string_in_the_code(tmp_path):
    """After makemessages re-reads the code, still nothing is untranslated."""
    backups = []
    for number, po in enumerate(CATALOGUES):
        backups.append((po, tmp_path / f"{number}.po"))
        shutil.copy(po, backups[-1][1])
    try:
        call_command(
            "makemessages",
            locale=["id"],
            ignore_patterns=[".venv/*", "var/*", "bench/*", "tests/*"],
            no_obsolete=True,
            verbosity=0,
        )
        stats = {po: statistics(po) for po, _backup in backups}
    finally:
        for po, backup in backups:
            shutil.copy(backup, po)
    for po, text in stats.items():
        assert "untranslated" not in text, (po, text)
        assert "fuzzy" not in text, (po, text)


def _entries(po: Path) -> dict[str, str]:
    """msgid → msgstr of a catalogue (single-form entries, continuation lines joined)."""
    entries, msgid, msgstr, target = {}, None, None, None
    for line in [*po.read_text().splitlines(), ""]:
        if line.startswith("msgid "):
            msgid, msgstr, target = line[6:].strip('"'), None, "id"
        elif line.startswith("msgstr "):
            msgstr, target = line[7:].strip('"'), "str"
        elif line.startswith('"') and target == "id":
            msgid += line.strip('"')
        elif line.startswith('"') and target == "str":
            msgstr += line.strip('"')
        elif not line.strip():
            if msgid and msgstr is not None:
                entries[msgid] = msgstr
            msgid = msgstr = target = None
    return entries


def test_a_string_shared_by_two_catalogues_reads_the_same_in_both():
    """Django merges the catalogues and the first app wins: the same English word must not get two
    Indonesian translations, or a page would show whichever app happens to come first."""
    seen: dict[str, tuple[str, Path]] = {}
    conflicts = []
    for po in CATALOGUES:
        for msgid, msgstr in _entries(po).items():
            if msgid in seen and seen[msgid][0] != msgstr:
                conflicts.append((msgid, seen[msgid], (msgstr, po)))
            seen.setdefault(msgid, (msgstr, po))
    assert not conflicts, conflicts[:10]


def test_gettext_is_imported_only_under_names_makemessages_reads():
    """makemessages finds `_`, `gettext`, `gettext_lazy`… but not a string wrapped in another
    alias (`gettext as _t`): such a string is never extracted, so it is never translated and
    the completeness tests above cannot see it."""
    import ast

    wrong = []
    for path in BASE.glob("**/*.py"):
        if {".venv", "tests", "bench", "var"} & set(path.relative_to(BASE).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                wrong += [
                    f"{path}: {a.name} as {a.asname}" for a in node.names if a.asname not in {None, "_"}
                ]
    assert not wrong, wrong


def test_no_string_is_translated_inside_an_f_string():
    """xgettext does not look inside f-string expressions: ``f"{_('Your role')}: …"`` was never
    extracted, so officers read "Your role" in English in their Indonesian e-mails."""
    import ast

    names = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
    wrong = []
    for path in BASE.glob("**/*.py"):
        if {".venv", "tests", "bench", "var"} & set(path.relative_to(BASE).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for part in ast.walk(node):
                if isinstance(part, ast.Call) and isinstance(part.func, ast.Name) and part.func.id in names:
                    wrong.append(f"{path}:{part.lineno}")
    assert not wrong, wrong
