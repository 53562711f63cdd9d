"""iCalendar feeds and QR codes, generated locally (icalendar, segno)."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

from .enums import SessionStatus

ICS_STATUS = {
    SessionStatus.PLANNED: "CONFIRMED",
    SessionStatus.HELD: "CONFIRMED",
    SessionStatus.REPORTED: "CONFIRMED",
    SessionStatus.POSTPONED: "TENTATIVE",
    SessionStatus.CANCELLED: "CANCELLED",
}


def feed(sessions, *, request, name: str, private: bool) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Ngopi Kamtibmas//id")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Jakarta")
    host = request.get_host().split(":")[0]
    now = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", f"{session.kind.name}: {session.title}")
        place = ", ".join(p for p in (session.post.name, session.rw.name, session.rw.parent.name) if p)
        if session.post.address:
            place = f"{place} ({session.post.address})"
        event["location"] = vText(place)
        description = session.agenda
        if session.status == SessionStatus.POSTPONED and session.status_reason:
            description = f"{description}\n\n{session.status_reason}".strip()
        if description:
            event.add("description", description)
        url = session.get_absolute_url() if private else session.get_public_url()
        event.add("url", request.build_absolute_uri(url))
        event.add("status", ICS_STATUS[SessionStatus(session.status)])
        event.add("last-modified", session.updated_at)
        cal.add_component(event)
    return cal.to_ical()


def qr_svg(url: str) -> str:
    """An SVG QR code of ``url`` (our own URL, so it is safe to inline), sized by the style sheet
    (a viewBox, no fixed size: shrinking it scales it instead of cutting it off)."""
    return segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True)


def whatsapp_url(session) -> str:
    """A poster's WhatsApp deep link: it opens the chat with the number in
    ``WHATSAPP_PUBLIC_NUMBER`` and the first message "NGOPI RW <id> KEGIATAN <id>", which the
    residents' chat reads as the RW and the session (docs/whatsapp-residents.md). Empty when no
    number is set."""
    number = settings.WHATSAPP_PUBLIC_NUMBER
    if not number:
        return ""
    return f"https://wa.me/{number}?" + urlencode({"text": f"NGOPI RW {session.rw_id} KEGIATAN {session.pk}"})
