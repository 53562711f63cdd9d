"""The mails to followers: plain text (no HTML, so no tracking pixel and no remote image), in
Indonesian, each with its one-click unsubscribe link in the body and in the RFC 2369 / RFC 8058
headers (``List-Unsubscribe`` and ``List-Unsubscribe-Post``)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from aspirations.identity import reveal
from ngopi.core.http import public_url

from .tokens import confirm_token, unsubscribe_token


def unsubscribe_url(follower) -> str:
    return public_url(reverse("wilayah:unfollow", args=[unsubscribe_token(follower.pk)]))


def _send(follower, *, template: str, context: dict, message_id: str) -> None:
    address = reveal(follower.email_sealed).email
    if not address:  # the key that sealed it was dropped: nothing to send to
        return
    stop = unsubscribe_url(follower)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **context,
            "rw": follower.rw,
            "rw_url": public_url(reverse("wilayah:area", args=[follower.rw_id])),
            "unsubscribe_url": stop,
        }
        subject = render_to_string(f"wilayah/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"wilayah/mail/{template}.txt", context)
    EmailMessage(
        subject=f"[Ngopi Kamtibmas] {subject}",
        body=body,
        to=[address],
        headers={
            "Message-ID": f"<{message_id}@{settings.NGOPI_MAIL_DOMAIN}>",
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    ).send()


def send_confirmation(follower) -> None:
    link = public_url(reverse("wilayah:confirm", args=[confirm_token(follower.pk)]))
    _send(
        follower,
        template="confirm",
        context={"confirm_url": link},
        message_id=f"follow-{follower.pk}-{int(follower.created_at.timestamp())}",
    )


def send_announcement(follower, session) -> None:
    _send(
        follower,
        template="announcement",
        context={"session": session, "session_url": public_url(session.get_public_url())},
        message_id=f"announce-{session.pk}-{follower.pk}",
    )


def send_summary(follower, session, summary) -> None:
    _send(
        follower,
        template="summary",
        context={"session": session, "summary": summary, "session_url": public_url(session.get_public_url())},
        message_id=f"summary-{session.pk}-{follower.pk}",
    )
