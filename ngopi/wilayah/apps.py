from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WilayahConfig(AppConfig):
    """The public page of an RW or kelurahan ("kami dengar, kami lakukan") and its followers.

    It sits above the domain apps, like the site and the dashboard: it reads sessions,
    commitments and himbauan through ``events.selectors`` and what residents raised through
    ``aspirations.selectors.public``, and keeps only its own followers (e-mail, double opt-in)."""

    name = "ngopi.wilayah"
    label = "wilayah"
    verbose_name = _("Area pages and followers")
