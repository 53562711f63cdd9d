from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ngopi.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from .acknowledgements import handle_acknowledgement
        from .inbound import register_inbound_handler

        # Officers acknowledging urgent alerts come first; residents' conversations after.
        register_inbound_handler("notifications.acknowledge", handle_acknowledgement, order=10)
