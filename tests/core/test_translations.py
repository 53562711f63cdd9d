"""Every user-facing string has an Indonesian translation."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

PO = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr


def test_indonesian_catalogue_is_complete_with_nothing_fuzzy():
    stats = statistics(PO)
    assert "untranslated" not in stats, stats
    assert "fuzzy" not in stats, stats


def test_indonesian_catalogue_covers_every_string_in_the_code(tmp_path):
    """After makemessages re-reads the code, still nothing is untranslated."""
    backup = tmp_path / "django.po"
    shutil.copy(PO, backup)
    try:
        call_command(
            "makemessages",
            locale=["id"],
            ignore_patterns=[".venv/*", "var/*", "bench/*", "tests/*"],
            no_obsolete=True,
            verbosity=0,
        )
        stats = statistics(PO)
    finally:
        shutil.copy(backup, PO)
    assert "untranslated" not in stats, stats
    assert "fuzzy" not in stats, stats
