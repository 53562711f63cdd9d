"""The figure "commitments kept on time", per unit, and the list behind it."""

from datetime import date, datetime

from events import services as event_services

from .conftest import WIB, session_at
from .test_figures import figures, page


def _commitments(world, binmas, bhabin, frozen):
    """At RW 18 (Polsek Bekasi Selatan), all due in November 2024 (today: 20 November):
    kept on time, kept late, not kept, open and overdue, open and not yet due."""
    frozen.move_to(datetime(2024, 11, 3, 10, tzinfo=WIB))
    session = session_at(
        post=world.post_rw18, actor=binmas, lead=bhabin, when=datetime(2024, 11, 2, 19, tzinfo=WIB)
    )

    def commit(text, due):
        return event_services.record_commitment(
            actor=bhabin, session=session, text=text, responsible=bhabin, due_date=due
        )

    on_time = commit("Patroli malam Minggu", date(2024, 11, 10))
    late = commit("Koordinasi Dinas PU", date(2024, 11, 5))
    not_kept = commit("Pasang CCTV", date(2024, 11, 12))
    commit("Sosialisasi narkoba", date(2024, 11, 15))  # open, overdue
    commit("Ronda bersama", date(2024, 11, 28))  # open, not yet due
    frozen.move_to(datetime(2024, 11, 9, 10, tzinfo=WIB))
    event_services.close_commitment(
        actor=bhabin, commitment=on_time, status="kept", outcome_note="Dilakukan."
    )
    frozen.move_to(datetime(2024, 11, 8, 10, tzinfo=WIB))
    event_services.close_commitment(actor=bhabin, commitment=late, status="kept", outcome_note="Terlambat.")
    event_services.close_commitment(
        actor=bhabin, commitment=not_kept, status="not_kept", outcome_note="Anggaran."
    )
    frozen.move_to(datetime(2024, 11, 20, 10, tzinfo=WIB))


def test_kept_on_time_counts_kept_by_the_due_date_of_closed_or_due(
    world, binmas, bhabin, kapolres, frozen, login
):
    _commitments(world, binmas, bhabin, frozen)
    client = login(kapolres)
    found = figures(page(client, {"period": "month"}))
    [(on_time, on_time_url)] = found["commitments-on-time"]
    [(due, due_url)] = found["commitments-due"]
    assert (on_time, due) == ("1", "4")
    assert client.get(on_time_url).context["page"].paginator.count == 1
    assert client.get(due_url).context["page"].paginator.count == 4
    # per unit: Polsek Bekasi Selatan holds them all
    units = found["unit-commitments-due"]
    assert sorted(text for text, _url in units) == ["0", "4"]
