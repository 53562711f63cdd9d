"""A fake SMS gateway on a local port (fixture ``sms_gateway``): records each request's fields,
answers ``{"id": ...}``, and can be taken down."""

import itertools
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

_ids = itertools.count(1)


class FakeSmsGateway:
    def __init__(self):
        self.sent: list[dict] = []
        self.is_down = False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if fake.is_down or self.headers.get("X-Api-Key") != "sms-key":
                    self.send_response(503 if fake.is_down else 401)
                    self.end_headers()
                    return
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    fields = json.loads(raw)
                else:
                    fields = dict(urllib.parse.parse_qsl(raw.decode()))
                fake.sent.append(fields)
                body = json.dumps({"data": {"id": f"sms{next(_ids)}"}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/send"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sms_gateway(settings):
    fake = FakeSmsGateway()
    settings.SMS_GATEWAY_URL = fake.url
    settings.SMS_METHOD = "POST"
    settings.SMS_FORMAT = "json"
    settings.SMS_AUTH_HEADER = "X-Api-Key"
    settings.SMS_AUTH_VALUE = "sms-key"
    settings.SMS_TO_FIELD = "msisdn"
    settings.SMS_TEXT_FIELD = "message"
    settings.SMS_ID_FIELD = "data.id"
    yield fake
    fake.stop()
