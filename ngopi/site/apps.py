from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site around the domain apps: home pages, navigation, health check, error pages and
    the middleware about the site as a whole (language, private staff pages)."""

    name = "ngopi.site"
    label = "site"
    verbose_name = _("Site pages")
