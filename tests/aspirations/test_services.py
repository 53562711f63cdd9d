"""Routing, deadlines and every transition of the status flow, one timeline row per action."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, connection

from aspirations import services
from aspirations.codes import normalise_code
from aspirations.deadlines import add_working_days
from aspirations.enums import EntryKind, Kind, Priority, Privacy, Status, Verification
from aspirations.identity import reveal, seal
from aspirations.models import Aspiration, OutcomeCode, TimelineEntry

from .factories import make_aspiration

WIB = ZoneInfo("Asia/Jakarta")


def entries(aspiration):
    return list(TimelineEntry.objects.filter(aspiration=aspiration).values_list("kind", flat=True))


def test_submit_routes_to_polsek_and_bhabin_of_the_kelurahan(world, bhabin, other_bhabin):
    aspiration = make_aspiration(rw=world.rw18)
    assert aspiration.unit == world.polsek
    assert aspiration.village == world.pekayon
    assert aspiration.assignee == bhabin
    assert aspiration.status == Status.NEW
    assert aspiration.acknowledged_at is None
    assert entries(aspiration) == [EntryKind.SUBMITTED]


def test_submit_without_covering_bhabin_leaves_it_unassigned_at_the_polsek(world):
    aspiration = make_aspiration(rw=world.rw01)
    assert aspiration.unit == world.polsek_beji
    assert aspiration.assignee is None


def test_submit_code_is_canonical_and_unique(world):
    codes = {make_aspiration(rw=world.rw18).code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert normalise_code(code.lower().replace("-", " ")) == code
        assert len(code) == 22


def test_submit_retries_with_a_new_code_when_the_drawn_one_is_taken(world, monkeypatch):
    taken = make_aspiration(rw=world.rw18).code
    drawn = iter([taken, "NK-0000-0000-0000-0001"])
    monkeypatch.setattr("aspirations.services.residents.new_code", lambda: next(drawn))
    aspiration = make_aspiration(rw=world.rw18)
    assert aspiration.code == "NK-0000-0000-0000-0001"
    assert Aspiration.objects.count() == 2
    assert entries(aspiration) == [EntryKind.SUBMITTED]


def test_submit_gives_up_when_every_drawn_code_is_taken(world, monkeypatch):
    taken = make_aspiration(rw=world.rw18).code
    monkeypatch.setattr("aspirations.services.residents.new_code", lambda: taken)
    with pytest.raises(IntegrityError):
        make_aspiration(rw=world.rw18)
    assert Aspiration.objects.count() == 1


# Outside any transaction (as the public form calls it) a submission is one statement.


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_one_statement_stores_the_submission(reference_data, world, bhabin):
    assert not connection.in_atomic_block
    aspiration = make_aspiration(rw=world.rw18)
    stored = Aspiration.objects.get(pk=aspiration.pk)
    assert (stored.code, stored.assignee, stored.unit) == (aspiration.code, bhabin, world.polsek)
    assert entries(stored) == [EntryKind.SUBMITTED]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_taken_code_is_drawn_again(reference_data, world, monkeypatch):
    taken = make_aspiration(rw=world.rw18).code
    drawn = iter([taken, "NK-0000-0000-0000-0002"])
    monkeypatch.setattr("aspirations.services.residents.new_code", lambda: next(drawn))
    aspiration = make_aspiration(rw=world.rw18)
    assert aspiration.code == "NK-0000-0000-0000-0002"
    assert (Aspiration.objects.count(), TimelineEntry.objects.count()) == (2, 2)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_refused_timeline_row_leaves_nothing(reference_data, world, monkeypatch):
    from aspirations.services import common

    def bad_entry(aspiration, kind, **kwargs):
        return common.new_entry(aspiration, "no-such-kind", **kwargs)

    monkeypatch.setattr("aspirations.services.residents.new_entry", bad_entry)
    with pytest.raises(IntegrityError):  # the timeline's check constraint
        make_aspiration(rw=world.rw18)
    assert (Aspiration.objects.count(), TimelineEntry.objects.count()) == (0, 0)


def test_submit_urgent_is_due_in_hours(world, tawuran):
    with time_machine.travel(datetime(2024, 12, 20, 15, 0, tzinfo=WIB), tick=False):
        aspiration = make_aspiration(rw=world.rw18, urgent=True)
    assert aspiration.urgent is True
    assert aspiration.priority == Priority.URGENT
    assert aspiration.due_at == datetime(2024, 12, 20, 17, 0, tzinfo=WIB)


def test_submit_normal_priority_skips_weekend_and_christmas(world):
    lainnya = aspiration_category()
    # Friday 20 Dec 2024 15:00 WIB + 3 working days: Mon 23, Tue 24, (Wed 25 Christmas) Thu 26.
    with time_machine.travel(datetime(2024, 12, 20, 15, 0, tzinfo=WIB), tick=False):
        aspiration = make_aspiration(rw=world.rw18, category=lainnya)
    assert aspiration.priority == Priority.NORMAL
    assert aspiration.due_at == datetime(2024, 12, 26, 15, 0, tzinfo=WIB)


def test_working_days_skip_independence_day_and_weekend():
    # Friday 15 Aug 2025 + 1 working day: Sat 16, Sun 17 (Independence Day), Monday 18.
    start = datetime(2025, 8, 15, 9, 30, tzinfo=WIB)
    assert add_working_days(start, 1) == datetime(2025, 8, 18, 9, 30, tzinfo=WIB)


def test_anonymous_submission_stores_no_identity(world):
    aspiration = make_aspiration(
        rw=world.rw18, privacy=Privacy.ANONYMOUS, name="Budi", phone="0812", email="b@x.id", consent=True
    )
    aspiration.refresh_from_db()
    assert aspiration.reporter_identity == ""
    assert aspiration.consent_at is None


def test_anonymous_with_identity_is_refused_by_the_database(world, aspiration):
    with pytest.raises(IntegrityError):
        Aspiration.objects.filter(pk=aspiration.pk).update(reporter_identity=seal(name="Budi"))


def test_confidential_without_consent_is_refused(world):
    with pytest.raises(services.AspirationError, match="persetujuan"):
        make_aspiration(rw=world.rw18, privacy=Privacy.CONFIDENTIAL, name="Budi", phone="0812")


def test_confidential_with_consent_keeps_identity(world):
    aspiration = make_aspiration(rw=world.rw18, privacy=Privacy.CONFIDENTIAL, name="Budi", consent=True)
    assert reveal(aspiration.reporter_identity).name == "Budi"
    assert aspiration.consent_at is not None


def test_triage_sets_priority_deadline_and_acknowledges(aspiration, bhabin, tawuran):
    services.triage_aspiration(
        actor=bhabin, aspiration=aspiration, kind=Kind.TIP, category=tawuran, priority=Priority.LOW
    )
    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.kind, aspiration.priority) == (
        Status.TRIAGED,
        Kind.TIP,
        Priority.LOW,
    )
    assert aspiration.due_at > aspiration.created_at + timedelta(days=7)
    assert aspiration.acknowledged_at is not None
    assert entries(aspiration) == [EntryKind.SUBMITTED, EntryKind.TRIAGED]


def triage(aspiration, actor, kind=Kind.COMPLAINT):
    return services.triage_aspiration(
        actor=actor, aspiration=aspiration, kind=kind, category=aspiration.category, priority=Priority.NORMAL
    )


def test_ask_before_triage_is_refused(aspiration, bhabin):
    with pytest.raises(services.AspirationError):
        services.ask_reporter(actor=bhabin, aspiration=aspiration, question="Kapan?")
    assert entries(aspiration) == [EntryKind.SUBMITTED]


def test_question_and_reply_go_back_and_forth(aspiration, bhabin):
    triage(aspiration, bhabin)
    services.ask_reporter(actor=bhabin, aspiration=aspiration, question="Jam berapa?")
    aspiration.refresh_from_db()
    assert aspiration.status == Status.WAITING_REPORTER
    services.reply_as_reporter(aspiration=aspiration, text="Sekitar jam 22.00")
    aspiration.refresh_from_db()
    assert aspiration.status == Status.IN_PROGRESS
    services.reply_as_reporter(aspiration=aspiration, text="Satu lagi: mereka pakai motor merah")
    aspiration.refresh_from_db()
    assert aspiration.status == Status.IN_PROGRESS
    assert entries(aspiration)[-3:] == [EntryKind.QUESTION, EntryKind.REPORTER_REPLY, EntryKind.REPORTER_INFO]
    reporter_rows = TimelineEntry.objects.filter(aspiration=aspiration, actor__isnull=True)
    assert all(row.is_public for row in reporter_rows)


def test_follow_up_public_and_internal(aspiration, bhabin):
    triage(aspiration, bhabin)
    services.add_follow_up(actor=bhabin, aspiration=aspiration, text="Patroli dicek", public=True)
    services.add_follow_up(actor=bhabin, aspiration=aspiration, text="Catatan reskrim", public=False)
    rows = list(TimelineEntry.objects.filter(aspiration=aspiration, kind=EntryKind.FOLLOW_UP))
    assert [r.is_public for r in rows] == [True, False]
    aspiration.refresh_from_db()
    assert aspiration.status == Status.IN_PROGRESS


def test_note_in_any_status_changes_nothing(aspiration, bhabin):
    services.add_note(actor=bhabin, aspiration=aspiration, text="Catatan")
    aspiration.refresh_from_db()
    assert aspiration.status == Status.NEW
    assert TimelineEntry.objects.get(aspiration=aspiration, kind=EntryKind.NOTE).is_public is False


def test_assign_to_officer_of_the_polsek_or_above(aspiration, bhabin, kapolsek, kapolres, other_bhabin):
    services.assign_aspiration(actor=kapolres, aspiration=aspiration, assignee=kapolsek)
    aspiration.refresh_from_db()
    assert aspiration.assignee == kapolsek
    with pytest.raises(services.AspirationError):
        services.assign_aspiration(actor=kapolres, aspiration=aspiration, assignee=other_bhabin)
    assert entries(aspiration).count(EntryKind.ASSIGNED) == 1


def test_staff_cannot_act_outside_their_jurisdiction(aspiration, other_bhabin, kapolres_depok):
    for actor in (other_bhabin, kapolres_depok):
        with pytest.raises(services.AspirationError):
            services.add_note(actor=actor, aspiration=aspiration, text="x")
    assert entries(aspiration) == [EntryKind.SUBMITTED]


def test_resolve_tip_requires_verification(aspiration, bhabin, tawuran, outcome):
    triage(aspiration, bhabin, kind=Kind.TIP)
    with pytest.raises(services.AspirationError, match="terbukti"):
        services.resolve_aspiration(
            actor=bhabin, aspiration=aspiration, outcome=outcome, resolution="Selesai"
        )
    services.resolve_aspiration(
        actor=bhabin,
        aspiration=aspiration,
        outcome=outcome,
        resolution="Tawuran dicegah",
        verification=Verification.PROVEN,
        verification_results="35 sepeda motor dan senjata tajam diamankan",
    )
    aspiration.refresh_from_db()
    assert aspiration.status == Status.RESOLVED
    assert aspiration.verification == Verification.PROVEN
    assert aspiration.resolved_at is not None


def test_resolve_complaint_refuses_verification(aspiration, bhabin, outcome):
    triage(aspiration, bhabin)
    with pytest.raises(services.AspirationError):
        services.resolve_aspiration(
            actor=bhabin, aspiration=aspiration, outcome=outcome, resolution="x", verification="proven"
        )


def resolved(aspiration, actor):
    triage(aspiration, actor)
    return services.resolve_aspiration(
        actor=actor,
        aspiration=aspiration,
        outcome=OutcomeCode.objects.get(code="mediation"),
        resolution="Damai",
    )


def test_close_then_rate_then_reopen(aspiration, bhabin):
    resolved(aspiration, bhabin)
    services.close_aspiration(actor=bhabin, aspiration=aspiration)
    services.rate_aspiration(aspiration=aspiration, rating=5, comment="Mantap")
    with pytest.raises(services.AspirationError):
        services.rate_aspiration(aspiration=aspiration, rating=1)
    services.reopen_aspiration(actor=bhabin, aspiration=aspiration, reason="Terulang lagi")
    aspiration.refresh_from_db()
    assert aspiration.status == Status.IN_PROGRESS
    assert aspiration.outcome is None and aspiration.closed_at is None
    assert entries(aspiration)[-4:] == [
        EntryKind.RESOLVED,
        EntryKind.CLOSED,
        EntryKind.RATED,
        EntryKind.REOPENED,
    ]


def test_rate_before_resolution_is_refused(aspiration):
    with pytest.raises(services.AspirationError):
        services.rate_aspiration(aspiration=aspiration, rating=5)


def test_rate_out_of_range_is_refused(aspiration, bhabin):
    resolved(aspiration, bhabin)
    with pytest.raises(services.AspirationError):
        services.rate_aspiration(aspiration=aspiration, rating=6)


def test_reopen_open_aspiration_is_refused(aspiration, bhabin):
    with pytest.raises(services.AspirationError):
        services.reopen_aspiration(actor=bhabin, aspiration=aspiration, reason="x")


def test_refer_then_close(aspiration, bhabin):
    services.refer_aspiration(
        actor=bhabin,
        aspiration=aspiration,
        body="Dinas PUPR",
        referred_on=date(2024, 11, 25),
        reference="B/1",
    )
    aspiration.refresh_from_db()
    assert aspiration.status == Status.REFERRED
    assert aspiration.referred_to == "Dinas PUPR"
    with pytest.raises(services.AspirationError):
        services.add_follow_up(actor=bhabin, aspiration=aspiration, text="x", public=True)
    services.close_aspiration(actor=bhabin, aspiration=aspiration)
    aspiration.refresh_from_db()
    assert aspiration.status == Status.CLOSED


def test_mark_duplicate_points_to_original_and_hides_its_code(world, aspiration, bhabin):
    copy = make_aspiration(rw=world.rw19)
    services.mark_duplicate(actor=bhabin, aspiration=copy, original=aspiration)
    copy.refresh_from_db()
    assert copy.status == Status.DUPLICATE and copy.duplicate_of == aspiration
    row = TimelineEntry.objects.get(aspiration=copy, kind=EntryKind.DUPLICATE)
    assert row.is_public and aspiration.code not in row.text
    with pytest.raises(services.AspirationError):
        services.mark_duplicate(actor=bhabin, aspiration=aspiration, original=aspiration)


def test_mark_duplicate_of_other_jurisdiction_is_refused(aspiration, margahayu_aspiration, bhabin):
    with pytest.raises(services.AspirationError):
        services.mark_duplicate(actor=bhabin, aspiration=aspiration, original=margahayu_aspiration)


def test_reply_to_closed_aspiration_is_refused(aspiration, bhabin):
    resolved(aspiration, bhabin)
    services.close_aspiration(actor=bhabin, aspiration=aspiration)
    with pytest.raises(services.AspirationError):
        services.reply_as_reporter(aspiration=aspiration, text="Halo")


def test_overdue_counts_only_open_ones_past_due(world, bhabin):
    with time_machine.travel(datetime(2024, 12, 2, 9, 0, tzinfo=WIB), tick=False):
        late = make_aspiration(rw=world.rw18, urgent=True)
        done = make_aspiration(rw=world.rw18, urgent=True)
        resolved(done, bhabin)
    with time_machine.travel(datetime(2024, 12, 2, 12, 0, tzinfo=WIB), tick=False):
        overdue = set(Aspiration.objects.overdue())
        assert late in overdue and done not in overdue
        late.refresh_from_db()
        assert late.is_overdue


def test_record_session_aspirations_links_session_and_operation(world, bhabin, binmas):
    from .factories import make_session

    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin)
    created = services.record_session_aspirations(
        actor=bhabin,
        session=session,
        entries=[
            services.CapturedEntry(
                kind=Kind.COMPLAINT,
                category=aspiration_category(),
                description="Jalan gelap",
                privacy="anonymous",
            ),
            services.CapturedEntry(
                kind=Kind.TIP,
                category=aspiration_category(),
                description="Ada judi",
                privacy="public",
                name="Pak Darto",
                consent=True,
            ),
        ],
    )
    assert [a.session for a in created] == [session, session]
    assert all(a.rw == world.rw18 and a.recorded_by == bhabin for a in created)
    assert entries(created[0]) == [EntryKind.RECORDED]


def aspiration_category():
    from aspirations.models import Category

    return Category.objects.get(code="lainnya")


def test_submit_aspiration_has_its_typed_keyword_only_signature():
    import inspect

    parameters = inspect.signature(services.submit_aspiration).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    required = {name for name, p in parameters.items() if p.default is inspect.Parameter.empty}
    assert required == {"kind", "category", "description", "rw", "privacy"}
    assert parameters["urgent"].annotation is bool
    with pytest.raises(TypeError):
        services.submit_aspiration(kind="tip", categori=None, description="x", rw=None, privacy="anonymous")
