from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ngopi.core.views import healthz

admin.site.site_header = _("Ngopi Kamtibmas administration")
admin.site.site_title = _("Ngopi Kamtibmas")
admin.site.index_title = _("Units, areas, posts and people")

urlpatterns = [
    path("", include("ngopi.core.urls")),
    path("accounts/", include("ngopi.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
