from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Sessions")

    def ready(self):
        from ngopi.core import logging as private_logs
        from ngopi.notifications import kinds

        private_logs.private_path("/kegiatan/kalender/")  # an officer's private feed: /<token>.ics

        kinds.register("session.reminder", _("Session reminders (24 and 2 hours before)"))
        kinds.register("session.assigned", _("Sessions I am assigned to or taken off"))
        kinds.register("session.changed", _("Sessions cancelled, postponed or moved"))
        kinds.register("session.report_due", _("Reports to file"))
        kinds.register("session.report_missing", _("Reports missing in my unit"))
        kinds.register("commitment.due", _("Commitments I am responsible for, coming due"))
        kinds.register("commitment.overdue", _("Overdue commitments in my unit"))

        from . import agenda_sources

        agenda_sources.register()
