"""aspirations/workflow.py: which actions each status allows, for whom; the staff page offers
exactly those, and the tracking page the reporter's."""

import re

import pytest
from django.utils import timezone

from aspirations import workflow
from aspirations.enums import Privacy, Status
from aspirations.identity import seal
from aspirations.models import Aspiration, OutcomeCode

from .factories import make_aspiration

STAFF = {
    Status.NEW: {"triage", "assign", "note", "refer", "duplicate"},
    Status.TRIAGED: {"triage", "assign", "ask", "follow_up", "note", "refer", "duplicate", "resolve"},
    Status.IN_PROGRESS: {"assign", "ask", "follow_up", "note", "refer", "duplicate", "resolve"},
    Status.WAITING_REPORTER: {"assign", "ask", "follow_up", "note", "refer", "duplicate", "resolve"},
    Status.REFERRED: {"note", "close"},
    Status.DUPLICATE: {"note", "close"},
    Status.RESOLVED: {"note", "close", "reopen"},
    Status.CLOSED: {"note", "reopen"},
}
REPORTER = {
    Status.NEW: {"add_information"},
    Status.TRIAGED: {"add_information"},
    Status.IN_PROGRESS: {"add_information"},
    Status.WAITING_REPORTER: {"answer"},
    Status.REFERRED: set(),
    Status.DUPLICATE: set(),
    Status.RESOLVED: {"rate"},
    Status.CLOSED: {"rate"},
}


def at_rw18(world, status, **fields):
    """An aspiration of RW 18 as the rules see it (in memory: the predicates need no query)."""
    return Aspiration(status=status, unit=world.polsek, village_id=world.pekayon.pk, rw=world.rw18, **fields)


def test_every_status_is_in_the_tables():
    assert set(STAFF) == set(Status) == set(REPORTER)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("persona", ["bhabin", "kapolsek", "kapolres", "binmas", "administrator"])
def test_allowed_actions_in_each_status_for_officers_in_scope(request, world, bhabin, status, persona):
    user = request.getfixturevalue(persona)
    assert workflow.allowed_actions(at_rw18(world, status, privacy=Privacy.ANONYMOUS), user) == STAFF[status]


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("persona", ["other_bhabin", "kapolres_depok"])
def test_no_action_in_any_status_for_officers_outside(request, world, bhabin, status, persona):
    user = request.getfixturevalue(persona)
    assert workflow.allowed_actions(at_rw18(world, status, privacy=Privacy.ANONYMOUS), user) == set()


@pytest.mark.parametrize(
    "persona,shown", [("bhabin", True), ("kapolsek", True), ("administrator", True), ("binmas", False)]
)
def test_show_identity_of_a_confidential_report(request, world, bhabin, persona, shown):
    user = request.getfixturevalue(persona)
    aspiration = at_rw18(
        world,
        Status.IN_PROGRESS,
        privacy=Privacy.CONFIDENTIAL,
        assignee=bhabin,
        reporter_identity=seal(name="Siti", phone="0812", email=""),
    )
    assert (workflow.SHOW_IDENTITY in workflow.allowed_actions(aspiration, user)) is shown
    public = at_rw18(
        world, Status.NEW, privacy=Privacy.PUBLIC, reporter_identity=seal(name="Budi", phone="", email="")
    )
    assert workflow.SHOW_IDENTITY not in workflow.allowed_actions(
        public, user
    )  # shown inline, not on request


def test_no_assign_without_a_responsible_polsek(world, kapolres):
    aspiration = Aspiration(
        status=Status.NEW, unit=None, village_id=world.pekayon.pk, privacy=Privacy.ANONYMOUS
    )
    assert "assign" not in workflow.allowed_actions(aspiration, kapolres)


@pytest.mark.parametrize("status", list(Status))
def test_reporter_actions_in_each_status(world, status):
    assert workflow.reporter_actions(at_rw18(world, status)) == REPORTER[status]


def test_reporter_rates_only_once(world):
    assert workflow.reporter_actions(at_rw18(world, Status.CLOSED, rating=4)) == set()


def put_in(aspiration, status, world):
    """Move a stored aspiration to ``status`` with what its constraints require."""
    fields = {"status": status}
    if status == Status.DUPLICATE:
        fields["duplicate_of"] = make_aspiration(
            rw=world.rw18, description="Laporan pertama tentang hal yang sama."
        )
    if status == Status.RESOLVED:
        fields.update(outcome=OutcomeCode.objects.get(code="mediation"), resolved_at=timezone.now())
    Aspiration.objects.filter(pk=aspiration.pk).update(**fields)


@pytest.mark.parametrize("status", list(Status))
def test_detail_page_offers_exactly_the_allowed_actions(login, world, bhabin, status):
    aspiration = make_aspiration(rw=world.rw18)
    put_in(aspiration, status, world)
    html = login(bhabin).get(aspiration.get_absolute_url()).content.decode()
    assert set(re.findall(r'data-action="(\w+)"', html)) == STAFF[status]


@pytest.mark.parametrize("status", list(Status))
def test_tracking_page_offers_the_reporter_actions(client, world, bhabin, status):
    aspiration = make_aspiration(rw=world.rw18)
    put_in(aspiration, status, world)
    html = client.get(aspiration.get_tracking_url()).content.decode()
    actions = REPORTER[status]
    assert ("/balas/" in html) is bool(actions & {"answer", "add_information"})
    assert ("/nilai/" in html) is ("rate" in actions)
    assert ('data-testid="waiting"' in html) is ("answer" in actions)
