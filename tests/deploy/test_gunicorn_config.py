"""deploy/gunicorn.conf.py as gunicorn loads it: its access log keeps no address and no secret."""

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config

CONF = Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py"


def load_config(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    cfg = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in cfg.settings:
            cfg.set(name, value)
    return cfg


def access_line(cfg, path, query="", headers=()):
    logger = cfg.logger_class(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": "https://ngopi.example.go.id/aspirasi/lacak/NK-AAAA-BBBB-CCCC-DDDD/",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13)",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.23"), *headers])
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    atoms = logger.atoms_wrapper_class(logger.atoms(response, request, environ, timedelta(milliseconds=12)))
    return cfg.access_log_format % atoms


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/aspirasi/lacak/NK-7K3Q-9XZ2-M4TD-H8PW/", "/aspirasi/lacak/[redacted]/"),
        ("/aspirasi/lacak/NK-7K3Q-9XZ2-M4TD-H8PW/balas/", "/aspirasi/lacak/[redacted]/balas/"),
        ("/aspirasi/terkirim/NK-7K3Q-9XZ2-M4TD-H8PW/", "/aspirasi/terkirim/[redacted]/"),
        ("/kegiatan/kalender/s3cr3t-t0ken.ics", "/kegiatan/kalender/[redacted]"),
        ("/accounts/reset/MTI/s3cr3t-t0ken/", "/accounts/reset/[redacted]/"),
        ("/aspirasi/kirim/", "/aspirasi/kirim/"),
    ],
)
def test_access_log_line_has_no_address_and_no_secret(monkeypatch, path, shown):
    line = access_line(load_config(monkeypatch), path, query="code=NK-7K3Q-9XZ2-M4TD-H8PW")
    assert f'"GET {shown}" 200 1234 12ms' in line
    for private in ("203.0.113.7", "198.51.100.23", "NK-7K3Q", "s3cr3t", "Android", "https://"):
        assert private not in line


def test_access_log_custom_format_still_cannot_print_the_address(monkeypatch):
    cfg = load_config(monkeypatch)
    cfg.set("access_log_format", '%(h)s %({x-forwarded-for}i)s "%(r)s" %(q)s %(f)s %(a)s %(s)s')
    line = access_line(cfg, "/aspirasi/lacak/NK-7K3Q-9XZ2-M4TD-H8PW/", query="x=1")
    assert line == '- - "-" - - - 200'


def test_gunicorn_config_workers_and_bind_from_environment(monkeypatch):
    cfg = load_config(
        monkeypatch, WEB_CONCURRENCY="3", GUNICORN_BIND="10.0.0.5:8000", FORWARDED_ALLOW_IPS="10.0.0.2"
    )
    assert cfg.workers == 3
    assert cfg.bind == ["10.0.0.5:8000"]
    assert cfg.forwarded_allow_ips == ["10.0.0.2"]
    assert cfg.control_socket_disable is True
