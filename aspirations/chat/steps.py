"""The report's questions, one per state, each answer checked by the public form's own fields
(``AspirationForm``): the chat applies exactly the web form's rules, not a copy of them.

A step's ``accept`` either stores the answer in ``answers`` and returns ``None``, or returns
the reason it was refused (translated), leaving every earlier answer as it was.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.core.http import public_url

from .. import routing
from ..enums import Kind, Privacy
from ..forms import AspirationForm
from .models import ChatState

MAX_AREA_OPTIONS = 9
SKIP_WORDS = {"-", "lewat", "skip", "tidak ada", "tidak", "no", "none", "kosong"}
DONE_WORDS = {"selesai", "done", "lanjut", "next", *SKIP_WORDS}
YES_WORDS = {"ya", "y", "iya", "yes", "1", "ok", "oke", "mau"}
NO_WORDS = {"tidak", "tdk", "t", "no", "n", "2", "nggak", "gak", "enggak"}
NOW_WORDS = {"sekarang", "now", "saat ini", "barusan"}
KIND_WORDS = {
    "1": Kind.COMPLAINT,
    "keluhan": Kind.COMPLAINT,
    "complaint": Kind.COMPLAINT,
    "2": Kind.TIP,
    "informasi": Kind.TIP,
    "info": Kind.TIP,
    "tip": Kind.TIP,
    "3": Kind.SUGGESTION,
    "saran": Kind.SUGGESTION,
    "suggestion": Kind.SUGGESTION,
}
PRIVACY_WORDS = {
    "1": Privacy.CONFIDENTIAL,
    "rahasia": Privacy.CONFIDENTIAL,
    "confidential": Privacy.CONFIDENTIAL,
    "2": Privacy.PUBLIC,
    "terbuka": Privacy.PUBLIC,
    "publik": Privacy.PUBLIC,
    "public": Privacy.PUBLIC,
}
ANONYMOUS_WORDS = {"3", "anonim", "anonymous", "tanpa nama"}


def check_field(name: str, value, **context) -> tuple[object, str | None]:
    """The public form's verdict on one field: ``(cleaned value, None)`` or ``(None, error)``.
    ``context`` holds other fields the check depends on (the privacy for the name)."""
    form = AspirationForm(data={name: value, **context})
    form.is_valid()
    if name in form.errors:
        return None, form.errors[name][0]
    return form.cleaned_data.get(name), None


def web_form_url() -> str:
    return public_url(reverse("aspirations:submit"))


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _numbered(options) -> str:
    return "\n".join(f"{number}. {label}" for number, label in enumerate(options, start=1))


# --- questions ------------------------------------------------------------------------------


def ask_kind(answers: dict) -> str:
    return _("What do you want to tell us? Reply with a number:") + "\n" + _numbered(Kind.labels)


def ask_category(answers: dict) -> str:
    names = [category.name for category in routing.current().categories.values()]
    return _("What is it about? Reply with a number:") + "\n" + _numbered(names)


def ask_description(answers: dict) -> str:
    return _("What happened? Who, what, where, when — in one message (at least 10 characters).")


def ask_area(answers: dict) -> str:
    return _("Where did it happen? Type the RW and the kelurahan, e.g. “RW 18 Pekayon Jaya”.")


def ask_area_choice(answers: dict) -> str:
    options = [routing.rw_label(routing.rw(pk)) for pk in answers.get("area_options", []) if routing.rw(pk)]
    return _("Which RW? Reply with a number, or type another name:") + "\n" + _numbered(options)


def ask_location(answers: dict) -> str:
    return _("The exact place: street, landmark, RT (e.g. “Jl. Melati depan warung”). Reply - to skip.")


def ask_when(answers: dict) -> str:
    return _(
        "When did it happen (or when will it)? Write DD-MM-YYYY HH:MM, SEKARANG for now, or - if unknown."
    )


def ask_photos(answers: dict) -> str:
    return _("Send up to 3 photos now if you have them (location data is removed). Reply SELESAI when done.")


def ask_urgent(answers: dict) -> str:
    return _("Is it happening now or about to happen? Reply YA or TIDAK. In an emergency call 110.")


def ask_privacy(answers: dict) -> str:
    return "\n".join(
        [
            _(
                "Over WhatsApp you cannot stay anonymous: we receive your number. To report "
                "anonymously, use the web form instead: %(url)s"
            )
            % {"url": web_form_url()},
            _("Who may know it was you? Reply with a number:"),
            "1. " + _("Confidential — only the officer handling it and his commanders"),
            "2. " + _("Public — officers handling it may see my name"),
            _("By choosing you agree that the police keep your name and number to handle this report."),
        ]
    )


def ask_name(answers: dict) -> str:
    return _("Your name?")


def ask_updates(answers: dict) -> str:
    return _("Do you want officers' questions and updates on this report in this chat? Reply YA or TIDAK.")


# --- answers --------------------------------------------------------------------------------


def accept_kind(answers: dict, text: str) -> str | None:
    kind = KIND_WORDS.get(_words(text))
    value, error = check_field("kind", kind or text)
    if error:
        return _("Please reply 1, 2 or 3.")
    answers["kind"] = value
    return None


def accept_category(answers: dict, text: str) -> str | None:
    categories = list(routing.current().categories.values())
    word = _words(text)
    chosen = None
    if word.isdigit() and 1 <= int(word) <= len(categories):
        chosen = categories[int(word) - 1]
    else:
        chosen = next((c for c in categories if c.name.lower() == word), None)
    value, error = check_field("category", chosen.pk if chosen else "")
    if error:
        return _("Please reply with one of the numbers.")
    answers["category"] = value.pk
    return None


def accept_description(answers: dict, text: str) -> str | None:
    value, error = check_field("description", text)
    if error:
        return error
    answers["description"] = value
    return None


_TOKEN = re.compile(r"[a-z]+|[0-9]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _matches(query: list[str], label: list[str]) -> bool:
    for token in query:
        if token.isdigit():
            if not any(part.isdigit() and int(part) == int(token) for part in label):
                return False
        elif not any(part.startswith(token) for part in label):
            return False
    return True


def find_rws(text: str) -> list[int]:
    """RWs a resident may choose whose "RW, kelurahan, kecamatan" holds every word typed
    (numbers match whole: "8" is not "18")."""
    query = [word for word in _tokens(text) if word != "rw"] or _tokens(text)
    if not query:
        return []
    return [pk for pk, rw in routing.current().rws.items() if _matches(query, _tokens(routing.rw_label(rw)))]


def accept_area(answers: dict, text: str) -> str | None:
    found = find_rws(text)
    if not found:
        return _(
            "We found no RW called “%(text)s”. Type the RW number and the kelurahan, "
            "e.g. “RW 18 Pekayon Jaya”."
        ) % {"text": text[:60]}
    if len(found) > MAX_AREA_OPTIONS:
        return _("%(count)d RWs match “%(text)s”. Add the kelurahan’s name.") % {
            "count": len(found),
            "text": text[:60],
        }
    if len(found) > 1:
        answers["area_options"] = found
        return None  # the next question is the choice
    return _set_area(answers, found[0])


def accept_area_choice(answers: dict, text: str) -> str | None:
    options = answers.get("area_options", [])
    word = _words(text)
    if word.isdigit() and 1 <= int(word) <= len(options):
        return _set_area(answers, options[int(word) - 1])
    answers.pop("area_options", None)
    return accept_area(answers, text)  # another name


def _set_area(answers: dict, pk: int) -> str | None:
    value, error = check_field("area", pk)
    if error:
        return error
    answers["area"] = value.pk
    answers.pop("area_options", None)
    return None


def accept_location(answers: dict, text: str) -> str | None:
    if _words(text) in SKIP_WORDS:
        answers["location_detail"] = ""
        return None
    value, error = check_field("location_detail", text)
    if error:
        return error
    answers["location_detail"] = value
    return None


def accept_when(answers: dict, text: str) -> str | None:
    word = _words(text)
    if word in SKIP_WORDS:
        answers["occurred_at"] = ""
        return None
    if word in NOW_WORDS:
        typed = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    else:
        typed = word.replace("/", "-").replace(".", ":").replace("pukul ", "").replace("jam ", "")
    value, error = check_field("occurred_at", typed)
    if error:
        return error
    answers["occurred_at"] = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return None


def accept_photos(answers: dict, text: str) -> str | None:
    if _words(text) in DONE_WORDS:
        return None
    return _("Send a photo, or reply SELESAI to go on.")


def accept_urgent(answers: dict, text: str) -> str | None:
    word = _words(text)
    if word in YES_WORDS:
        answers["urgent"] = True
    elif word in NO_WORDS:
        answers["urgent"] = False
    else:
        return _("Please reply YA or TIDAK.")
    return None


def accept_privacy(answers: dict, text: str) -> str | None:
    word = _words(text)
    if word in ANONYMOUS_WORDS:
        return _(
            "Anonymous is not possible over WhatsApp, because your number reaches us. Use the web "
            "form for an anonymous report: %(url)s — or reply 1 (confidential) or 2 (public)."
        ) % {"url": web_form_url()}
    value, error = check_field("privacy", PRIVACY_WORDS.get(word, word))
    if error or value == Privacy.ANONYMOUS:
        return _("Please reply 1 (confidential) or 2 (public).")
    answers["privacy"] = value
    return None


def accept_name(answers: dict, text: str) -> str | None:
    value, error = check_field(
        "name", text, privacy=answers.get("privacy", Privacy.CONFIDENTIAL), consent="on"
    )
    if error:
        return error
    answers["name"] = value
    return None


def accept_updates(answers: dict, text: str) -> str | None:
    word = _words(text)
    if word in YES_WORDS:
        answers["updates"] = True
    elif word in NO_WORDS:
        answers["updates"] = False
    else:
        return _("Please reply YA or TIDAK.")
    return None


@dataclass(frozen=True)
class Step:
    state: str
    ask: Callable[[dict], str]
    accept: Callable[[dict, str], str | None]
    field: str = ""  # the form field it fills (to go back to it when the final check fails)


STEPS = [
    Step(ChatState.KIND, ask_kind, accept_kind, "kind"),
    Step(ChatState.CATEGORY, ask_category, accept_category, "category"),
    Step(ChatState.DESCRIPTION, ask_description, accept_description, "description"),
    Step(ChatState.AREA, ask_area, accept_area, "area"),
    Step(ChatState.AREA_CHOICE, ask_area_choice, accept_area_choice),
    Step(ChatState.LOCATION, ask_location, accept_location, "location_detail"),
    Step(ChatState.WHEN, ask_when, accept_when, "occurred_at"),
    Step(ChatState.PHOTOS, ask_photos, accept_photos, "photos"),
    Step(ChatState.URGENT, ask_urgent, accept_urgent, "urgent"),
    Step(ChatState.PRIVACY, ask_privacy, accept_privacy, "privacy"),
    Step(ChatState.NAME, ask_name, accept_name, "name"),
    Step(ChatState.UPDATES, ask_updates, accept_updates),
]
BY_STATE = {step.state: step for step in STEPS}
BY_FIELD = {step.field: step for step in STEPS if step.field}


def next_state(answers: dict, after: str | None) -> str | None:
    """The first question after ``after`` (None: from the start) that still needs an answer;
    None when the report is complete."""
    started = after is None
    for step in STEPS:
        if not started:
            started = step.state == after
            continue
        if step.state == ChatState.AREA and "area" in answers:
            continue
        if step.state == ChatState.AREA_CHOICE and not answers.get("area_options"):
            continue
        if step.state == ChatState.NAME and answers.get("name"):
            continue
        return step.state
    return None
