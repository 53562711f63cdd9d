"""Which way imports go between the platform's layers (DESIGN.md §3; docs/architecture.md).

- ``ngopi.core`` holds utilities only: they import Django, libraries and each other, never an app
  of ours, so any app may use them.
- ``ngopi.site`` (home pages, navigation, health check, error pages) and ``ngopi.seeding`` (demo
  and load data) sit above the domain apps: they may import them, no domain app imports them.

Imports are read from the source with ``ast`` (those inside functions too), not by importing.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)

ABOVE_THE_DOMAIN = ("ngopi.site", "ngopi.wilayah", "ngopi.seeding")
# The domain apps and the shared apps below the site and the seeders.
BELOW_THE_SITE = [
    BASE / "ngopi" / name for name in ("accounts", "areas", "notifications", "dashboard", "core")
]
BELOW_THE_SITE += [BASE / "events", BASE / "aspirations"]


def modules(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "migrations" not in path.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BASE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def within(name: str, packages) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def test_imported_resolves_relative_imports():
    # The reader itself, on modules whose imports are known.
    assert "ngopi.core.logging.redact" in imported(BASE / "ngopi" / "core" / "requestid.py")
    assert "ngopi.site.health.check_broker" in imported(BASE / "ngopi" / "site" / "views.py")
    assert "ngopi.areas.selectors" in imported(BASE / "ngopi" / "site" / "views.py")


def test_core_utilities_import_no_app_of_ours():
    """Of this project's code a utility imports only other utilities: no app, and not the platform's
    settings, URLs or Celery app either."""
    ours = ("ngopi", "events", "aspirations", "tests", "bench")
    found = {
        module_name(path): sorted(
            name for name in imported(path) if within(name, ours) and not within(name, ("ngopi.core",))
        )
        for path in modules(BASE / "ngopi" / "core")
    }
    assert {module: names for module, names in found.items() if names} == {}


@pytest.mark.parametrize("folder", BELOW_THE_SITE, ids=lambda folder: str(folder.relative_to(BASE)))
def test_no_app_below_imports_the_site_or_the_seeders(folder):
    found = {
        module_name(path): sorted(name for name in imported(path) if within(name, ABOVE_THE_DOMAIN))
        for path in modules(folder)
    }
    assert {module: names for module, names in found.items() if names} == {}


def test_the_seeders_are_in_one_place():
    """The demo scenario and the scale data of every app live in ``ngopi/seeding``."""
    elsewhere = [
        str(path.relative_to(BASE))
        for folder in BELOW_THE_SITE
        for path in modules(folder)
        if path.stem in {"demo", "load", "load_activity"} or path.stem.startswith("seed_")
    ]
    assert elsewhere == []
