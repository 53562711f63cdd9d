from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AspirationsConfig(AppConfig):
    name = "aspirations"
    verbose_name = _("Aspirations")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from ngopi.areas.models import Area
        from ngopi.core import logging as private_logs
        from ngopi.notifications import kinds

        from . import routing
        from .models import Category

        # The public form's in-memory routing table follows what this process changes at once.
        for model in (Area, Category, get_user_model()):
            post_save.connect(routing.forget, sender=model, dispatch_uid=f"routing-save-{model._meta.label}")
            post_delete.connect(
                routing.forget, sender=model, dispatch_uid=f"routing-delete-{model._meta.label}"
            )
        m2m_changed.connect(
            routing.forget, sender=Area.bhabinkamtibmas.through, dispatch_uid="routing-officers"
        )

        # Tracking codes never reach the logs, in a path (even a mistyped one) or anywhere else.
        private_logs.private_path("/aspirasi/lacak/")
        private_logs.private_path("/aspirasi/terkirim/")
        private_logs.private_pattern(r"\bNK[-\s]?(?:[0-9A-Z]{4}[-\s]?){3}[0-9A-Z]{4}\b")

        kinds.register("aspiration.assigned", _("Aspirations assigned to me"))
        from .services import acknowledge_alert

        # An officer's "1" to the WhatsApp alert acknowledges it as a staff action in the app does.
        kinds.register(
            "aspiration.urgent",
            _("Urgent aspirations (happening now)"),
            urgent=True,
            acknowledge=acknowledge_alert,
        )
        kinds.register("aspiration.due", _("Aspirations coming due"))
        kinds.register("aspiration.overdue", _("Overdue aspirations in my unit"))
        kinds.register("aspiration.reply", _("Replies from reporters"))
        kinds.register("digest.daily", _("Daily digest (07:00 WIB)"))

        # Residents by chat (aspirations/chat/): after the officers' acknowledgements (order 10).
        from ngopi.notifications.inbound import register_inbound_handler

        from .chat.engine import handle

        register_inbound_handler("aspirations.chat", handle, order=100)

        # The session page (events) links to recording and listing the session's aspirations.
        from django.urls import reverse

        from events.enums import SessionStatus
        from events.panels import register_session_action

        recordable = {SessionStatus.PLANNED, SessionStatus.HELD, SessionStatus.REPORTED}

        register_session_action(
            "aspirations.record",
            _("Record aspirations"),
            url=lambda session: reverse("aspirations:capture", args=[session.pk]),
            available=lambda session, user: session.status in recordable,
            primary=True,
        )
        from . import agenda

        agenda.register()

        register_session_action(
            "aspirations.list",
            _("Aspirations of this session"),
            url=lambda session: f"{reverse('aspirations:inbox')}?session={session.pk}",
        )
