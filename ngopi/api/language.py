"""The API's language: the caller's ``Accept-Language`` (Indonesian or English), else what the
site chose (Indonesian unless the signed-in browser switched)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


def activate_from(request) -> None:
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if not header:
        return
    supported = {code for code, _name in settings.LANGUAGES}
    for code, _q in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in supported:
            translation.activate(base)
            request.LANGUAGE_CODE = base
            return
        if code == "*":
            break
    translation.activate(settings.LANGUAGE_CODE)
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE


class LanguageMixin:
    """For API views: answer in the caller's language; never let a cache keep a response."""

    def initialize_request(self, request, *args, **kwargs):
        activate_from(request)
        return super().initialize_request(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        response.setdefault("Vary", "Accept-Language")
        return response
