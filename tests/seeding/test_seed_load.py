"""The scale data for the benchmarks (``seed_load`` and ``seed_dashboard_load``), at a tiny size."""

from io import StringIO

from django.core.management import call_command

from aspirations.enums import EntryKind, Kind, Status
from aspirations.models import Aspiration, TimelineEntry
from events.models import Session
from ngopi.accounts.models import PoliceUnit

SMALL_POLDA = [
    "--polres",
    "1",
    "--polsek-per-polres",
    "2",
    "--villages-per-polsek",
    "1",
    "--rws-per-village",
    "2",
]


def test_seed_load_with_aspirations_adds_their_follow_ups_and_shows_progress(db):
    err = StringIO()
    call_command(
        "seed_load", *SMALL_POLDA, "--aspirations", "30", "--sessions", "10", stdout=StringIO(), stderr=err
    )
    assert Aspiration.objects.filter(code__startswith="LD-").count() == 30
    entries = TimelineEntry.objects.filter(aspiration__code__startswith="LD-")
    assert entries.filter(kind=EntryKind.SUBMITTED).count() == 30
    assert (
        entries.filter(kind=EntryKind.FOLLOW_UP).count()
        == Aspiration.objects.exclude(acknowledged_at=None).count()
    )
    assert Session.objects.count() == 10
    assert "rows/s" in err.getvalue() and "ETA" in err.getvalue()
    # The generated rows keep the rules the application keeps.
    assert not Aspiration.objects.filter(status=Status.RESOLVED, outcome=None).exists()
    assert not Aspiration.objects.exclude(kind=Kind.TIP).exclude(verification="").exists()


def test_seed_dashboard_load_fills_the_seed_load_polda_once(db):
    call_command("seed_load", *SMALL_POLDA, stdout=StringIO())
    out = StringIO()
    call_command("seed_dashboard_load", "--aspirations", "40", "--sessions", "12", "--days", "60", stdout=out)
    assert "40 load_aspirations" in out.getvalue()
    assert "12 load_sessions" in out.getvalue()
    polda = PoliceUnit.objects.get(code="load-polda")
    assert Aspiration.objects.filter(unit__path__startswith=polda.path).count() == 40
    assert Session.objects.filter(unit__path__startswith=polda.path).count() == 12
    again = StringIO()
    call_command("seed_dashboard_load", "--aspirations", "40", "--sessions", "12", stdout=again)
    assert "0 load_aspirations" in again.getvalue()
    assert Aspiration.objects.count() == 40


def test_seed_dashboard_load_writes_indonesian_texts_and_their_search_vectors(db):
    from django.db import connection

    call_command("seed_load", *SMALL_POLDA, stdout=StringIO())
    call_command("seed_dashboard_load", "--aspirations", "60", "--sessions", "2", stdout=StringIO())
    rows = list(Aspiration.objects.values_list("description", "search_document", "location_detail"))
    assert len({description for description, _d, _p in rows}) > 30  # not one text for all
    for description, document, place in rows:
        assert description.endswith(".") and "Aspirasi uji beban" not in description
        assert document == f"{description}\n{place}"
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # The vectors the load brought are the ones the trigger would have computed.
        cursor.execute(
            "SELECT count(*) FROM aspirations_aspiration WHERE search_vector IS NULL "
            "OR search_vector::text <> to_tsvector('ngopi_indonesian', search_document)::text"
        )
        assert cursor.fetchone()[0] == 0
        # … and the trigger computes them again for every insert that brings none.
        cursor.execute("SHOW ngopi.keep_search_vector")
        assert cursor.fetchone()[0] == "off"


def test_search_vector_follows_the_document_on_postgresql(db, world):
    from django.contrib.postgres.search import SearchQuery
    from django.db import connection

    from aspirations.search import CONFIG
    from tests.aspirations.factories import make_aspiration

    if connection.vendor != "postgresql":
        return
    aspiration = make_aspiration(rw=world.rw18, description="Pencurian helm di parkiran")
    Aspiration.objects.filter(pk=aspiration.pk).update(search_document="Tawuran pelajar")
    assert list(
        Aspiration.objects.filter(search_vector=SearchQuery("tawuran", config=CONFIG)).values_list(
            "pk", flat=True
        )
    ) == [aspiration.pk]
    assert not Aspiration.objects.filter(search_vector=SearchQuery("pencurian", config=CONFIG)).exists()
