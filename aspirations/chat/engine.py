"""The conversation: one inbound chat message in, the reply queued out.

``handle(chat)`` is the inbound handler (order 100). In one transaction it locks the number's
``ChatConversation`` row, counts the message against the number's rate limit, answers commands
(``commands.py``), or takes the answer to the current question (``steps.py``) and asks the next,
and queues one reply through ``queue_chat_message`` keyed on the inbound message id, so a
message processed twice is answered once. A refused answer is explained and the question asked
again: nothing typed so far is lost. The report is sent with ``submit_aspiration`` after the
whole public form has checked it once more.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngopi.core import counters
from ngopi.notifications.services import queue_chat_message

from .. import conf, routing, services
from ..enums import Privacy, Source
from ..forms import AspirationForm
from ..services import MAX_TEXT
from . import commands, numbers, photos, steps
from .models import CONVERSATION_LIFETIME, Channel, ChatConversation, ChatReport, ChatState


def handle(chat) -> bool:
    """Consume a resident's message (any chat on a channel we know)."""
    if chat.channel not in Channel.values or not chat.sender:
        return False
    with transaction.atomic():
        conversation = _locked_conversation(chat.channel, chat.sender)
        if chat.message_id and conversation.last_message_id == chat.message_id:
            return True  # the same message again: answered already
        conversation.last_message_id = chat.message_id[:128]
        lines = _limited(conversation)
        if lines is None:
            lines = _respond(conversation, chat)
        conversation.updated_at = timezone.now()
        conversation.save()
        if lines:
            queue_chat_message(
                channel=conversation.channel,
                to=numbers.normalise(chat.sender),
                text="\n\n".join(str(line) for line in lines),
                key=f"chat-reply:{chat.message_id}",
            )
    return True


def _locked_conversation(channel: str, sender: str) -> ChatConversation:
    key = numbers.number_hash(channel, sender)
    rows = ChatConversation.objects.select_for_update().filter(channel=channel, number_hash=key)
    conversation = rows.first()
    if conversation is None:
        try:
            with transaction.atomic():  # another worker may create it at the same moment
                ChatConversation.objects.create(
                    channel=channel, number_hash=key, number_sealed=numbers.seal_number(sender)
                )
        except IntegrityError:
            pass
        conversation = rows.get()
    return conversation


def _limited(conversation: ChatConversation) -> list[str] | None:
    """The number's message limit (``CHAT_MESSAGE_LIMIT`` per ``CHAT_MESSAGE_WINDOW`` s): over it
    the message is ignored (said once, on the first one over), the conversation untouched."""
    (count,) = counters.hit(
        (f"aspirations:chat:rate:{conversation.number_hash}", max(conf.get("CHAT_MESSAGE_WINDOW"), 1))
    )
    limit = conf.get("CHAT_MESSAGE_LIMIT")
    if count.hits <= limit:
        return None
    if count.hits > limit + 1:
        return []
    with translation.override(conversation.language):
        minutes = max(1, -(-count.resets_in // 60))
        return [
            _(
                "Too many messages in a short time. Please wait %(minutes)d minutes; "
                "what you sent before is kept."
            )
            % {"minutes": minutes}
        ]


def _respond(conversation: ChatConversation, chat) -> list[str]:
    text = (chat.button_payload or chat.text or "").strip()
    command = commands.find(text)
    if conversation.stopped_at is not None and command is not commands.resume:
        return []  # he asked for no more messages; only "mulai" brings them back
    lines: list[str] = []
    with translation.override(conversation.language):
        swept = conversation.answers.pop("expired", False)  # reset by expire_conversations
        if swept or (conversation.state != ChatState.IDLE and conversation.expired()):
            reset(conversation)
            lines.append(
                _("Your unfinished report expired after a day without an answer. Let us start again.")
            )
        if command is not None:
            return lines + command(conversation, text)
        if len(text) > MAX_TEXT:
            return [
                *lines,
                _("That message is too long: please keep it under %(limit)d characters.")
                % {"limit": MAX_TEXT},
                *_ask(conversation),
            ]
        if chat.media:
            lines += _take_media(conversation, chat.media)
            if conversation.state == ChatState.IDLE:
                return lines + start(conversation)
            if conversation.state != ChatState.DESCRIPTION:  # a caption answers only "what happened"
                return lines + _ask(conversation)
        if conversation.state == ChatState.IDLE:
            if conversation.answering_id and text:
                return lines + commands.answer(conversation, text)
            return lines + start(conversation)
        return lines + take_answer(conversation, text)


def start(conversation: ChatConversation, **prefill) -> list[str]:
    """Begin a report (a poster's deep link prefills the RW and the session)."""
    reset(conversation, keep_photos=True)
    conversation.answers.update(prefill)
    conversation.state = steps.next_state(conversation.answers, None)
    return [
        _("Hello! This is Ngopi Kamtibmas of the police. Tell us a complaint, a tip or a suggestion here."),
        _("Reply BANTUAN for help, BATAL to cancel, ENGLISH for English. In an emergency call 110."),
        *_ask(conversation),
    ]


def reset(conversation: ChatConversation, *, keep_photos: bool = False) -> None:
    """Forget the report in progress (its photos too, unless kept for a new one)."""
    kept = conversation.answers.get("photos", []) if keep_photos else []
    photos.discard([name for name in conversation.answers.get("photos", []) if name not in kept])
    conversation.answers = {"photos": kept} if kept else {}
    conversation.state = ChatState.IDLE


def _ask(conversation: ChatConversation) -> list[str]:
    if conversation.state == ChatState.IDLE:
        return []
    return [steps.BY_STATE[conversation.state].ask(conversation.answers)]


def take_answer(conversation: ChatConversation, text: str) -> list[str]:
    step = steps.BY_STATE[conversation.state]
    if not text:
        return _ask(conversation)
    error = step.accept(conversation.answers, text)
    if error:
        return [error, *_ask(conversation)]
    lines = []
    if step.state in (ChatState.AREA, ChatState.AREA_CHOICE) and "area" in conversation.answers:
        rw = routing.rw(conversation.answers["area"])
        lines.append(_("RW: %(rw)s") % {"rw": routing.rw_label(rw)})
    conversation.state = steps.next_state(conversation.answers, step.state) or ChatState.IDLE
    if conversation.state == ChatState.IDLE:
        return lines + _submit(conversation)
    return lines + _ask(conversation)


def _take_media(conversation: ChatConversation, media) -> list[str]:
    """Keep the photos (up to three per report); say why any other file is refused."""
    from ngopi.notifications.transports.whatsapp import download_media

    lines = []
    kept = conversation.answers.setdefault("photos", [])
    for item in media:
        if item.mime_type.split(";")[0].strip().lower() not in photos.ACCEPTED_TYPES:
            lines.append(
                _(
                    "We can only take photos (JPEG, PNG or WebP), not voice notes, videos or "
                    "documents. Please write it instead."
                )
            )
            continue
        if len(kept) >= photos.MAX_PHOTOS:
            lines.append(_("At most %(count)d photos, please.") % {"count": photos.MAX_PHOTOS})
            break
        try:
            content, mime_type = download_media(item.media_id)
            kept.append(photos.keep(content, mime_type or item.mime_type))
        except photos.PhotoRefused as refused:
            lines.append(str(refused))
            continue
        except Exception:  # the provider failed: say so, keep the conversation
            lines.append(_("We could not fetch that photo. Please send it again."))
            continue
        lines.append(_("Photo %(number)d received.") % {"number": len(kept)})
    return lines


def _form_data(conversation: ChatConversation) -> dict:
    answers = conversation.answers
    return {
        "kind": answers.get("kind", ""),
        "category": answers.get("category", ""),
        "description": answers.get("description", ""),
        "area": answers.get("area", ""),
        "location_detail": answers.get("location_detail", ""),
        "occurred_at": answers.get("occurred_at", ""),
        "urgent": "on" if answers.get("urgent") else "",
        "privacy": answers.get("privacy", Privacy.CONFIDENTIAL),
        "name": answers.get("name", ""),
        "phone": numbers.for_display(numbers.reveal_number(conversation.number_sealed)),
        "consent": "on",  # given with the privacy choice
        "kegiatan": answers.get("kegiatan", ""),
    }


def _submit(conversation: ChatConversation) -> list[str]:
    """Check the whole report with the public form once more and send it."""
    (count,) = counters.hit(
        (f"aspirations:chat:submit:{conversation.number_hash}", max(conf.get("ASPIRATION_SUBMIT_WINDOW"), 1))
    )
    if count.hits > conf.get("ASPIRATION_SUBMIT_LIMIT"):
        conversation.state = ChatState.UPDATES  # kept: he can send it later
        return [
            _(
                "You have sent many reports in the last hour. Please wait %(minutes)d minutes "
                "and reply again; your report is kept."
            )
            % {"minutes": max(1, -(-count.resets_in // 60))}
        ]
    form = AspirationForm(data=_form_data(conversation))
    if not form.is_valid():
        field = next((name for name in form.errors if name in steps.BY_FIELD), None)
        if field is None:
            return [str(error) for error in form.non_field_errors()]
        conversation.state = steps.BY_FIELD[field].state
        return [form.errors[field][0], *_ask(conversation)]
    data = form.cleaned_data
    kept = conversation.answers.get("photos", [])
    try:
        aspiration = services.submit_aspiration(
            kind=data["kind"],
            category=data["category"],
            description=data["description"],
            rw=data["area"],
            privacy=data["privacy"],
            location_detail=data["location_detail"],
            occurred_at=data["occurred_at"],
            urgent=data["urgent"],
            name=data["name"],
            phone=data["phone"],
            consent=data["consent"],
            photos=photos.load(kept),
            session=form.session,
            source=Source.CHAT,
        )
    except services.AspirationError as error:
        conversation.state = ChatState.PRIVACY
        return [str(error), *_ask(conversation)]
    ChatReport.objects.create(
        aspiration=aspiration, conversation=conversation, updates=bool(conversation.answers.get("updates"))
    )
    photos.discard(kept)
    conversation.answers = {}
    conversation.state = ChatState.IDLE
    lines = [
        _("Thank you, your report was received. Your tracking code: %(code)s") % {"code": aspiration.code},
        _("Keep this code. Reply “CEK %(code)s” any time to see where it stands.")
        % {"code": aspiration.code},
    ]
    if data["urgent"]:
        lines.append(_("The officer on duty has been alerted. In an emergency call 110."))
    return lines


EXPIRE_BATCH = 500


def expire_conversations(*, now=None, batch: int = EXPIRE_BATCH) -> int:
    """Forget the unfinished reports nobody answered for a day (their answers and photos are
    personal data); the resident is told at his next message. Returns how many were reset."""
    now = now or timezone.now()
    done = 0
    while True:
        with transaction.atomic():
            rows = list(
                ChatConversation.objects.exclude(state=ChatState.IDLE)
                .filter(updated_at__lte=now - CONVERSATION_LIFETIME)
                .select_for_update(skip_locked=True)
                .order_by("pk")[:batch]
            )
            for conversation in rows:
                reset(conversation)
                conversation.answers = {"expired": True}
                conversation.save(update_fields=["state", "answers"])
        done += len(rows)
        if len(rows) < batch:
            return done
