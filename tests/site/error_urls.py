"""URLconf for the error-page tests: the app's URLs and handlers plus views that fail."""

from django.urls import path

from ngopi.site.errors import too_many_requests
from ngopi.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("a bug")


def limited(request):
    return too_many_requests(request, retry_after=90, message="Too many look-ups from your connection.")


urlpatterns = [*urlpatterns, path("rusak/", broken), path("dibatasi/", limited)]


def inline_script(request):
    """A page with the one kind of inline script the policy allows: one carrying the nonce."""
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">var ok = 1;</script>')
    return HttpResponse(template.render({}, request))


urlpatterns += [path("skrip/", inline_script)]
