"""deploy/nginx/ngopi.conf passes `nginx -t` with a throwaway self-signed certificate."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy" / "nginx"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.skipif(
    (NGINX is None or OPENSSL is None) and not os.environ.get("CI"), reason="nginx or openssl not installed"
)


def site_config(tmp_path: Path) -> Path:
    """The shipped site with its machine paths pointed into tmp_path, inside a minimal nginx.conf."""
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True,
        capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "ngopi.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/ngopi.example.go.id/", f"{tmp_path}/")
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    site = site.replace("/etc/nginx/snippets/ngopi-proxy.conf", str(DEPLOY / "ngopi-proxy.conf"))
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    access_log {tmp_path}/access.log;\n"
        f"    client_body_temp_path {tmp_path}/body;\n"
        f"    proxy_temp_path {tmp_path}/proxy;\n"
        f"    include {tmp_path}/site.conf;\n"
        "}\n"
    )
    return main


def test_nginx_config_passes_nginx_t(tmp_path):
    main = site_config(tmp_path)
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(main)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_nginx_config_logs_no_client_address():
    site = (DEPLOY / "ngopi.conf").read_text()
    formats = [line for line in site.splitlines() if "log_format" in line or line.strip().startswith("'$")]
    assert formats
    assert all("remote_addr" not in line and "forwarded_for" not in line for line in formats)
    # every access_log of the site uses that format (or is off)
    for line in site.splitlines():
        if line.strip().startswith("access_log"):
            assert line.strip().endswith(("ngopi_private;", "off;")), line
