"""A fake WhatsApp Cloud API (Graph API) on a local port, for tests and the benchmark.

It records every outgoing message (``sent``: dicts with ``to``, ``type``, ``text``/``template``/
``interactive`` and the raw body), serves media (``add_media``), can fail (``fail_next(n)``
answers 500 to the next n sends, ``down()`` refuses all until ``up()``), and builds Meta-shaped
webhook bodies signed with the app secret (``make_message_payload``, ``make_status_payload``,
``signed_webhook``).
"""

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

TOKEN = "test-access-token"
PHONE_NUMBER_ID = "109876543210"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
WEBHOOK = "/kanal/whatsapp/"

_ids = itertools.count(1)


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def make_message_payload(
    sender: str,
    text: str = "",
    *,
    message_id: str = "",
    button_payload: str = "",
    button_text: str = "",
    interactive_id: str = "",
    media: tuple = (),
    context_id: str = "",
    timestamp: int | None = None,
) -> dict:
    """A webhook body with one message from ``sender``: text, a template's quick-reply button,
    an interactive button reply, or media (``(kind, media_id, mime, caption)`` tuples)."""
    message = {
        "from": sender,
        "id": message_id or f"wamid.IN{next(_ids):08d}",
        "timestamp": str(int(timestamp if timestamp is not None else time.time())),
    }
    if button_payload:
        message.update(
            type="button", button={"payload": button_payload, "text": button_text or button_payload}
        )
    elif interactive_id:
        message.update(
            type="interactive",
            interactive={"type": "button_reply", "button_reply": {"id": interactive_id, "title": text}},
        )
    elif media:
        kind, media_id, mime, caption = media[0]
        message.update(type=kind, **{kind: {"id": media_id, "mime_type": mime, "caption": caption}})
    else:
        message.update(type="text", text={"body": text})
    if context_id:
        message["context"] = {"from": PHONE_NUMBER_ID, "id": context_id}
    return _envelope({"contacts": [{"profile": {"name": "Warga"}, "wa_id": sender}], "messages": [message]})


def make_status_payload(
    message_id: str, status: str, recipient: str, *, error: str = "", callback_data: str = ""
) -> dict:
    """A status callback (sent, delivered, read, failed) for an outgoing message; Meta echoes the
    ``biz_opaque_callback_data`` the message was sent with."""
    entry = {
        "id": message_id,
        "status": status,
        "timestamp": str(int(time.time())),
        "recipient_id": recipient,
    }
    if callback_data:
        entry["biz_opaque_callback_data"] = callback_data
    if error:
        entry["errors"] = [{"code": 131026, "title": error, "message": error}]
    return _envelope({"statuses": [entry]})


def _envelope(value: dict) -> dict:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": PHONE_NUMBER_ID},
        **value,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


class FakeGraphApi:
    def __init__(self):
        self.sent: list[dict] = []
        self.media: dict[str, tuple[bytes, str]] = {}
        self._fail = 0
        self._down = False
        # Called with each accepted message (in the server's thread), e.g. to send its "sent"
        # status callback as Meta does.
        self.on_sent = None
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- control -----------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v21.0"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, n: int = 1) -> None:
        with self._lock:
            self._fail += n

    def down(self) -> None:
        self._down = True

    def up(self) -> None:
        self._down = False

    def add_media(self, content: bytes, mime: str) -> str:
        media_id = f"media{next(_ids)}"
        self.media[media_id] = (content, mime)
        return media_id

    def sent_to(self, number: str) -> list[dict]:
        return [m for m in self.sent if m["to"] == number]

    # --- webhooks ----------------------------------------------------------------------
    def signed_webhook(self, client_or_url, payload: dict, *, secret: str = APP_SECRET):
        """POST ``payload`` to the webhook, signed: through a Django test client, or to a URL."""
        body = json.dumps(payload).encode()
        signature = sign(body, secret)
        if isinstance(client_or_url, str):
            request = urllib.request.Request(  # noqa: S310 (a local test server)
                client_or_url.rstrip("/") + WEBHOOK,
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
            )
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.status
        return client_or_url.post(
            WEBHOOK, data=body, content_type="application/json", headers={"X-Hub-Signature-256": signature}
        )

    # --- the server --------------------------------------------------------------------
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status: int, data: dict):
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self._json(401, {"error": {"message": "Invalid OAuth access token", "code": 190}})
                    return False
                return True

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if fake._down:
                    self._json(503, {"error": {"message": "Service temporarily unavailable", "code": 2}})
                    return
                if not self._authorised():
                    return
                if self.path.rstrip("/") != f"/v21.0/{PHONE_NUMBER_ID}/messages":
                    self._json(404, {"error": {"message": "Unknown path"}})
                    return
                with fake._lock:
                    if fake._fail:
                        fake._fail -= 1
                        self._json(500, {"error": {"message": "Internal error", "code": 1}})
                        return
                body = json.loads(raw)
                wamid = f"wamid.OUT{next(_ids):08d}"
                kind = body.get("type", "text")
                record = {"id": wamid, "to": body.get("to"), "type": kind, "raw": body}
                record[kind] = body.get(kind)
                if kind == "text":
                    record["text"] = body["text"]["body"]
                with fake._lock:
                    fake.sent.append(record)
                if fake.on_sent is not None:
                    fake.on_sent(record)
                self._json(
                    200,
                    {
                        "messaging_product": "whatsapp",
                        "contacts": [{"wa_id": body.get("to")}],
                        "messages": [{"id": wamid}],
                    },
                )

            def do_GET(self):
                if fake._down:
                    self._json(503, {"error": {"message": "Service temporarily unavailable"}})
                    return
                if not self._authorised():
                    return
                parts = self.path.strip("/").split("/")
                if parts[-2:-1] == ["download"] and parts[-1] in fake.media:
                    content, mime = fake.media[parts[-1]]
                    self.send_response(200)
                    self.send_header("Content-Type", mime)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                    return
                if parts[-1] in fake.media:
                    content, mime = fake.media[parts[-1]]
                    url = f"{fake.base}/download/{parts[-1]}"
                    self._json(
                        200, {"url": url, "mime_type": mime, "file_size": len(content), "id": parts[-1]}
                    )
                    return
                self._json(404, {"error": {"message": "Unknown media"}})

        return Handler


@pytest.fixture
def graph_api(settings):
    """A running fake Graph API, with the WhatsApp settings pointing to it."""
    fake = FakeGraphApi().start()
    settings.WHATSAPP_API_BASE = fake.base
    settings.WHATSAPP_ACCESS_TOKEN = TOKEN
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    yield fake
    fake.stop()
