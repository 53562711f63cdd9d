from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "ngopi.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ngopi.notifications import kinds

        kinds.register("dashboard.export_ready", _("Large exports ready to download"))
