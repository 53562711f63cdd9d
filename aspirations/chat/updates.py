"""Officers' questions and public updates, relayed to a reporter who asked for them in the chat.

``relay`` is called by ``services.common.add_entry`` for every public timeline row an officer
writes on an aspiration reported by chat (``Source.CHAT``): the message is a durable delivery row
written in the officer's transaction (``queue_chat_message``, keyed on the timeline row, so it
is sent once, after commit). A question also makes the reporter's next free text his answer.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from ngopi.notifications.services import queue_chat_message

from ..enums import FOR_REPORTER, EntryKind
from . import numbers
from .models import ChatReport


def relay(aspiration, entry) -> None:
    report = (
        ChatReport.objects.select_related("conversation")
        .filter(aspiration=aspiration, updates=True, conversation__stopped_at__isnull=True)
        .first()
    )
    if report is None:
        return
    conversation = report.conversation
    with translation.override(conversation.language):
        if entry.kind == EntryKind.QUESTION:
            lines = [
                _("The officer asks about your report %(code)s:") % {"code": aspiration.code},
                entry.text,
                _(
                    "Reply JAWAB followed by your answer (or simply reply when you are not "
                    "writing a new report)."
                ),
            ]
            conversation.answering = aspiration
            conversation.save(update_fields=["answering"])
        else:
            lines = [
                _("Update on your report %(code)s: %(what)s")
                % {"code": aspiration.code, "what": entry.get_kind_display()},
                entry.text,
                str(FOR_REPORTER.get(aspiration.status, "")),
            ]
        text = "\n".join(line for line in lines if line)
    queue_chat_message(
        channel=conversation.channel,
        to=numbers.reveal_number(conversation.number_sealed),
        text=text,
        key=f"aspiration-entry:{entry.pk}",
    )
