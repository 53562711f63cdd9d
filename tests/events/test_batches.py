import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from events.enums import BatchStatus, OfficerRole, SessionStatus
from events.models import Session, SessionLog, SessionOfficer
from ngopi.accounts.models import User
from ngopi.notifications.models import Notification
from tests.factories import PostFactory

from .conftest import wib


@pytest.fixture
def covered(world, bhabin, other_bhabin):
    """Pekayon Jaya (2 posts) covered by bhabin, Margahayu (1 post) by other_bhabin; Beji has no bhabin."""
    return world


def test_plan_batch_for_a_polres_lists_every_post_with_its_lead(covered, next_week):
    plan = services.plan_batch(unit=covered.polres, starts_at=wib(next_week, 19), ends_at=wib(next_week, 21))
    by_post = {item.post.name: item for item in plan.items}
    assert set(by_post) == {"Pos Satkamling Sekretariat RW 18", "Balai Warga RW 19", "Pos Kamling RW 03"}
    assert by_post["Pos Kamling RW 03"].lead.username == "bhabin2"
    assert all(item.ok for item in plan.items)
    # bhabin covers both Pekayon Jaya posts: the preview warns that he leads two at once
    assert by_post["Balai Warga RW 19"].warnings
    assert not by_post["Pos Kamling RW 03"].warnings


def test_plan_batch_flags_a_kelurahan_without_bhabin(world, next_week):
    plan = services.plan_batch(
        unit=world.polres_depok, starts_at=wib(next_week, 19), ends_at=wib(next_week, 21)
    )
    assert [item.post.name for item in plan.conflicts] == ["Pos Kamling RW 01 Beji"]
    assert plan.conflicts[0].lead is None
    assert len(plan.conflicts[0].problems) == 1


def test_schedule_batch_creates_one_session_per_free_post_and_skips_conflicts(
    covered, make_session, kind, binmas, next_week, operation
):
    make_session(post=covered.post_rw03, lead=None, officers=[], title="Sudah ada")  # RW 03 busy
    batch, plan = services.schedule_batch(
        actor=binmas,
        title="Serentak Mantap Praja",
        kind=kind,
        unit=covered.polres,
        starts_at=wib(next_week, 19, 30),
        ends_at=wib(next_week, 21, 30),
        operation=operation,
    )
    sessions = Session.objects.filter(batch=batch)
    assert {s.post.name for s in sessions} == {"Pos Satkamling Sekretariat RW 18", "Balai Warga RW 19"}
    assert [c.post.name for c in plan.conflicts] == ["Pos Kamling RW 03"]
    assert set(
        SessionOfficer.objects.filter(session__batch=batch).values_list("officer__username", "role")
    ) == {("bhabin", OfficerRole.LEAD)}
    assert {s.unit_id for s in sessions} == {covered.polsek.pk}
    assert SessionLog.objects.filter(session__batch=batch, action="scheduled").count() == 2


def test_schedule_batch_limited_to_chosen_areas(covered, kind, binmas, next_week):
    batch, _plan = services.schedule_batch(
        actor=binmas,
        title="Hanya Margahayu",
        kind=kind,
        unit=covered.polres,
        areas=[covered.margahayu],
        starts_at=wib(next_week, 19),
        ends_at=wib(next_week, 21),
    )
    assert [s.post.name for s in batch.sessions.all()] == ["Pos Kamling RW 03"]


def test_schedule_batch_query_count_does_not_grow_with_posts(covered, kind, binmas, next_week):
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite (make run) the agendas are prepared a few queries per session")

    def run(day_offset):
        actor = User.objects.get(pk=binmas.pk)  # as in a request: the jurisdiction is read afresh
        with CaptureQueriesContext(connection) as ctx:
            services.schedule_batch(
                actor=actor,
                title="Serentak",
                kind=kind,
                unit=covered.polres,
                starts_at=wib(next_week, 8 + day_offset),
                ends_at=wib(next_week, 9 + day_offset),
            )
        return len(ctx)

    small = run(0)
    for i in range(30):
        PostFactory(name=f"Pos tambahan {i}", rw=covered.rw18 if i % 2 else covered.rw03)
    assert run(2) == small


def test_stop_batch_postpones_then_cancels_everything_planned(covered, kind, binmas, next_week):
    batch, _plan = services.schedule_batch(
        actor=binmas,
        title="Serentak",
        kind=kind,
        unit=covered.polres,
        starts_at=wib(next_week, 19),
        ends_at=wib(next_week, 21),
    )
    assert services.stop_batch(actor=binmas, batch=batch, cancel=False, reason="Cuaca ekstrem") == 3
    assert set(batch.sessions.values_list("status", flat=True)) == {SessionStatus.POSTPONED}
    assert services.stop_batch(actor=binmas, batch=batch, cancel=True, reason="Dibatalkan Polda") == 3
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED
    assert set(batch.sessions.values_list("status_reason", flat=True)) == {"Dibatalkan Polda"}
    with pytest.raises(services.TransitionError):
        services.stop_batch(actor=binmas, batch=batch, cancel=True, reason="lagi")


def test_stopping_a_batch_tells_each_officer_once_listing_his_posts(
    covered, kind, binmas, bhabin, other_bhabin, next_week
):
    """bhabin leads both Pekayon Jaya posts: one notice per stop, as the assignment was one, not
    one per session; each stop is told anew, with its reason."""
    batch, _plan = services.schedule_batch(
        actor=binmas,
        title="Serentak",
        kind=kind,
        unit=covered.polres,
        starts_at=wib(next_week, 19),
        ends_at=wib(next_week, 21),
    )
    services.stop_batch(actor=binmas, batch=batch, cancel=False, reason="Cuaca ekstrem")
    services.stop_batch(actor=binmas, batch=batch, cancel=True, reason="Dibatalkan Polda")
    told = Notification.objects.filter(kind="session.changed").order_by("pk")
    assert [(n.recipient_id, n.title) for n in told.filter(recipient=bhabin)] == [
        (bhabin.pk, "Ditunda: Serentak"),
        (bhabin.pk, "Dibatalkan: Serentak"),
    ]
    assert told.filter(recipient=other_bhabin).count() == 2
    postponed = told.filter(recipient=bhabin).first()
    assert "2 kegiatan" in postponed.body
    assert "Balai Warga RW 19" in postponed.body and "Pos Satkamling Sekretariat RW 18" in postponed.body
    assert postponed.body.endswith("Cuaca ekstrem")
    assert not told.filter(recipient=binmas).exists()


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_batch_sessions_carry_every_field_a_session_of_the_model_has(
    covered, kind, binmas, next_week, operation, vendor, monkeypatch
):
    """The batch writes its sessions with one INSERT ... SELECT, not bulk_create: every column of
    the model is written, with the values (and defaults) Session(...) would have had. Elsewhere
    than on PostgreSQL (``make run`` on SQLite) the ORM writes the same rows."""
    from events.services.batches import SESSION_COLUMNS

    if vendor == "postgresql" and connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statement does not run elsewhere")
    if vendor != connection.vendor:
        monkeypatch.setattr(connection, "vendor", vendor)

    assert set(SESSION_COLUMNS) == {f.attname for f in Session._meta.concrete_fields} - {"id"}
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        batch, plan = services.schedule_batch(
            actor=binmas,
            title="Serentak Mantap Praja",
            kind=kind,
            unit=covered.polres,
            starts_at=wib(next_week, 19),
            ends_at=wib(next_week, 21),
            operation=operation,
            agenda="Bahas parkir liar",
        )
    sessions = {s.post_id: s for s in Session.objects.filter(batch=batch)}
    assert set(sessions) == {item.post.pk for item in plan.ready}
    for item in plan.ready:
        session = sessions[item.post.pk]
        assert (session.rw_id, session.unit_id) == (item.post.rw_id, item.polsek.pk)
        assert (session.kind, session.title, session.organiser_id, session.operation) == (
            kind,
            "Serentak Mantap Praja",
            covered.polres.pk,
            operation,
        )
        assert (session.starts_at, session.ends_at) == (wib(next_week, 19), wib(next_week, 21))
        assert (session.agenda, session.status, session.status_reason) == (
            "Bahas parkir liar",
            SessionStatus.PLANNED,
            "",
        )
        assert session.created_by_id == binmas.pk
        assert session.created_at == session.updated_at == moment
        assert list(session.assignments.values_list("officer_id", "role")) == [
            (item.lead.pk, OfficerRole.LEAD)
        ]
        assert list(session.log.values_list("action", "actor_id", "at")) == [("scheduled", binmas.pk, moment)]
