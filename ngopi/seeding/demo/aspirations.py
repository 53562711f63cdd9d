"""The aspirations of the demo scenario (DESIGN.md §6): one in every state, among them the tawuran
tip from the held session at RW 18 that was proven and acted on. Invented names only.

Idempotent: each demo aspiration is recognised by its description; everything is written
through the services, so the timelines are what the app itself would have written.
"""

from datetime import date

from django.db import transaction

from aspirations import services
from aspirations.enums import Kind, Priority, Privacy, Verification
from aspirations.models import Aspiration, Category, OutcomeCode
from events.models import Session
from ngopi.accounts.models import User
from ngopi.areas.models import Area
from ngopi.notifications.enums import DeliveryStatus
from ngopi.notifications.models import Delivery

TAWURAN = (
    "Ada rencana tawuran antar kelompok remaja Sabtu malam di dekat lapangan RW 18. "
    "Mereka janjian lewat grup media sosial, ada yang membawa celurit dan memakai motor tanpa pelat."
)
HELD_TITLE = "Ngopi Kamtibmas Cooling System Pilkada 2024"

# key, RW code, kind, category code, privacy, name, urgent, target state, description
SCENARIO = [
    (
        "new",
        "DEMO.3275.BKSSEL.PKYJ.RW017",
        Kind.COMPLAINT,
        "balap-liar",
        Privacy.PUBLIC,
        "Siti Rahmadani",
        False,
        "new",
        "Setiap malam Minggu ada balap liar di Jl. Pekayon Raya mulai jam 23.00, sangat bising dan membahayakan.",
    ),
    (
        "triaged",
        "DEMO.3275.BKSSEL.PKYJ.RW019",
        Kind.COMPLAINT,
        "gangguan-ketertiban",
        Privacy.ANONYMOUS,
        "",
        False,
        "triaged",
        "Parkir liar di depan minimarket membuat jalan macet setiap sore, juru parkir sering memaksa.",
    ),
    (
        "in_progress",
        "DEMO.3275.BKSSEL.PKYJ.RW018",
        Kind.TIP,
        "narkoba",
        Privacy.CONFIDENTIAL,
        "Hendra Kusnadi",
        False,
        "in_progress",
        "Rumah kontrakan di gang belakang masjid sering didatangi orang tak dikenal tengah malam, diduga transaksi narkoba.",
    ),
    (
        "waiting",
        "DEMO.3275.BKSSEL.JKSM.RW005",
        Kind.COMPLAINT,
        "pencurian-curanmor",
        Privacy.ANONYMOUS,
        "",
        False,
        "waiting_reporter",
        "Motor tetangga hilang dari teras rumah dini hari, ini yang ketiga bulan ini.",
    ),
    (
        "referred",
        "DEMO.3275.BKSSEL.JKSM.RW011",
        Kind.COMPLAINT,
        "bukan-urusan-polisi",
        Privacy.PUBLIC,
        "Wawan Setiabudi",
        False,
        "referred",
        "Lampu penerangan jalan di Jl. Mawar mati sudah dua minggu, warga takut lewat malam hari.",
    ),
    (
        "resolved",
        "DEMO.3275.BKSSEL.PKYJ.RW019",
        Kind.SUGGESTION,
        "gangguan-ketertiban",
        Privacy.ANONYMOUS,
        "",
        False,
        "resolved",
        "Mohon patroli malam ditambah di sekitar pos ronda RW 19, pos sering kosong setelah jam 01.00.",
    ),
    (
        "closed",
        "DEMO.3275.BKSSEL.PKYJ.RW017",
        Kind.COMPLAINT,
        "kenakalan-remaja",
        Privacy.ANONYMOUS,
        "",
        False,
        "closed",
        "Anak-anak remaja nongkrong sampai subuh di taman dan minum minuman keras.",
    ),
    (
        "margahayu",
        "DEMO.3275.BKSTIM.MGHY.RW003",
        Kind.TIP,
        "judi",
        Privacy.ANONYMOUS,
        "",
        True,
        "new",
        "Ada judi sabung ayam di lahan kosong belakang pasar sekarang, ramai sekali.",
    ),
]


def _step(key, aspiration, target, *, officer, outcomes):
    s = services
    if target == "new":
        return
    s.triage_aspiration(
        actor=officer,
        aspiration=aspiration,
        kind=aspiration.kind,
        category=aspiration.category,
        priority=aspiration.priority,
    )
    if target == "triaged":
        return
    if target == "referred":
        s.refer_aspiration(
            actor=officer,
            aspiration=aspiration,
            body="Dinas Bina Marga dan Sumber Daya Air Kota Bekasi",
            referred_on=date(2024, 11, 25),
            reference="B/112/XI/2024",
        )
        return
    if target == "waiting_reporter":
        s.ask_reporter(
            actor=officer,
            aspiration=aspiration,
            question="Apakah Bapak/Ibu melihat ciri-ciri pelaku atau kendaraan yang dipakai?",
        )
        return
    s.add_follow_up(
        actor=officer,
        aspiration=aspiration,
        public=True,
        text="Sudah kami cek ke lokasi bersama Ketua RW dan pengurus pos kamling.",
    )
    if target == "in_progress":
        s.add_note(
            actor=officer,
            aspiration=aspiration,
            text="Koordinasi dengan Unit Reskrim Polsek untuk penyelidikan.",
        )
        return
    outcome = outcomes["patrol-increased" if key == "resolved" else "mediation"]
    s.resolve_aspiration(
        actor=officer,
        aspiration=aspiration,
        outcome=outcome,
        resolution="Patroli malam ditingkatkan dan warga diajak mengaktifkan ronda bergilir.",
    )
    if target == "closed":
        s.close_aspiration(actor=officer, aspiration=aspiration)
        s.rate_aspiration(aspiration=aspiration, rating=4, comment="Terima kasih, sekarang lebih tenang.")


@transaction.atomic
def seed_aspirations() -> dict[str, int]:
    created = {"aspirations": 0}
    users = {u.username: u for u in User.objects.filter(username__in=["bhabin", "bhabin2", "kapolsek"])}
    categories = {c.code: c for c in Category.objects.all()}
    outcomes = {o.code: o for o in OutcomeCode.objects.all()}
    rws = {
        a.code: a
        for a in Area.objects.filter(code__in=[row[1] for row in SCENARIO] + ["DEMO.3275.BKSSEL.PKYJ.RW018"])
    }
    existing = set(
        Aspiration.objects.filter(description__in=[TAWURAN, *(row[8] for row in SCENARIO)]).values_list(
            "description", flat=True
        )
    )

    if TAWURAN not in existing:
        session = Session.objects.filter(title=HELD_TITLE, rw__code="DEMO.3275.BKSSEL.PKYJ.RW018").first()
        bhabin = users["bhabin"]
        entry = services.CapturedEntry(
            kind=Kind.TIP,
            category=categories["tawuran"],
            description=TAWURAN,
            privacy=Privacy.ANONYMOUS,
            rw=rws["DEMO.3275.BKSSEL.PKYJ.RW018"],
            location_detail="Lapangan voli dekat Sekretariat RW 18",
            urgent=True,
        )
        if session is not None:
            [tip] = services.record_session_aspirations(actor=bhabin, session=session, entries=[entry])
        else:
            tip = services.submit_aspiration(
                kind=entry.kind,
                category=entry.category,
                description=entry.description,
                rw=entry.rw,
                privacy=entry.privacy,
                location_detail=entry.location_detail,
                urgent=True,
            )
        services.triage_aspiration(
            actor=bhabin,
            aspiration=tip,
            kind=Kind.TIP,
            category=categories["tawuran"],
            priority=Priority.URGENT,
        )
        services.add_follow_up(
            actor=bhabin,
            aspiration=tip,
            public=False,
            text="Informasi diteruskan ke Kapolsek dan Unit Reskrim; disiapkan patroli gabungan di titik kumpul.",
        )
        services.add_follow_up(
            actor=users["kapolsek"],
            aspiration=tip,
            public=True,
            text="Petugas gabungan mendatangi titik kumpul sebelum tawuran terjadi dan membubarkan kelompok remaja.",
        )
        services.resolve_aspiration(
            actor=users["kapolsek"],
            aspiration=tip,
            outcome=outcomes["enforcement"],
            resolution="Tawuran berhasil dicegah. Terima kasih atas informasinya.",
            verification=Verification.PROVEN,
            verification_results="35 sepeda motor dan sejumlah senjata tajam (celurit, gir) diamankan; "
            "remaja yang terlibat didata dan orang tuanya dipanggil.",
        )
        services.close_aspiration(actor=users["kapolsek"], aspiration=tip)
        services.rate_aspiration(aspiration=tip, rating=5, comment="Cepat sekali ditangani, lingkungan aman.")
        # The brawl is history (it was heard at a session already held): its urgent alert went
        # out back then, so the demo must not send it today (by e-mail or any other channel).
        Delivery.objects.filter(
            notification__url=tip.get_absolute_url(), status=DeliveryStatus.PENDING
        ).delete()
        created["aspirations"] += 1

    for key, rw_code, kind, category, privacy, name, urgent, target, description in SCENARIO:
        if description in existing:
            continue
        aspiration = services.submit_aspiration(
            kind=kind,
            category=categories[category],
            description=description,
            rw=rws[rw_code],
            privacy=privacy,
            name=name,
            phone="0812 0000 0000" if name else "",
            consent=bool(name),
            urgent=urgent,
        )
        officer = users["bhabin2"] if key == "margahayu" else users["bhabin"]
        _step(key, aspiration, target, officer=officer, outcomes=outcomes)
        created["aspirations"] += 1

    # A second report of the same brawl, marked as its duplicate.
    duplicate_text = "Katanya malam ini anak-anak dari RW sebelah mau datang tawuran ke lapangan RW 18."
    if not Aspiration.objects.filter(description=duplicate_text).exists():
        original = Aspiration.objects.get(description=TAWURAN)
        copy = services.submit_aspiration(
            kind=Kind.TIP,
            category=categories["tawuran"],
            description=duplicate_text,
            rw=rws["DEMO.3275.BKSSEL.PKYJ.RW018"],
            privacy=Privacy.ANONYMOUS,
        )
        services.mark_duplicate(actor=users["bhabin"], aspiration=copy, original=original)
        created["aspirations"] += 1
    return created
