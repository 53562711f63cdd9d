"""deploy/systemd units pass `systemd-analyze verify` without a warning."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

UNITS = Path(settings.BASE_DIR) / "deploy" / "systemd"
ANALYZE = shutil.which("systemd-analyze")
pytestmark = pytest.mark.skipif(
    ANALYZE is None and not os.environ.get("CI"), reason="systemd-analyze not installed"
)


def test_systemd_units_verify_cleanly(tmp_path):
    venv = Path(sys.executable).parent.parent  # the units' /srv/ngopi/venv, here
    names = sorted(path.name for path in UNITS.glob("ngopi-*.service"))
    assert names == ["ngopi-beat.service", "ngopi-web.service", "ngopi-worker.service"]
    for name in names:
        (tmp_path / name).write_text((UNITS / name).read_text().replace("/srv/ngopi/venv", str(venv)))
    result = subprocess.run(
        [ANALYZE, "verify", *(str(tmp_path / name) for name in names)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # an unknown or misspelt option is only a warning


def test_systemd_units_run_hardened_as_ngopi_with_the_env_file():
    for path in UNITS.glob("ngopi-*.service"):
        unit = path.read_text().splitlines()
        for line in (
            "User=ngopi",
            "EnvironmentFile=/etc/ngopi/env",
            "ProtectSystem=strict",
            "NoNewPrivileges=yes",
            "StateDirectory=ngopi",
        ):
            assert line in unit, (path.name, line)
