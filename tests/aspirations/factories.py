"""Aspirations and sessions for the tests, written through the services as the app does."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from aspirations import services
from aspirations.enums import Kind, Privacy
from aspirations.models import Category
from events import services as event_services
from events.enums import OfficerRole
from events.models import SessionKind


def make_aspiration(*, rw, **overrides):
    values = {
        "kind": Kind.COMPLAINT,
        "category": Category.objects.get(code="tawuran"),
        "description": "Remaja berkumpul membawa senjata tajam di lapangan.",
        "privacy": Privacy.ANONYMOUS,
    }
    values.update(overrides)
    return services.submit_aspiration(rw=rw, **values)


def make_session(*, post, actor, lead=None, officers=(), starts_in=timedelta(days=-1)):
    starts_at = timezone.now() + starts_in
    slots = [event_services.OfficerSlot(officer=lead, role=OfficerRole.LEAD)] if lead else []
    slots += [event_services.OfficerSlot(officer=o, role=OfficerRole.ATTENDING) for o in officers]
    return event_services.schedule_session(
        actor=actor,
        kind=SessionKind.objects.get(name="Ngopi Kamtibmas"),
        title=f"Ngopi Kamtibmas {post.name}",
        post=post,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        organiser=post.rw.parent.polsek,
        officers=slots,
    )


def jpeg_with_gps(name="photo.jpg", size=(64, 48)) -> SimpleUploadedFile:
    """A JPEG as a phone makes it: with EXIF, including a GPS position."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "S", 2: (6.0, 16.0, 5.0), 3: "E", 4: (106.0, 58.0, 56.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
