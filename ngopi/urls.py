from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ngopi.site.views import healthz

admin.site.site_header = _("Ngopi Kamtibmas administration")
admin.site.site_title = _("Ngopi Kamtibmas")
admin.site.index_title = _("Units, areas, posts and people")

urlpatterns = [
    path("", include("ngopi.site.urls")),
    path("", include("events.urls")),
    path("", include("ngopi.notifications.urls")),
    path("", include("aspirations.urls")),
    path("", include("ngopi.dashboard.urls")),
    path("", include("ngopi.wilayah.urls")),
    path("", include("ngopi.api.urls")),
    path("open311/v2/", include("ngopi.api.open311.urls")),
    path("accounts/", include("ngopi.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
# Uploaded files (report photos, aspiration photos) are never served from MEDIA_URL: each is
# served by a view of its app, through the same scoping rule as the page it belongs to.

# The app's own error pages (ngopi/site/errors.py): translated, rendered without the database;
# a lost database connection answers 503 with Retry-After instead of 500.
handler400 = "ngopi.site.errors.bad_request"
handler403 = "ngopi.site.errors.permission_denied"
handler404 = "ngopi.site.errors.page_not_found"
handler500 = "ngopi.site.errors.server_error"
