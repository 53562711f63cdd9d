"""The demo world of DESIGN.md §6 (``seed_demo``): units, areas, posts and people.

Idempotent: every object is looked up by a stable key first, so running it again changes
nothing. Invented names only. The sessions and aspirations of the scenario are added after it
(``events.py``, ``aspirations.py`` beside this module; the order is ``STEPS`` in ``__init__``).
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from ngopi.accounts import services as account_services
from ngopi.accounts.enums import Role, UnitKind
from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas import services as area_services
from ngopi.areas.enums import PostKind
from ngopi.areas.importing import import_areas
from ngopi.areas.models import Area, Post
from ngopi.notifications.verification import set_verified_number

DEMO_PASSWORD = "kamtibmas-demo"
AREAS_CSV = Path(settings.BASE_DIR) / "data" / "areas-sample.csv"

UNITS = [
    # code, name, kind, parent code
    ("polda-metro-jaya", "Polda Metro Jaya", UnitKind.POLDA, None),
    ("polres-metro-bekasi-kota", "Polres Metro Bekasi Kota", UnitKind.POLRES, "polda-metro-jaya"),
    ("polsek-bekasi-selatan", "Polsek Bekasi Selatan", UnitKind.POLSEK, "polres-metro-bekasi-kota"),
    ("polsek-bekasi-timur", "Polsek Bekasi Timur", UnitKind.POLSEK, "polres-metro-bekasi-kota"),
]

USERS = [
    # username, role, unit code, rank, first, last, position, nrp
    ("admin", Role.ADMINISTRATOR, None, "", "Admin", "Sistem", "Administrator", ""),
    (
        "dirbinmas",
        Role.COMMANDER,
        "polda-metro-jaya",
        "Kombes Pol",
        "Hendra",
        "Wiratama",
        "Dirbinmas",
        "70010001",
    ),
    (
        "kapolres",
        Role.COMMANDER,
        "polres-metro-bekasi-kota",
        "Kombes Pol",
        "Arif",
        "Santoso",
        "Kapolres",
        "72020002",
    ),
    (
        "kapolsek",
        Role.COMMANDER,
        "polsek-bekasi-selatan",
        "Kompol",
        "Bambang",
        "Setiadi",
        "Kapolsek",
        "75030003",
    ),
    (
        "binmas",
        Role.SCHEDULER,
        "polres-metro-bekasi-kota",
        "Iptu",
        "Dewi",
        "Kartika",
        "Kasat Binmas staff",
        "85040004",
    ),
    (
        "bhabin",
        Role.BHABINKAMTIBMAS,
        "polsek-bekasi-selatan",
        "Aipda",
        "Joko",
        "Prasetyo",
        "Bhabinkamtibmas Pekayon Jaya",
        "82050005",
    ),
    (
        "bhabin2",
        Role.BHABINKAMTIBMAS,
        "polsek-bekasi-timur",
        "Bripka",
        "Rudi",
        "Hartono",
        "Bhabinkamtibmas Margahayu",
        "86060006",
    ),
]

COVERAGE = {
    # village code: bhabin usernames
    "DEMO.3275.BKSSEL.PKYJ": ["bhabin"],
    "DEMO.3275.BKSSEL.JKSM": ["bhabin"],
    "DEMO.3275.BKSTIM.MGHY": ["bhabin2"],
}

POSTS = [
    # RW code, name, kind, address, lat, lng (approximate positions in the named kelurahan, so the
    # public maps have a marker for every demo post)
    (
        "DEMO.3275.BKSSEL.PKYJ.RW018",
        "Pos Satkamling Sekretariat RW 18",
        PostKind.POS_KAMLING,
        "Perumahan Pekayon Jaya, Pekayon Jaya, Bekasi Selatan",
        "-6.268100",
        "106.982300",
    ),
    (
        "DEMO.3275.BKSSEL.PKYJ.RW017",
        "Pos Kamling RW 17",
        PostKind.POS_KAMLING,
        "Jl. Pekayon Raya, Pekayon Jaya",
        "-6.265400",
        "106.978900",
    ),
    (
        "DEMO.3275.BKSSEL.PKYJ.RW019",
        "Balai Warga RW 19",
        PostKind.COMMUNITY_HALL,
        "Pekayon Jaya",
        "-6.271500",
        "106.986800",
    ),
    (
        "DEMO.3275.BKSSEL.JKSM.RW005",
        "Sekretariat RW 05 Jaka Setia",
        PostKind.RW_SECRETARIAT,
        "Jaka Setia",
        "-6.262600",
        "106.968200",
    ),
    (
        "DEMO.3275.BKSSEL.JKSM.RW011",
        "Pos Kamling RW 11 Jaka Setia",
        PostKind.POS_KAMLING,
        "Jaka Setia",
        "-6.259800",
        "106.964700",
    ),
    (
        "DEMO.3275.BKSTIM.MGHY.RW003",
        "Pos Kamling RW 03 Margahayu",
        PostKind.POS_KAMLING,
        "Margahayu, Bekasi Timur",
        "-6.255300",
        "107.008600",
    ),
    (
        "DEMO.3275.BKSTIM.MGHY.RW007",
        "Posyandu Melati RW 07",
        PostKind.POSYANDU,
        "Margahayu, Bekasi Timur",
        "-6.251900",
        "107.013400",
    ),
]


@transaction.atomic
def seed_world() -> dict[str, int]:
    """Units, areas, coverage, posts and the demo users. Returns how many of each were created."""
    created = {"units": 0, "areas": 0, "users": 0, "posts": 0}
    units: dict[str, PoliceUnit] = {
        u.code: u for u in PoliceUnit.objects.filter(code__in=[c for c, *_ in UNITS])
    }
    for code, name, kind, parent_code in UNITS:
        if code not in units:
            units[code] = account_services.create_unit(
                name=name, code=code, kind=kind, parent=units[parent_code] if parent_code else None
            )
            created["units"] += 1

    result = import_areas(AREAS_CSV.read_text(encoding="utf-8"))
    if not result.ok:
        raise RuntimeError("The demo areas file is invalid: " + "; ".join(result.errors))
    created["areas"] = result.created

    users: dict[str, User] = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in USERS])}
    for username, role, unit_code, rank, first, last, position, nrp in USERS:
        if username in users:
            continue
        users[username] = account_services.create_officer(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            unit=units[unit_code] if unit_code else None,
            rank=rank,
            first_name=first,
            last_name=last,
            position=position,
            nrp=nrp,
            email=f"{username}@ngopi.example",
            is_superuser=username == "admin",
        )
        created["users"] += 1

    # Demo officers have (made-up, verified) WhatsApp numbers; with no WhatsApp settings nothing
    # is sent to them, and with the fake or a real provider the urgent alerts reach them.
    for index, (username, role, *_rest) in enumerate(USERS, start=1):
        if role != Role.ADMINISTRATOR:
            set_verified_number(user=users[username], number=f"62812000{index:05d}")

    areas = {a.code: a for a in Area.objects.filter(code__in=[*COVERAGE, *(p[0] for p in POSTS)])}
    for village_code, usernames in COVERAGE.items():
        village = areas[village_code]
        wanted = {users[name].pk for name in usernames}
        if set(village.bhabinkamtibmas.values_list("pk", flat=True)) != wanted:
            area_services.set_village_coverage(
                village=village, polsek=village.polsek, officers=[users[n] for n in usernames]
            )

    existing_posts = set(
        Post.objects.filter(rw__code__in=[p[0] for p in POSTS]).values_list("rw__code", "name")
    )
    for rw_code, name, kind, address, lat, lng in POSTS:
        if (rw_code, name) not in existing_posts:
            area_services.create_post(
                name=name, rw=areas[rw_code], kind=kind, address=address, latitude=lat, longitude=lng
            )
            created["posts"] += 1
        elif lat is not None:  # a demo database seeded before its posts had positions gets them
            Post.objects.filter(rw__code=rw_code, name=name, latitude__isnull=True).update(
                latitude=lat, longitude=lng
            )
    return created
