"""`manage.py check --deploy` passes with the production environment docs/operations.md documents."""

import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
MARKER = "# production environment (checked by tests/core/test_deploy_check.py)"


def documented_environment() -> dict[str, str]:
    readme = (BASE / "docs" / "operations.md").read_text()
    block = next(b for b in re.findall(r"```sh\n(.*?)```", readme, re.DOTALL) if b.startswith(MARKER))
    env = {}
    for line in block.splitlines()[1:]:
        name, _, value = line.partition("=")
        env[name.strip()] = value.strip()
    # The documented keys are placeholders.
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env["NGOPI_IDENTITY_KEYS"] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return env


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    # Nothing of the test run's environment leaks in: only what a production server would have.
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_documented_production_environment():
    env = documented_environment()
    assert env["DEBUG"] == "0"
    result = check_deploy(env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_a_short_secret_key():
    result = check_deploy({**documented_environment(), "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "security.W009" in result.stderr
