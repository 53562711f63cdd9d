"""The dialogue loop of the demo scenario (issue 14): a himbauan of Operasi Mantap Praja for Kota
Bekasi; at RW 18 the held session's agenda with ticked items, one kept and one open commitment,
and one aspiration whose outcome is published on the RW page. Runs after the sessions and the
aspirations; idempotent. Invented names only."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from aspirations import services as aspiration_services
from aspirations.enums import Kind, Priority, Privacy
from aspirations.models import AgendaAspiration, Aspiration, Category, OutcomeCode
from events import services
from events.enums import CommitmentStatus
from events.models import AgendaHimbauan, Commitment, Himbauan, Operation, Session
from ngopi.accounts.models import User
from ngopi.areas.models import Area

from .events import HELD_TITLE, OPERATION

RW18 = "DEMO.3275.BKSSEL.PKYJ.RW018"
KOTA_BEKASI = "32.75"
HIMBAUAN_TITLE = "Jaga persatuan, tolak hoaks dan politik uang"
HIMBAUAN_BODY = (
    "Menjelang Pilkada, mari jaga persatuan dan kerukunan antarwarga. Jangan mudah terprovokasi "
    "berita bohong (hoaks) di media sosial: cek dulu kebenarannya. Tolak dan laporkan politik uang "
    "kepada Bhabinkamtibmas atau melalui layanan aspirasi ini."
)
BALAP = "Balap liar setiap malam Minggu di jalan depan lapangan RW 18, warga tidak bisa tidur."
LAMPU = "Lampu jalan di gang 3 RW 18 mati sejak sebulan, rawan pencurian di malam hari."
KEPT = "Patroli setiap malam Minggu di lapangan RW 18 pukul 22.00–02.00"
OPEN = "Koordinasi dengan Dinas PU soal lampu jalan mati di gang 3 RW 18"


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _himbauan(binmas) -> int:
    if Himbauan.objects.filter(title=HIMBAUAN_TITLE).exists():
        return 0
    city = Area.objects.get(code=KOTA_BEKASI)
    operation = Operation.objects.filter(name=OPERATION).first()
    services.create_himbauan(
        actor=binmas,
        title=HIMBAUAN_TITLE,
        body=HIMBAUAN_BODY,
        area=city,
        operation=operation,
        valid_from=operation.starts_on if operation else date(2024, 9, 1),
    )
    return 1


def _complaints(session) -> dict[str, Aspiration]:
    """Two complaints from RW 18 sent before the session (so they were on its agenda)."""
    found = {a.description: a for a in Aspiration.objects.filter(description__in=[BALAP, LAMPU])}
    categories = {c.code: c for c in Category.objects.all()}
    for text, category in ((BALAP, "balap-liar"), (LAMPU, "bukan-urusan-polisi")):
        if text not in found:
            found[text] = aspiration_services.submit_aspiration(
                kind=Kind.COMPLAINT,
                category=categories[category],
                description=text,
                rw=session.rw,
                privacy=Privacy.ANONYMOUS,
            )
    return found


@transaction.atomic
def seed_loop() -> dict[str, int]:
    created = {"himbauan": 0, "commitments": 0}
    users = {u.username: u for u in User.objects.filter(username__in=["binmas", "bhabin", "kapolsek"])}
    created["himbauan"] = _himbauan(users["binmas"])
    session = Session.objects.filter(title=HELD_TITLE, rw__code=RW18).select_related("rw", "unit").first()
    if session is None:
        return created
    complaints = _complaints(session)
    bhabin = users["bhabin"]
    # The session is reported (its agenda frozen); the demo writes its history, so it prepares the
    # agenda as it stood that evening and ticks what was discussed.
    services.prepare_agendas([session])
    answers = {
        "aspirations": {
            row.pk: (True, answer)
            for row in AgendaAspiration.objects.filter(
                session=session, aspiration__description__in=[BALAP, LAMPU]
            )
            for answer in [
                "Kapolsek berjanji patroli tiap malam Minggu."
                if row.aspiration.description == BALAP
                else "Akan dikoordinasikan dengan Dinas PU; lampu bukan kewenangan Polri."
            ]
        },
        "himbauan": {
            row.pk: (True, "Dibacakan Kapolsek di awal kegiatan.")
            for row in AgendaHimbauan.objects.filter(session=session, himbauan__title=HIMBAUAN_TITLE)
        },
    }
    services.record_agenda(actor=bhabin, session=session, answers=answers)
    rows = {
        row.aspiration.description: row.pk
        for row in AgendaAspiration.objects.filter(session=session).select_related("aspiration")
    }
    day = timezone.localdate(session.starts_at)
    if not Commitment.objects.filter(session=session, text=KEPT).exists():
        kept = services.record_commitment(
            actor=bhabin,
            session=session,
            text=KEPT,
            responsible=users["kapolsek"],
            due_date=day + timedelta(days=28),
            agenda_rows={"aspirations": [rows[BALAP]] if BALAP in rows else []},
        )
        services.close_commitment(
            actor=users["kapolsek"],
            commitment=kept,
            status=CommitmentStatus.KEPT,
            outcome_note="Patroli gabungan Polsek dan Koramil dilakukan empat malam Minggu berturut-turut.",
            evidence="Buku mutasi jaga Polsek Bekasi Selatan; foto patroli di grup WhatsApp RW 18.",
        )
        # Closed in time, back then.
        Commitment.objects.filter(pk=kept.pk).update(closed_at=_aware(day + timedelta(days=27), 9))
        created["commitments"] += 1
    if not Commitment.objects.filter(session=session, text=OPEN).exists():
        services.record_commitment(
            actor=bhabin,
            session=session,
            text=OPEN,
            responsible=bhabin,
            due_date=timezone.localdate() + timedelta(days=21),
            agenda_rows={"aspirations": [rows[LAMPU]] if LAMPU in rows else []},
        )
        created["commitments"] += 1
    _publish_outcome(complaints[BALAP], bhabin)
    return created


def _publish_outcome(aspiration, officer) -> None:
    """The street racing stopped: resolved, with a summary residents may read on the RW page."""
    if aspiration.status == "resolved" or aspiration.outcome_public:
        return
    aspiration_services.triage_aspiration(
        actor=officer,
        aspiration=aspiration,
        kind=aspiration.kind,
        category=aspiration.category,
        priority=Priority.NORMAL,
    )
    aspiration_services.resolve_aspiration(
        actor=officer,
        aspiration=aspiration,
        outcome=OutcomeCode.objects.get(code="patrol-increased"),
        resolution="Patroli malam Minggu dilakukan rutin; tidak ada lagi balap liar sejak patroli dimulai.",
        public_summary=(
            "Warga RW 18 mengeluhkan balap liar setiap malam Minggu. Sejak itu polisi dan Koramil "
            "berpatroli tiap malam Minggu di lapangan RW 18, dan balap liar berhenti."
        ),
        outcome_public=True,
    )
