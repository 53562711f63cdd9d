"""The public form's in-memory routing table: what a submission costs in queries, and how soon
an administrator's change reaches it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aspirations import routing
from aspirations.enums import EntryKind, Status
from aspirations.models import Aspiration, Category

URL = "/aspirasi/kirim/"


def test_a_submission_is_one_statement_inserting_it_and_its_timeline_row(client, form_data):
    client.post(URL, form_data)  # loads the routing table
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, form_data)
    assert response.status_code == 302
    # (SAVEPOINT/RELEASE: the test's own transaction turns the service's atomic() into a savepoint.)
    statements = [q["sql"] for q in queries.captured_queries]
    statements = [s for s in statements if s.split()[0] not in ("SAVEPOINT", "RELEASE")]
    # No look-up of the RW, category or officer: the routing table answered them.
    if connection.vendor == "postgresql":
        assert len(statements) == 1, statements
        assert statements[0].startswith('WITH new AS (INSERT INTO "aspirations_aspiration"')
        assert 'INSERT INTO "aspirations_timelineentry"' in statements[0]
    else:  # no data-modifying WITH: two inserts
        assert [s.split()[0:3] for s in statements] == [
            ["INSERT", "INTO", '"aspirations_aspiration"'],
            ["INSERT", "INTO", '"aspirations_timelineentry"'],
        ], statements
    aspiration = Aspiration.objects.get(code=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert list(aspiration.timeline.values_list("kind", "is_public", "status_after", "actor")) == [
        (EntryKind.SUBMITTED, True, Status.NEW, None)
    ]


def test_the_form_refuses_a_category_at_once_when_the_admin_deactivates_it(client, form_data):
    assert client.post(URL, form_data).status_code == 302
    category = Category.objects.get(pk=form_data["category"])
    category.is_active = False
    category.save()  # a signal drops this process's copy
    response = client.post(URL, form_data)
    assert response.status_code == 400
    assert "category" in response.context["form"].errors
    assert Aspiration.objects.count() == 1


def test_a_new_bhabinkamtibmas_gets_the_next_submission(client, form_data, world, bhabin, other_bhabin):
    client.post(URL, form_data)
    assert Aspiration.objects.get().assignee == bhabin
    world.pekayon.bhabinkamtibmas.set([other_bhabin])  # the kelurahan's officer changes
    client.post(URL, form_data)
    assert Aspiration.objects.order_by("-pk").first().assignee == other_bhabin


def test_a_change_without_signal_is_seen_when_the_copy_expires(client, form_data, world, settings):
    client.post(URL, form_data)
    Category.objects.filter(pk=form_data["category"]).update(is_active=False)  # no signal
    assert client.post(URL, form_data).status_code == 302  # still this process's copy
    settings.ASPIRATION_ROUTING_CACHE_SECONDS = 0  # as if the copy had expired
    assert client.post(URL, form_data).status_code == 400


def test_routing_offers_only_rws_of_covered_kelurahan_and_active_categories(world):
    table = routing.current()
    assert world.rw18.pk in table.rws
    assert all(rw.parent.polsek_id is not None for rw in table.rws.values())
    assert all(category.is_active for category in table.categories.values())
    assert routing.rw("not a number") is None and routing.category(None) is None
