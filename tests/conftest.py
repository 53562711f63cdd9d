"""Shared fixtures: a small world of three commands deep and the personas of DESIGN.md §7.

World:
    Polda Metro Jaya
    ├── Polres Metro Bekasi Kota
    │   ├── Polsek Bekasi Selatan  ── covers Pekayon Jaya (RW 18, RW 19)
    │   └── Polsek Bekasi Timur    ── covers Margahayu (RW 03)
    └── Polres Metro Depok
        └── Polsek Beji            ── covers Beji (RW 01)
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache, caches

from aspirations import routing
from ngopi.accounts.enums import Role, UnitKind
from ngopi.areas import services as area_services
from ngopi.areas.enums import AreaLevel
from ngopi.core import counters, queue

from .factories import PASSWORD, AreaFactory, PoliceUnitFactory, PostFactory, UserFactory

# The fake WhatsApp Cloud API and SMS gateway (fixtures ``graph_api``, ``sms_gateway``).
pytest_plugins = ["tests.fakes.graph_api", "tests.fakes.sms_gateway"]


def pytest_configure(config):
    # Tests run with DEBUG off (as production does) but without collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client and the live server speak plain HTTP, as a loopback run does.
    settings.SECURE_SSL_REDIRECT = False
    # Tests sign commanders in without a second factor; tests/accounts/test_two_factor.py turns it on.
    settings.NGOPI_REQUIRE_2FA = False
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    caches["fragments"].clear()  # the public form page's rendered parts (per process)
    counters.reset()  # each process's fallback counters, and any remembered cache failure
    routing.forget()  # the public form's in-memory copy must not outlive a test's data
    queue.reset()  # a broker failure remembered by this process
    yield


@dataclass
class World:
    polda: object
    polres: object
    polsek: object
    polsek_timur: object
    polres_depok: object
    polsek_beji: object
    province: object
    city: object
    district: object
    pekayon: object
    rw18: object
    rw19: object
    margahayu: object
    rw03: object
    beji: object
    rw01: object
    post_rw18: object
    post_rw19: object
    post_rw03: object
    post_rw01: object


@pytest.fixture
def world(db) -> World:
    polda = PoliceUnitFactory(name="Polda Metro Jaya", code="polda-mj", kind=UnitKind.POLDA)
    polres = PoliceUnitFactory(
        name="Polres Metro Bekasi Kota", code="polres-bks", kind=UnitKind.POLRES, parent=polda
    )
    polsek = PoliceUnitFactory(
        name="Polsek Bekasi Selatan", code="polsek-bks-sel", kind=UnitKind.POLSEK, parent=polres
    )
    polsek_timur = PoliceUnitFactory(
        name="Polsek Bekasi Timur", code="polsek-bks-tim", kind=UnitKind.POLSEK, parent=polres
    )
    polres_depok = PoliceUnitFactory(
        name="Polres Metro Depok", code="polres-dpk", kind=UnitKind.POLRES, parent=polda
    )
    polsek_beji = PoliceUnitFactory(
        name="Polsek Beji", code="polsek-beji", kind=UnitKind.POLSEK, parent=polres_depok
    )

    province = AreaFactory(name="Jawa Barat", level=AreaLevel.PROVINCE, code="32")
    city = AreaFactory(name="Kota Bekasi", level=AreaLevel.CITY, parent=province, code="32.75")
    district = AreaFactory(name="Bekasi Selatan", level=AreaLevel.DISTRICT, parent=city)
    pekayon = AreaFactory(name="Pekayon Jaya", level=AreaLevel.VILLAGE, parent=district, polsek=polsek)
    rw18 = AreaFactory(name="RW 18", level=AreaLevel.RW, parent=pekayon)
    rw19 = AreaFactory(name="RW 19", level=AreaLevel.RW, parent=pekayon)
    district_timur = AreaFactory(name="Bekasi Timur", level=AreaLevel.DISTRICT, parent=city)
    margahayu = AreaFactory(
        name="Margahayu", level=AreaLevel.VILLAGE, parent=district_timur, polsek=polsek_timur
    )
    rw03 = AreaFactory(name="RW 03", level=AreaLevel.RW, parent=margahayu)
    depok = AreaFactory(name="Kota Depok", level=AreaLevel.CITY, parent=province, code="32.76")
    district_beji = AreaFactory(name="Beji", level=AreaLevel.DISTRICT, parent=depok)
    beji = AreaFactory(name="Beji", level=AreaLevel.VILLAGE, parent=district_beji, polsek=polsek_beji)
    rw01 = AreaFactory(name="RW 01", level=AreaLevel.RW, parent=beji)

    return World(
        polda=polda,
        polres=polres,
        polsek=polsek,
        polsek_timur=polsek_timur,
        polres_depok=polres_depok,
        polsek_beji=polsek_beji,
        province=province,
        city=city,
        district=district,
        pekayon=pekayon,
        rw18=rw18,
        rw19=rw19,
        margahayu=margahayu,
        rw03=rw03,
        beji=beji,
        rw01=rw01,
        post_rw18=PostFactory(name="Pos Satkamling Sekretariat RW 18", rw=rw18),
        post_rw19=PostFactory(name="Balai Warga RW 19", rw=rw19),
        post_rw03=PostFactory(name="Pos Kamling RW 03", rw=rw03),
        post_rw01=PostFactory(name="Pos Kamling RW 01 Beji", rw=rw01),
    )


@pytest.fixture
def bhabin(world):
    """The Bhabinkamtibmas of Pekayon Jaya (RW 18), Polsek Bekasi Selatan."""
    user = UserFactory(username="bhabin", role=Role.BHABINKAMTIBMAS, unit=world.polsek)
    area_services.set_village_coverage(village=world.pekayon, polsek=world.polsek, officers=[user])
    return user


@pytest.fixture
def other_bhabin(world):
    """A Bhabinkamtibmas of another Polsek (Bekasi Timur, kelurahan Margahayu)."""
    user = UserFactory(username="bhabin2", role=Role.BHABINKAMTIBMAS, unit=world.polsek_timur)
    area_services.set_village_coverage(village=world.margahayu, polsek=world.polsek_timur, officers=[user])
    return user


@pytest.fixture
def kapolsek(world):
    return UserFactory(username="kapolsek", role=Role.COMMANDER, unit=world.polsek, position="Kapolsek")


@pytest.fixture
def kapolres(world):
    return UserFactory(username="kapolres", role=Role.COMMANDER, unit=world.polres, position="Kapolres")


@pytest.fixture
def kapolres_depok(world):
    return UserFactory(username="kapolres-depok", role=Role.COMMANDER, unit=world.polres_depok)


@pytest.fixture
def dirbinmas(world):
    return UserFactory(username="dirbinmas", role=Role.COMMANDER, unit=world.polda, position="Dirbinmas")


@pytest.fixture
def binmas(world):
    return UserFactory(username="binmas", role=Role.SCHEDULER, unit=world.polres)


@pytest.fixture
def administrator(world):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, unit=None, is_superuser=True)


@pytest.fixture
def resident(client):
    """A resident: no account, a plain browser session."""
    return client


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD


DATA_MIGRATIONS = [
    ("events.migrations.0002_default_session_kinds", "add_kinds"),
    ("aspirations.migrations.0002_default_categories_and_outcomes", "seed"),
]


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests (live server, real workers) flush every table when they end, which
    also removes what the data migrations wrote; put it back (the functions are idempotent)."""
    import importlib

    from django.apps import apps

    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
