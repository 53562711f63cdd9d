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
