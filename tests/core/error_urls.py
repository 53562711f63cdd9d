"""URLconf for the error-page tests: the app's URLs and handlers plus views that fail."""

from django.urls import path

from ngopi.core.errors import too_many_requests
from ngopi.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("a bug")


def limited(request):
    return too_many_requests(request, retry_after=90, message="Too many look-ups from your connection.")


urlpatterns = [*urlpatterns, path("rusak/", broken), path("dibatasi/", limited)]
