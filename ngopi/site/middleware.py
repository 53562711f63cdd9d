from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class IndonesianFirstLocaleMiddleware:
    """Indonesian unless the visitor chose another language with the switcher.

    Unlike Django's LocaleMiddleware the browser's Accept-Language is not consulted: an
    officer's phone set to English still gets the Indonesian app until he switches.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


# Paths of the staff side: every page there is behind the sign-in.
STAFF_PREFIXES = ("/staf/", "/dasbor/", "/notifikasi/", "/admin/", "/accounts/", "/api/v1/")


class PrivatePagesMiddleware:
    """``Cache-Control: no-store`` on every staff page and on every response to a signed-in browser.

    Staff pages show residents' identities, officers' names and internal notes: no browser or
    proxy may keep a copy. A response counts as private when its path is on the staff side or
    the browser sends a session cookie (a signed-in user; the public pages then show his name
    too). Only the request's path and cookies are read, not the session or the database, so
    error pages during a database outage get the header too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(STAFF_PREFIXES) or settings.SESSION_COOKIE_NAME in request.COOKIES:
            add_never_cache_headers(response)
        return response
