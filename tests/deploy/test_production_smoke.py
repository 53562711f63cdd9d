"""Production smoke test: the shipped deployment, started as an operator would, walks one resident's
aspiration to the officer's delivered e-mail.

It creates its own PostgreSQL database and migrates and seeds it with ``manage.py`` in
subprocesses, starts its own ``redis-server`` and an SMTP server on free ports, then gunicorn
with ``deploy/gunicorn.conf.py``, a Celery worker and Celery beat, all with the production
settings (``DEBUG=0``, collectstatic's manifest, SMTP e-mail); only plain HTTP on loopback
(``SECURE_SSL_REDIRECT=0``, ``SECURE_COOKIES=0``) differs from behind nginx. A resident opens the
public form, sends a tip, reads the receipt and the tracking page; beat's announcer assigns it
and the worker's e-mail reaches the Bhabinkamtibmas over SMTP. Everything it started is stopped
by pid and its database dropped.

Needs PostgreSQL (``DATABASE_URL``) and ``redis-server``: skipped without them, failed when
``CI`` is set.
"""

import base64
import email
import email.policy
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
REDIS = shutil.which("redis-server")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))
RW18 = "DEMO.3275.BKSSEL.PKYJ.RW018"
IDENTITY_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()  # a fixed, valid test key

pytestmark = pytest.mark.skipif(
    (REDIS is None or not ON_POSTGRES) and not os.environ.get("CI"),
    reason="needs PostgreSQL (DATABASE_URL) and redis-server",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, step: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


class SmtpSink:
    """Handler for aiosmtpd: keeps every message it is handed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


class Stack:
    """The processes of one production installation, each logging to its own file."""

    def __init__(self, tmp_path: Path, env: dict):
        self.tmp_path = tmp_path
        self.env = env
        self.processes: dict[str, subprocess.Popen] = {}

    def manage(self, name, *argv):
        """Start ``manage.py argv`` in the background; ``finish(name)`` waits for it to succeed."""
        return self.start(name, "manage.py", *argv)

    def finish(self, name, timeout=120):
        process = self.processes[name]
        process.wait(timeout)
        assert process.returncode == 0, f"manage.py {name}:\n{self.log(name)}"

    def start(self, name, *argv):
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115  (closed with the process)
        self.processes[name] = subprocess.Popen(
            [sys.executable, *argv], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        return self.processes[name]

    def log(self, name) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(f"--- {name}\n{self.log(name)[-3000:]}" for name in self.processes)

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # gunicorn and celery shut down gracefully on TERM
        for process in self.processes.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


@pytest.fixture
def database():
    """A fresh database on the test server's PostgreSQL, dropped afterwards."""
    import psycopg

    config = dj_database_url.parse(DATABASE_URL)
    name = f"{config['NAME']}_smoke_{secrets.token_hex(4)}"
    server = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl()
    try:
        yield url, lambda: psycopg.connect(dbname=name, autocommit=True, **server)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url():
    port = free_port()
    process = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def answers():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        assert wait_for(answers, timeout=10), "redis-server did not start"
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, sink
    finally:
        controller.stop()


def http_get(port, path, cookie=""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    return response, response.read().decode()


def test_production_stack_delivers_a_residents_tip_to_the_officer(tmp_path, database, redis_url, smtp_server):
    started = time.monotonic()
    database_url, connect = database
    smtp_port, sink = smtp_server
    web_port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "NGOPI_IDENTITY_KEYS": IDENTITY_KEY,
        "NGOPI_REQUIRE_2FA": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "DEFAULT_FROM_EMAIL": "Ngopi Kamtibmas <no-reply@ngopi.example.go.id>",
        "NGOPI_SITE_URL": f"http://127.0.0.1:{web_port}",
        "NGOPI_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "WEB_CONCURRENCY": "2",
    }
    (tmp_path / "var").mkdir()  # systemd's StateDirectory=ngopi in production
    stack = Stack(tmp_path, env)
    try:
        # First install, as docs/deploy.md says (the catalogues are compiled for the test run).
        stack.manage("migrate", "migrate", "--noinput", "-v0")
        stack.manage("collectstatic", "collectstatic", "--noinput", "-v0")
        stack.finish("migrate")
        stack.finish("collectstatic")
        # The demo data is seeded while the services start (none of them needs it to start).
        stack.manage("seed_demo", "seed_demo", "--force")
        stack.start("web", "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "ngopi.wsgi")
        stack.start("worker", "-m", "celery", "-A", "ngopi", "worker", "--loglevel=INFO", "--concurrency=1")
        stack.start("beat", "-m", "celery", "-A", "ngopi", "beat", "--loglevel=INFO")
        stack.finish("seed_demo")

        def healthy():
            try:
                return http_get(web_port, "/healthz")[0].status == 200
            except OSError:
                return False

        assert wait_for(healthy, timeout=30), stack.logs()

        with connect() as db:
            rw = db.execute("SELECT id FROM areas_area WHERE code = %s", [RW18]).fetchone()[0]
            category = db.execute("SELECT id FROM aspirations_category WHERE code = 'tawuran'").fetchone()[0]

        # The resident opens the form from the RW 18 poster and sends a tip.
        response, page = http_get(web_port, f"/aspirasi/kirim/?area={rw}")
        assert response.status == 200, page
        assert "Pekayon Jaya" in page
        assert "/static/" in page and ".css" in page  # collectstatic's hashed names, served by WhiteNoise
        csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        description = (
            f"Ada rencana tawuran pelajar Sabtu malam di lapangan voli RW 18 ({secrets.token_hex(3)})."
        )
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "kind": "tip",
                "category": category,
                "description": description,
                "area": rw,
                "location_detail": "Lapangan voli dekat pos kamling",
                "privacy": "anonymous",
                "homepage": "",
            }
        )
        conn = http.client.HTTPConnection("127.0.0.1", web_port, timeout=20)
        conn.request(
            "POST",
            "/aspirasi/kirim/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
            },
        )
        response = conn.getresponse()
        answer = response.read().decode()
        assert response.status == 302, answer[:2000]
        receipt_path = urllib.parse.urlsplit(response.getheader("Location")).path
        code = re.fullmatch(r"/aspirasi/terkirim/(NK-[0-9A-Z-]+)/", receipt_path).group(1)

        response, page = http_get(web_port, receipt_path)
        assert response.status == 200
        assert code in page

        response, page = http_get(web_port, f"/aspirasi/lacak/{code}/")
        assert response.status == 200
        assert code in page
        assert "Pekayon Jaya" in page  # where it happened, as the resident chose it

        # Beat's announcer (every 20 s) tells the officer; the worker sends the e-mail over SMTP.
        with connect() as db:
            bhabin_email = db.execute("SELECT email FROM accounts_user WHERE username = 'bhabin'").fetchone()[
                0
            ]

        def delivered():
            for recipients, content in sink.messages:
                message = email.message_from_bytes(content, policy=email.policy.default)
                if bhabin_email in recipients and code in str(message["Subject"]):
                    return message
            return None

        message = wait_for(delivered, timeout=45)
        assert message is not None, f"no e-mail for {code} to {bhabin_email}\n{stack.logs()}"
        assert message["Message-ID"].startswith("<notification-")

        def recorded_sent():
            with connect() as db:
                return db.execute(
                    "SELECT d.status FROM notifications_delivery d "
                    "JOIN notifications_notification n ON d.notification_id = n.id AND d.channel = 'email' "
                    "JOIN aspirations_aspiration a ON n.key LIKE 'aspiration:' || a.id || ':assigned:%%' "
                    "WHERE a.code = %s",
                    [code],
                ).fetchall() == [("sent",)]

        assert wait_for(recorded_sent, timeout=10), stack.logs()

        # gunicorn's access log: the walk is there, the resident's address and code are not.
        access = [line for line in stack.log("web").splitlines() if '"GET ' in line or '"POST ' in line]
        assert any('"POST /aspirasi/kirim/" 302' in line for line in access), stack.log("web")
        assert any('"GET /aspirasi/lacak/[redacted]/" 200' in line for line in access), stack.log("web")
        assert not [line for line in access if "127.0.0.1" in line or code in line]
    finally:
        stack.stop()
    elapsed = time.monotonic() - started
    assert elapsed < 90, f"the smoke test took {elapsed:.0f} s"
