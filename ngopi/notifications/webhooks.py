"""The WhatsApp Cloud API webhook, ``/kanal/whatsapp/``: Meta's handshake (GET) and signed
POSTs, which are only stored here (the worker does the rest) so Meta gets its 200 at once."""

import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import receiving
from .transports import whatsapp

log = logging.getLogger(__name__)


@csrf_exempt  # signed by Meta with the app secret instead
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    if request.method == "GET":
        token = settings.WHATSAPP_VERIFY_TOKEN
        if (
            token
            and request.GET.get("hub.mode") == "subscribe"
            and constant_time_compare(request.GET.get("hub.verify_token", ""), token)
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden()
    body = request.body
    if not whatsapp.verify_signature(body, request.headers.get("X-Hub-Signature-256", "")):
        log.warning("whatsapp webhook: bad or missing signature")
        return HttpResponseForbidden()
    try:
        payload = json.loads(body)
    except ValueError:
        return HttpResponseBadRequest()
    if not isinstance(payload, dict):
        return HttpResponseBadRequest()
    receiving.store_whatsapp_webhook(payload)
    return HttpResponse("OK", content_type="text/plain")
