"""Words that work at any point of the conversation: BANTUAN/MENU, BATAL, BERHENTI/MULAI,
ENGLISH/BAHASA, CEK <code>, JAWAB <text>, and a poster's deep link "NGOPI RW <id> KEGIATAN <id>".

Each command takes the locked conversation and the text and returns the reply's lines.
"""

import re
from collections.abc import Callable

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngopi.core.dates import format_datetime_wib

from .. import routing, selectors, services, workflow
from ..codes import normalise_code
from ..enums import FOR_REPORTER
from ..models import Aspiration
from . import steps
from .models import ChatState

DEEP_LINK = re.compile(r"^\s*NGOPI\s+RW\s+(\d{1,12})(?:\s+KEGIATAN\s+(\d{1,12}))?\s*$", re.IGNORECASE)
CHECK = re.compile(r"^\s*(?:cek|check|lacak|track)\b\s*(.*)$", re.IGNORECASE | re.DOTALL)
ANSWER = re.compile(r"^\s*(?:jawab|answer)\b\s*(.*)$", re.IGNORECASE | re.DOTALL)
TIMELINE_LINES = 3


def _engine():
    from . import engine  # the engine imports this module

    return engine


def show_help(conversation, text: str) -> list[str]:
    lines = [
        _("Ngopi Kamtibmas by chat. You can write:"),
        "\n".join(
            [
                _("• anything: start a new report (complaint, tip or suggestion)"),
                _("• CEK NK-XXXX-XXXX-XXXX-XXXX: where your report stands"),
                _("• JAWAB <text>: answer an officer's question"),
                _("• BATAL: cancel the report you are writing"),
                _("• BERHENTI: no more messages to this number (MULAI to undo)"),
                _("• ENGLISH / BAHASA: change the language"),
            ]
        ),
        _("Anonymous reports only through the web form: %(url)s. In an emergency call 110.")
        % {"url": steps.web_form_url()},
    ]
    return lines + _engine()._ask(conversation)


def cancel(conversation, text: str) -> list[str]:
    if conversation.state == ChatState.IDLE:
        return [_("There is no report in progress. Write anything to start one.")]
    _engine().reset(conversation)
    return [_("Your report was cancelled; nothing was sent. Write anything to start again.")]


def stop(conversation, text: str) -> list[str]:
    _engine().reset(conversation)
    conversation.answering = None
    conversation.stopped_at = timezone.now()
    return [_("You will receive no more messages from us at this number. Reply MULAI to receive them again.")]


def resume(conversation, text: str) -> list[str]:
    if conversation.stopped_at is None:
        return _engine().start(conversation)
    conversation.stopped_at = None
    return [_("Messages are on again. Write anything to start a report, or BANTUAN for help.")]


def _language(code: str) -> Callable:
    def switch(conversation, text: str) -> list[str]:
        conversation.language = code
        with translation.override(code):
            return [
                _("From now on we write in English.")
                if code == "en"
                else _("From now on we write in Indonesian."),
                *_engine()._ask(conversation),
            ]

    return switch


def check(conversation, text: str) -> list[str]:
    """Where a report stands, in the tracking page's words."""
    typed = CHECK.match(text).group(1).strip()
    if typed:
        code = normalise_code(typed)
        aspiration = Aspiration.objects.select_related("category").filter(code=code).first() if code else None
    else:  # "cek" alone: his latest report by chat
        report = conversation.reports.select_related("aspiration__category").order_by("-created_at").first()
        aspiration = report.aspiration if report else None
    if aspiration is None:
        return [_("We found no report with that code. It looks like NK-7K3Q-9XZ2-M4TD-H8PW.")]
    lines = [
        _("%(code)s · %(category)s") % {"code": aspiration.code, "category": aspiration.category},
        _("Status: %(status)s") % {"status": aspiration.get_status_display()},
        str(FOR_REPORTER.get(aspiration.status, "")),
    ]
    for entry in selectors.public_timeline(aspiration)[-TIMELINE_LINES:]:
        line = f"{format_datetime_wib(entry.created_at)} — {entry.get_kind_display()} ({entry.role_label})"
        if entry.text:
            line += f": {entry.text[:300]}"
        lines.append(line)
    return lines


def answer(conversation, text: str) -> list[str]:
    """The reporter's answer to an officer's question, recorded as a reply on the tracking page is."""
    match = ANSWER.match(text)
    body = match.group(1).strip() if match else text
    aspiration = conversation.answering
    if aspiration is None:
        report = conversation.reports.select_related("aspiration").order_by("-created_at").first()
        aspiration = report.aspiration if report else None
    if aspiration is None or not workflow.reporter_actions(aspiration) & {
        workflow.ANSWER,
        workflow.ADD_INFORMATION,
    }:
        return [_("There is no question waiting for your answer.")]
    if not body:
        return [_("Write your answer after JAWAB, e.g. “JAWAB the brawl is planned near the field”.")]
    try:
        services.reply_as_reporter(aspiration=aspiration, text=body)
    except services.AspirationError as error:
        return [str(error)]
    conversation.answering = None
    return [_("Thank you, your answer was passed to the officer (%(code)s).") % {"code": aspiration.code}]


def deep_link(conversation, text: str) -> list[str]:
    """A poster's QR code: "NGOPI RW <id> KEGIATAN <id>" starts a report at that RW and session."""
    match = DEEP_LINK.match(text)
    rw = routing.rw(match.group(1))
    if rw is None:
        return [_("We do not know the RW of that poster. Write anything to start a report and type the RW.")]
    prefill = {"area": rw.pk}
    session = selectors.session_for_form(pk=match.group(2)) if match.group(2) else None
    if session is not None and session.rw_id == rw.pk:
        prefill["kegiatan"] = session.pk
    lines = _engine().start(conversation, **prefill)
    lines.insert(1, _("Report for %(rw)s.") % {"rw": routing.rw_label(rw)})
    return lines


WORDS: dict[str, Callable] = {
    "bantuan": show_help,
    "menu": show_help,
    "help": show_help,
    "batal": cancel,
    "cancel": cancel,
    "berhenti": stop,
    "stop": stop,
    "mulai": resume,
    "start": resume,
    "english": _language("en"),
    "inggris": _language("en"),
    "bahasa": _language("id"),
    "indonesia": _language("id"),
}


def find(text: str) -> Callable | None:
    """The command this message is, or None (an answer to the current question)."""
    word = " ".join(text.lower().split())
    if word in WORDS:
        return WORDS[word]
    if DEEP_LINK.match(text):
        return deep_link
    checked = CHECK.match(text)
    if checked and (not checked.group(1).strip() or checked.group(1).strip().upper().startswith("NK")):
        return check
    if ANSWER.match(text) and word.split()[0] in {"jawab", "answer"}:
        return answer
    return None
