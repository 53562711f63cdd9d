"""Every staff service checks its actor: called by an officer outside the aspiration's
jurisdiction (another Polsek's Bhabinkamtibmas, the Depok Polres commander) it is refused and
nothing changes, whatever status the flow would allow."""

from datetime import date

import pytest

from aspirations import services
from aspirations.enums import Kind, Priority, Privacy, Status
from aspirations.models import Aspiration, IdentityView, OutcomeCode, TimelineEntry

from .factories import make_aspiration, make_session

OUTSIDERS = ["other_bhabin", "kapolres_depok"]


def snapshot(aspiration):
    row = Aspiration.objects.filter(pk=aspiration.pk).values().get()
    timeline = list(TimelineEntry.objects.filter(aspiration=aspiration).values_list("kind", "text"))
    return row, timeline


def triaged(aspiration, actor):
    return services.triage_aspiration(
        actor=actor,
        aspiration=aspiration,
        kind=Kind.COMPLAINT,
        category=aspiration.category,
        priority=Priority.HIGH,
    )


def resolved(aspiration, actor):
    triaged(aspiration, actor)
    return services.resolve_aspiration(
        actor=actor,
        aspiration=aspiration,
        outcome=OutcomeCode.objects.get(code="mediation"),
        resolution="Damai",
    )


# service name → (how to bring the aspiration to a status that allows it, the call)
CALLS = {
    "triage_aspiration": (
        None,
        lambda actor, a, ctx: services.triage_aspiration(
            actor=actor, aspiration=a, kind=Kind.TIP, category=a.category, priority=Priority.URGENT
        ),
    ),
    "assign_aspiration": (
        None,
        lambda actor, a, ctx: services.assign_aspiration(actor=actor, aspiration=a, assignee=ctx["kapolsek"]),
    ),
    "ask_reporter": (
        triaged,
        lambda actor, a, ctx: services.ask_reporter(actor=actor, aspiration=a, question="Jam berapa?"),
    ),
    "add_follow_up": (
        triaged,
        lambda actor, a, ctx: services.add_follow_up(actor=actor, aspiration=a, text="Patroli", public=True),
    ),
    "add_note": (None, lambda actor, a, ctx: services.add_note(actor=actor, aspiration=a, text="Catatan")),
    "refer_aspiration": (
        None,
        lambda actor, a, ctx: services.refer_aspiration(
            actor=actor, aspiration=a, body="Dinas PUPR", referred_on=date(2024, 11, 25)
        ),
    ),
    "mark_duplicate": (
        None,
        lambda actor, a, ctx: services.mark_duplicate(actor=actor, aspiration=a, original=ctx["other"]),
    ),
    "resolve_aspiration": (
        triaged,
        lambda actor, a, ctx: services.resolve_aspiration(
            actor=actor, aspiration=a, outcome=OutcomeCode.objects.get(code="mediation"), resolution="Selesai"
        ),
    ),
    "close_aspiration": (
        resolved,
        lambda actor, a, ctx: services.close_aspiration(actor=actor, aspiration=a),
    ),
    "reopen_aspiration": (
        resolved,
        lambda actor, a, ctx: services.reopen_aspiration(actor=actor, aspiration=a, reason="Terulang"),
    ),
}


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize("service", sorted(CALLS))
def test_staff_service_refuses_an_actor_outside_the_jurisdiction(
    request, world, bhabin, kapolsek, service, outsider
):
    actor = request.getfixturevalue(outsider)
    aspiration = make_aspiration(rw=world.rw18)
    other = make_aspiration(rw=world.rw18, description="Laporan yang sama dari warga lain di RW 18.")
    prepare, call = CALLS[service]
    if prepare is not None:
        prepare(aspiration, bhabin)
    before = snapshot(aspiration)
    with pytest.raises(services.AspirationError, match="tidak dapat menindaklanjuti"):
        call(actor, aspiration, {"kapolsek": kapolsek, "other": other})
    assert snapshot(aspiration) == before
    # … and the officer responsible may (the refusal is about the actor, not the status).
    call(bhabin, aspiration, {"kapolsek": kapolsek, "other": other})
    assert snapshot(aspiration) != before


def test_every_staff_service_is_covered():
    staff = {
        name
        for name in services.__all__
        if name.endswith(("_aspiration", "_reporter", "_note", "_follow_up"))
    }
    staff |= {"mark_duplicate"}
    residents = {"submit_aspiration", "rate_aspiration", "reply_as_reporter"}
    assert staff - residents == set(CALLS)


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_identity_view_refused_to_an_actor_outside_the_jurisdiction(request, world, bhabin, outsider):
    actor = request.getfixturevalue(outsider)
    aspiration = make_aspiration(
        rw=world.rw18, privacy=Privacy.CONFIDENTIAL, name="Siti Aminah", phone="0812 1111 2222", consent=True
    )
    with pytest.raises(services.AspirationError):
        services.record_identity_view(viewer=actor, aspiration=aspiration)
    assert not IdentityView.objects.exists()
    services.record_identity_view(viewer=bhabin, aspiration=aspiration)
    assert IdentityView.objects.get().viewer == bhabin


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_recording_at_a_session_refused_to_an_actor_outside_it(
    request, world, bhabin, binmas, tawuran, outsider
):
    actor = request.getfixturevalue(outsider)
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin)
    entry = services.CapturedEntry(
        kind=Kind.COMPLAINT,
        category=tawuran,
        description="Lampu jalan mati di gang 3.",
        privacy=Privacy.ANONYMOUS,
    )
    with pytest.raises(services.AspirationError, match="tidak dapat mencatat"):
        services.record_session_aspirations(actor=actor, session=session, entries=[entry])
    assert not Aspiration.objects.filter(session=session).exists()
    created = services.record_session_aspirations(actor=bhabin, session=session, entries=[entry])
    assert [a.status for a in created] == [Status.NEW]
    assert Aspiration.objects.filter(session=session).count() == 1
