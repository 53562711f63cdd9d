"""The sessions of the demo scenario (DESIGN.md §6): Operasi Mantap Praja 2024, the held session
at RW 18 with its guests and report, and upcoming sessions. Idempotent."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from events import services
from events.enums import OfficerRole
from events.models import Operation, Session, SessionKind
from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Post
from ngopi.notifications.enums import DeliveryStatus
from ngopi.notifications.models import Delivery, Notification

OPERATION = "Operasi Mantap Praja 2024"
HELD_TITLE = "Ngopi Kamtibmas Cooling System Pilkada 2024"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def seed_events() -> dict[str, int]:
    created = {"sessions": 0}
    polda = PoliceUnit.objects.get(code="polda-metro-jaya")
    polres = PoliceUnit.objects.get(code="polres-metro-bekasi-kota")
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["binmas", "bhabin", "bhabin2", "kapolsek", "dirbinmas"])
    }
    kind = SessionKind.objects.get(name="Ngopi Kamtibmas")
    operation = Operation.objects.filter(unit=polda, name=OPERATION).first()
    if operation is None:
        operation = services.create_operation(
            actor=users["dirbinmas"],
            name=OPERATION,
            unit=polda,
            starts_on=date(2024, 9, 1),
            ends_on=date(2024, 12, 31),
            description="Pengamanan tahapan Pilkada serentak 2024: cooling system bersama warga di tingkat RW.",
        )
    rw18_post = Post.objects.get(name="Pos Satkamling Sekretariat RW 18")
    if not Session.objects.filter(title=HELD_TITLE, post=rw18_post).exists():
        day = date(2024, 11, 23)
        session = services.schedule_session(
            actor=users["binmas"],
            kind=kind,
            title=HELD_TITLE,
            post=rw18_post,
            starts_at=_at(day, 19, 30),
            ends_at=_at(day, 22, 0),
            organiser=polres,
            operation=operation,
            agenda="Menjaga kondusivitas jelang Pilkada; antisipasi tawuran remaja; keluhan warga soal balap liar.",
            officers=[
                services.OfficerSlot(officer=users["bhabin"], role=OfficerRole.LEAD),
                services.OfficerSlot(officer=users["kapolsek"], role=OfficerRole.SPEAKER),
            ],
            guests=[
                services.Guest(position="Camat Bekasi Selatan", name="Drs. Suharto Wibisono"),
                services.Guest(
                    position="Danramil", name="Mayor Inf. Taufik Hidayat", institution="Koramil 02"
                ),
                services.Guest(position="Lurah Pekayon Jaya", name="Siti Rahmawati"),
                services.Guest(position="Ketua RW 18", name="Bapak Hasan Basri"),
            ],
        )
        services.file_report(
            actor=users["bhabin"],
            session=session,
            residents_count=46,
            leaders_count=7,
            agencies_count=3,
            summary=(
                "Warga RW 18 berdialog dengan Bhabinkamtibmas, Kapolsek, Camat, Danramil dan Lurah. "
                "Dibahas kesiapan Pilkada, ronda malam, dan kekhawatiran warga tentang kelompok remaja."
            ),
            issues_raised="Rencana tawuran antarkelompok remaja; balap liar di jalan perumahan; lampu jalan mati.",
        )
        created["sessions"] += 1
    today = timezone.localdate()
    upcoming = [
        ("Ngopi Kamtibmas RW 17", "Pos Kamling RW 17", "bhabin", 3),
        ("Ngopi Kamtibmas Jaka Setia", "Sekretariat RW 05 Jaka Setia", "bhabin", 7),
        ("Ngopi Kamtibmas Margahayu", "Pos Kamling RW 03 Margahayu", "bhabin2", 5),
    ]
    for title, post_name, lead, days in upcoming:
        post = Post.objects.get(name=post_name)
        if Session.objects.filter(title=title, post=post).exists():
            continue
        day = today + timedelta(days=days)
        services.schedule_session(
            actor=users["binmas"],
            kind=kind,
            title=title,
            post=post,
            starts_at=_at(day, 19, 30),
            ends_at=_at(day, 21, 30),
            organiser=polres,
            agenda="Dialog kamtibmas bersama warga.",
            officers=[services.OfficerSlot(officer=users[lead], role=OfficerRole.LEAD)],
            guests=[services.Guest(position="Ketua RW")],
        )
        created["sessions"] += 1
    # Sessions already held are history: their officers were told of them back then, so the demo
    # e-mails nobody about them today (the notices stay in the inbox, read).
    past = [session.get_absolute_url() for session in Session.objects.filter(starts_at__lt=timezone.now())]
    Delivery.objects.filter(notification__url__in=past, status=DeliveryStatus.PENDING).delete()
    Notification.objects.filter(url__in=past).update(read_at=timezone.now())
    return created
