from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AspirationsConfig(AppConfig):
    name = "aspirations"
    verbose_name = _("Aspirations")

    def ready(self):
        from ngopi.notifications import kinds

        kinds.register("aspiration.assigned", _("Aspirations assigned to me"))
        kinds.register("aspiration.urgent", _("Urgent aspirations (happening now)"), urgent=True)
        kinds.register("aspiration.due", _("Aspirations coming due"))
        kinds.register("aspiration.overdue", _("Overdue aspirations in my unit"))
        kinds.register("aspiration.reply", _("Replies from reporters"))
        kinds.register("digest.daily", _("Daily digest (07:00 WIB)"))
