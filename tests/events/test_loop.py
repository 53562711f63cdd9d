"""The dialogue loop, staff side: the agenda that carries over, commitments and himbauan."""

import html
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from aspirations.enums import Kind, Privacy
from aspirations.models import AgendaAspiration
from aspirations.services import resolve_aspiration, triage_aspiration
from events import services
from events.agenda import session_agenda
from events.enums import CommitmentStatus, OfficerRole
from events.loop_forms import CommitmentForm
from events.models import AgendaHimbauan, Commitment, Himbauan, Session, SessionKind
from ngopi.accounts.enums import Role
from ngopi.areas.enums import AreaLevel
from ngopi.notifications.models import Notification
from ngopi.notifications.services import run_reminder_rules
from tests.aspirations.factories import make_aspiration, make_session
from tests.factories import AreaFactory, UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _section(session, code):
    return next(s for s in session_agenda(session) if s.code == code)


def _himbauan(world, binmas, **overrides):
    values = {
        "actor": binmas,
        "title": "Cooling system Pilkada",
        "body": "Jaga persatuan, jangan terprovokasi hoaks; laporkan politik uang.",
        "area": world.city,
        "valid_from": timezone.localdate() - timedelta(days=10),
    }
    values.update(overrides)
    return services.create_himbauan(**values)


def _resolve(aspiration, actor, outcome):
    triage_aspiration(
        actor=actor,
        aspiration=aspiration,
        kind=aspiration.kind,
        category=aspiration.category,
        priority="normal",
    )
    return resolve_aspiration(
        actor=actor, aspiration=aspiration, outcome=outcome, resolution="Sudah ditangani."
    )


def _report(session, actor):
    return services.file_report(
        actor=actor,
        session=session,
        residents_count=20,
        leaders_count=3,
        agencies_count=1,
        summary="Warga menyampaikan keluhan.",
    )


@pytest.fixture
def past_session(world, binmas, bhabin):
    """A session at RW 18 held yesterday, led by the bhabin."""
    return make_session(post=world.post_rw18, actor=binmas, lead=bhabin)


@pytest.fixture
def commitment(past_session, bhabin):
    return services.record_commitment(
        actor=bhabin,
        session=past_session,
        text="Patroli setiap malam Minggu di lapangan RW 18",
        responsible=bhabin,
        due_date=timezone.localdate() + timedelta(days=14),
    )


# --- the agenda ----------------------------------------------------------------------------------


def test_agenda_of_a_new_session_carries_the_rws_open_items(world, binmas, bhabin, commitment):
    complaint = make_aspiration(rw=world.rw18, description="Lampu jalan mati di gang 3.")
    make_aspiration(rw=world.rw19, description="Parkir liar di RW 19.")
    _himbauan(world, binmas)
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))

    assert [i.code for i in _section(session, "aspirations").items] == [complaint.code]
    assert [i.text for i in _section(session, "commitments").items] == [commitment.text]
    assert [i.text.split(" — ")[0] for i in _section(session, "himbauan").items] == ["Cooling system Pilkada"]


def test_session_moved_to_another_rw_takes_that_rws_agenda_and_keeps_what_was_ticked(world, binmas, bhabin):
    rw18_complaint = make_aspiration(rw=world.rw18, description="Lampu jalan mati di gang 3.")
    rw18_noted = make_aspiration(rw=world.rw18, description="Jalan berlubang di depan pos.")
    rw19_complaint = make_aspiration(rw=world.rw19, description="Parkir liar di RW 19.")
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
    noted = AgendaAspiration.objects.get(session=session, aspiration=rw18_noted)
    noted.answer = "Sudah dilaporkan ke Dinas PU."
    noted.save()

    session = Session.objects.get(pk=session.pk)
    services.update_session(
        actor=binmas,
        session=session,
        title=session.title,
        kind=session.kind,
        post=world.post_rw19,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        operation=session.operation,
        agenda=session.agenda,
        officers=[services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
        guests=[],
    )

    codes = {i.code for i in _section(session, "aspirations").items}
    assert rw19_complaint.code in codes and rw18_noted.code in codes
    assert rw18_complaint.code not in codes


def test_agenda_portable_preparation_matches_the_postgresql_statement(world, binmas, bhabin, outcome):
    """SQLite (``make run``) prepares the aspirations' agenda through the ORM: the same rows, open
    and answered since the last session alike."""
    from aspirations.agenda import prepare_portable

    def rows(session):
        return set(AgendaAspiration.objects.filter(session=session).values_list("aspiration_id", flat=True))

    _resolve(make_aspiration(rw=world.rw18, description="Resolved long ago."), bhabin, outcome)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        earlier = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-3))
        services.mark_held(actor=bhabin, session=earlier)
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        _resolve(make_aspiration(rw=world.rw18, description="Resolved after it."), bhabin, outcome)
        make_aspiration(rw=world.rw18, description="Lampu jalan mati di gang 3.")
        make_aspiration(rw=world.rw19, description="Parkir liar di RW 19.")
        session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
        prepared = rows(session)
        AgendaAspiration.objects.filter(session=session).delete()
        prepare_portable([session])
    assert len(prepared) == 2
    assert rows(session) == prepared


def test_agenda_shows_a_tip_only_by_its_agenda_text(world, binmas, bhabin):
    make_aspiration(rw=world.rw18, kind=Kind.TIP, description="Bandar sabu Pak X di rumah no. 5")
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
    [item] = _section(session, "aspirations").items
    assert "Pak X" not in item.text
    assert item.text == "Informasi (tidak dibahas terbuka)"


def test_agenda_never_names_a_confidential_reporter(world, binmas, bhabin, login):
    make_aspiration(
        rw=world.rw18,
        privacy=Privacy.CONFIDENTIAL,
        name="Siti Rahmawati",
        phone="081234567890",
        consent=True,
    )
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
    page = login(bhabin).get(session.get_absolute_url()).content.decode()
    assert 'data-testid="agenda-item"' in page
    assert "Siti" not in page and "081234567890" not in page


def test_agenda_leaves_out_what_was_resolved_before_the_last_session(world, binmas, bhabin, outcome):
    old = make_aspiration(rw=world.rw18, description="Resolved long ago.")
    _resolve(old, bhabin, outcome)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        earlier = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-3))
        services.mark_held(actor=bhabin, session=earlier)
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        recent = make_aspiration(rw=world.rw18, description="Resolved after the last session.")
        _resolve(recent, bhabin, outcome)
        session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
        codes = [i.code for i in _section(session, "aspirations").items]
    assert codes == [recent.code]


@pytest.fixture
def outcome(db):
    from aspirations.models import OutcomeCode

    return OutcomeCode.objects.get(code="enforcement")


def test_aspiration_raised_after_scheduling_joins_the_agenda_when_the_page_opens(
    world, binmas, bhabin, login
):
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
    later = make_aspiration(rw=world.rw18, description="Maling helm di masjid.")
    page = login(bhabin).get(session.get_absolute_url()).content.decode()
    assert later.code in page


def test_filed_report_freezes_the_agenda(world, binmas, bhabin, past_session, login):
    _report(past_session, bhabin)
    later = make_aspiration(rw=world.rw18, description="Datang setelah laporan.")
    page = login(bhabin).get(past_session.get_absolute_url()).content.decode()
    assert later.code not in page


def test_serentak_batch_prepares_agendas_in_a_fixed_number_of_queries(
    world, binmas, bhabin, django_assert_max_num_queries
):
    from ngopi.areas.services import create_post

    make_aspiration(rw=world.rw18)
    make_aspiration(rw=world.rw19)
    _himbauan(world, binmas)
    for n in range(6):
        create_post(name=f"Pos tambahan {n}", rw=world.rw19, kind="pos_kamling", address="Jl. Contoh")
    starts_at = timezone.now() + timedelta(days=7)
    kind = SessionKind.objects.get(name="Ngopi Kamtibmas")
    with django_assert_max_num_queries(17):
        batch, _plan = services.schedule_batch(
            actor=binmas,
            title="Serentak",
            kind=kind,
            unit=world.polres,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
        )
    sessions = list(batch.sessions.all())
    assert len(sessions) >= 8
    assert AgendaHimbauan.objects.filter(session__batch=batch).count() == len(
        [s for s in sessions if s.rw_id in (world.rw18.pk, world.rw19.pk, world.rw03.pk)]
    )
    assert AgendaAspiration.objects.filter(session__batch=batch).count() == len(
        [s for s in sessions if s.rw_id in (world.rw18.pk, world.rw19.pk)]
    )


def test_lead_ticks_the_agenda_and_the_report_shows_it(world, binmas, bhabin, login):
    complaint = make_aspiration(rw=world.rw18, description="Lampu jalan mati di gang 3.")
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-2))
    [item] = _section(session, "aspirations").items
    client = login(bhabin)
    response = client.post(
        reverse("events:session_agenda", args=[session.pk]),
        {f"aspirations-{item.row_id}-discussed": "on", f"aspirations-{item.row_id}-note": "Sudah lapor PLN."},
    )
    assert response.status_code == 302
    row = AgendaAspiration.objects.get(pk=item.row_id)
    assert row.discussed and row.answer == "Sudah lapor PLN."
    _report(session, bhabin)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'data-testid="report-discussed"' in page and complaint.code in page and "Sudah lapor PLN." in page


def test_agenda_of_another_units_session_is_404(world, binmas, bhabin, other_bhabin, login):
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-2))
    response = login(other_bhabin).post(reverse("events:session_agenda", args=[session.pk]), {})
    assert response.status_code == 404


def test_agenda_cannot_be_ticked_by_an_officer_who_does_not_lead(world, binmas, bhabin, login):
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-2))
    colleague = UserFactory(username="bhabin-colleague", role=Role.BHABINKAMTIBMAS, unit=world.polsek)
    from ngopi.areas import services as area_services

    area_services.set_village_coverage(
        village=world.pekayon, polsek=world.polsek, officers=[bhabin, colleague]
    )
    response = login(colleague).post(reverse("events:session_agenda", args=[session.pk]), {})
    assert response.status_code == 403


def test_session_page_agenda_query_count_does_not_grow(
    world, binmas, bhabin, login, django_assert_max_num_queries
):
    make_aspiration(rw=world.rw18, description="Keluhan pertama di RW 18.")
    _himbauan(world, binmas)
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
    client = login(bhabin)
    client.get(session.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        first = client.get(session.get_absolute_url())
    baseline = len(few.captured_queries)
    assert first.status_code == 200
    for n in range(4):
        make_aspiration(rw=world.rw18, description=f"Keluhan nomor {n} di RW 18.")
    _himbauan(world, binmas, title="Kedua", area=world.rw18)
    client.get(session.get_absolute_url())  # the new items join
    with django_assert_max_num_queries(baseline):
        response = client.get(session.get_absolute_url())
    assert response.content.decode().count('data-testid="agenda-item"') == 7


# --- commitments ---------------------------------------------------------------------------------


def test_commitment_is_recorded_with_linked_aspirations(world, binmas, bhabin, login):
    complaint = make_aspiration(rw=world.rw18, description="Balap liar tiap malam Minggu.")
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-2))
    [item] = _section(session, "aspirations").items
    response = login(bhabin).post(
        reverse("events:commitment_create", args=[session.pk]),
        {
            "text": "Patroli setiap malam Minggu di lapangan RW 18",
            "responsible": bhabin.pk,
            "due_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "aspirations": [item.row_id],
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.rw, commitment.unit, commitment.status) == (
        world.rw18,
        world.polsek,
        CommitmentStatus.OPEN,
    )
    assert list(commitment.aspirations.all()) == [complaint]


def test_commitment_with_a_due_date_before_the_session_is_refused(world, binmas, bhabin, past_session, login):
    response = login(bhabin).post(
        reverse("events:commitment_create", args=[past_session.pk]),
        {"text": "Janji", "responsible": bhabin.pk, "due_date": "2001-01-01"},
    )
    assert response.status_code == 200
    assert "Tenggat tidak boleh sebelum kegiatan." in response.content.decode()
    assert not Commitment.objects.exists()


class _Elements(HTMLParser):
    """Each element's attributes and the text inside it, by id."""

    def __init__(self, page):
        super().__init__()
        self.attrs, self.text, self.open = {}, {}, []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.attrs[attrs["id"]] = attrs
            self.text[attrs["id"]] = ""
            if tag not in ("input", "br", "img", "meta", "link"):
                self.open.append((tag, attrs["id"]))
        elif self.open and tag == self.open[-1][0]:
            self.open.append((tag, None))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            self.open.pop()

    def handle_data(self, data):
        for _tag, element in self.open:
            if element:
                self.text[element] += data


def test_commitment_due_date_refusal_is_announced_with_the_date_field(
    world, binmas, bhabin, past_session, login
):
    response = login(bhabin).post(
        reverse("events:commitment_create", args=[past_session.pk]),
        {"text": "Janji", "responsible": bhabin.pk, "due_date": "2001-01-01"},
    )
    page = _Elements(response.content.decode())
    due = page.attrs["id_due_date"]
    assert due.get("aria-invalid") == "true"
    described = " ".join(page.text.get(ref, "") for ref in due.get("aria-describedby", "").split())
    assert "Tenggat tidak boleh sebelum kegiatan." in described
    # Not also (or instead) in an alert above the form that names no field.
    assert "alert-danger" not in response.content.decode()


def test_commitment_refusal_about_no_field_is_an_alert(world, binmas, bhabin, past_session, login):
    url = reverse("events:commitment_create", args=[past_session.pk])
    request = login(bhabin).get(url).wsgi_request
    form = CommitmentForm({}, responsible=services.responsible_choices(past_session))
    form.is_valid()
    form.add_error(None, "Kegiatan ini sudah dibatalkan.")
    page = render_to_string("events/commitment_form.html", {"form": form, "session": past_session}, request)
    alert = re.search(r'<div class="alert alert-danger" role="alert">(.*?)</div>', page, re.S)
    assert alert and "Kegiatan ini sudah dibatalkan." in alert.group(1)


def test_commitment_cannot_be_given_to_an_officer_of_another_polsek(
    world, bhabin, other_bhabin, past_session
):
    with pytest.raises(ValidationError):
        services.record_commitment(
            actor=bhabin,
            session=past_session,
            text="Janji",
            responsible=other_bhabin,
            due_date=timezone.localdate() + timedelta(days=3),
        )


def test_open_commitment_shows_on_the_next_session_until_closed(world, binmas, bhabin, commitment):
    following = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=5))
    assert [i.status for i in _section(following, "commitments").items] == ["Masih berjalan"]
    services.close_commitment(
        actor=bhabin,
        commitment=commitment,
        status=CommitmentStatus.KEPT,
        outcome_note="Patroli dilakukan 4 kali.",
    )
    assert [i.status for i in _section(following, "commitments").items] == ["Ditepati"]
    after_close = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=9))
    assert _section(after_close, "commitments").items == []


def test_responsible_officer_closes_the_commitment_with_its_outcome(bhabin, commitment, login):
    response = login(bhabin).post(
        commitment.get_absolute_url(),
        {"status": "kept", "outcome_note": "Patroli dilakukan tiap Sabtu.", "evidence": "Buku mutasi 12-15"},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.KEPT and commitment.closed_by == bhabin
    assert commitment.kept_on_time
    assert Commitment.objects.kept_on_time().count() == 1


def test_closing_without_saying_what_happened_is_refused(bhabin, commitment, login):
    response = login(bhabin).post(commitment.get_absolute_url(), {"status": "kept", "outcome_note": " "})
    assert response.status_code == 200
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN


def test_commander_above_may_close_but_a_scheduler_may_not(world, kapolres, binmas, commitment):
    with pytest.raises(PermissionDenied):
        services.close_commitment(actor=binmas, commitment=commitment, status="not_kept", outcome_note="x")
    services.close_commitment(
        actor=kapolres, commitment=commitment, status="partly", outcome_note="Dua kali saja."
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.PARTLY


def test_closed_commitment_cannot_be_closed_again(bhabin, commitment):
    services.close_commitment(actor=bhabin, commitment=commitment, status="kept", outcome_note="Selesai.")
    with pytest.raises(services.TransitionError):
        services.close_commitment(
            actor=bhabin, commitment=commitment, status="not_kept", outcome_note="Ubah."
        )


def test_another_units_commitment_is_404(other_bhabin, kapolres_depok, commitment, login):
    assert login(other_bhabin).get(commitment.get_absolute_url()).status_code == 404
    assert login(kapolres_depok).get(commitment.get_absolute_url()).status_code == 404


def test_commitment_list_puts_overdue_first_and_filters(
    world, bhabin, kapolsek, past_session, commitment, login
):
    late = services.record_commitment(
        actor=bhabin,
        session=past_session,
        text="Koordinasi dengan Dinas PU soal lampu",
        responsible=bhabin,
        due_date=timezone.localdate() + timedelta(days=1),
    )
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        client = login(kapolsek)
        page = client.get(reverse("events:commitment_list")).content.decode()
        assert page.index(late.text) < page.index(commitment.text)
        overdue = client.get(reverse("events:commitment_list") + "?status=overdue").content.decode()
    assert late.text in overdue and commitment.text not in overdue


def test_commitment_list_query_count_does_not_grow(
    world, bhabin, kapolsek, past_session, login, django_assert_max_num_queries
):
    client = login(kapolsek)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.record_commitment(
        actor=bhabin,
        session=past_session,
        text="Satu",
        responsible=bhabin,
        due_date=timezone.localdate() + timedelta(days=2),
    )
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("events:commitment_list"))
    baseline = len(few.captured_queries)
    for n in range(8):
        services.record_commitment(
            actor=bhabin,
            session=past_session,
            text=f"Janji {n}",
            responsible=bhabin,
            due_date=timezone.localdate() + timedelta(days=n),
        )
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("events:commitment_list"))
    assert response.content.decode().count("Janji ") == 8


def test_commitment_reminder_and_escalation_follow_the_clock(world, bhabin, kapolsek, kapolres, commitment):
    due = commitment.due_date
    with time_machine.travel(timezone.now() + timedelta(days=(due - timezone.localdate()).days - 2)):
        run_reminder_rules()
    assert Notification.objects.filter(kind="commitment.due", recipient=bhabin).count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=(due - timezone.localdate()).days + 1)):
        run_reminder_rules()
        run_reminder_rules()  # idempotent
    assert Notification.objects.filter(kind="commitment.overdue", recipient=kapolsek).count() == 1
    assert not Notification.objects.filter(kind="commitment.overdue", recipient=kapolres).exists()
    with time_machine.travel(timezone.now() + timedelta(days=(due - timezone.localdate()).days + 7)):
        run_reminder_rules()
    assert Notification.objects.filter(kind="commitment.overdue", recipient=kapolres).count() == 1


def test_closed_commitment_is_not_escalated(bhabin, kapolsek, commitment):
    services.close_commitment(actor=bhabin, commitment=commitment, status="not_kept", outcome_note="Batal.")
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        run_reminder_rules()
    assert not Notification.objects.filter(kind__startswith="commitment.").exists()


# --- himbauan ------------------------------------------------------------------------------------


def test_binmas_publishes_a_himbauan_and_planned_sessions_carry_it(world, binmas, bhabin, login):
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
    response = login(binmas).post(
        reverse("events:himbauan_create"),
        {
            "title": "Laporkan politik uang",
            "body": "Tolak dan laporkan politik uang.",
            "area": world.city.pk,
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    himbauan = Himbauan.objects.get()
    assert response.status_code == 302 and himbauan.unit == world.polres
    assert AgendaHimbauan.objects.filter(session=session, himbauan=himbauan).exists()


def test_himbauan_area_menu_names_each_rw_once_in_natural_order(world, binmas, login):
    for name in ("RW 17", "RW 2"):
        AreaFactory(name=name, level=AreaLevel.RW, parent=world.pekayon)
    page = login(binmas).get(reverse("events:himbauan_create")).content.decode()
    menu = re.search(r'<select name="area".*?</select>', page, re.S).group(0)
    labels = [html.unescape(label) for label in re.findall(r"<option[^>]*>([^<]*)</option>", menu)]
    assert not [label for label in labels if "RW RW" in label]
    pekayon = [label for label in labels if label.endswith(", Pekayon Jaya")]
    assert pekayon == [f"RW {n}, Pekayon Jaya" for n in (2, 17, 18, 19)]
    # Each area right after its parent: the kota, its kecamatan, each kelurahan and its RWs.
    start = labels.index("Kota Bekasi")
    assert labels[start : start + 3] == [
        "Kota Bekasi",
        "Kecamatan Bekasi Selatan",
        "Kelurahan/Desa Pekayon Jaya",
    ]
    assert labels[start + 3 : start + 7] == pekayon


def test_himbauan_page_names_its_rw_once(world, binmas, login):
    himbauan = _himbauan(world, binmas, area=world.rw18)
    page = login(binmas).get(himbauan.get_absolute_url()).content.decode()
    assert "RW 18, Pekayon Jaya" in page
    assert "RW RW" not in page
    assert "RW RW" not in login(binmas).get(reverse("events:himbauan_list")).content.decode()


def test_himbauan_for_an_area_outside_the_jurisdiction_is_refused(world, binmas):
    with pytest.raises(ValidationError) as error:
        _himbauan(world, binmas, area=world.beji)
    assert "Wilayah ini di luar wilayah hukum Anda." in error.value.messages


def test_bhabinkamtibmas_may_not_publish_a_himbauan(world, bhabin, login):
    assert login(bhabin).get(reverse("events:himbauan_create")).status_code == 403


def test_another_units_himbauan_is_404(world, binmas, kapolres_depok, login):
    himbauan = _himbauan(world, binmas)
    assert login(kapolres_depok).get(himbauan.get_absolute_url()).status_code == 404
    assert login(kapolres_depok).get(reverse("events:himbauan_edit", args=[himbauan.pk])).status_code == 404


def test_himbauan_list_shows_where_it_was_delivered(
    world, binmas, bhabin, kapolres, login, django_assert_max_num_queries
):
    himbauan = _himbauan(world, binmas)
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-2))
    row = AgendaHimbauan.objects.get(session=session)
    services.record_agenda(
        actor=bhabin, session=session, answers={"himbauan": {row.pk: (True, "Dibacakan.")}}
    )
    _report(session, bhabin)
    client = login(kapolres)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("events:himbauan_list")).content.decode()
    baseline = len(few.captured_queries)
    assert "RW 18, Pekayon Jaya" in page
    for n in range(4):
        _himbauan(world, binmas, title=f"Himbauan {n}")
    with django_assert_max_num_queries(baseline):
        client.get(reverse("events:himbauan_list"))
    assert "Dibacakan." in client.get(himbauan.get_absolute_url()).content.decode()


def test_himbauan_list_reads_only_the_latest_deliveries_of_a_himbauan(world, binmas, bhabin, kapolres, login):
    """A Polda-wide himbauan is delivered at thousands of sessions: the list reads the latest five
    of each (the count says how many), not every one."""
    from events import loop_selectors

    himbauan = _himbauan(world, binmas)
    for n in range(7):
        session = make_session(
            post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-3 * (n + 1))
        )
        row = AgendaHimbauan.objects.get(session=session, himbauan=himbauan)
        services.record_agenda(actor=bhabin, session=session, answers={"himbauan": {row.pk: (True, "")}})
        _report(session, bhabin)
    [listed] = loop_selectors.himbauan_list(user=kapolres).object_list
    assert listed.delivered == 7
    latest = AgendaHimbauan.objects.filter(himbauan=himbauan).order_by("-session__starts_at")[:5]
    assert [row.pk for row in listed.deliveries] == [row.pk for row in latest]
    page = login(kapolres).get(reverse("events:himbauan_list")).content.decode()
    assert page.count("RW 18, Pekayon Jaya</a>") == 5
    assert "(7 kegiatan)" in page
    assert len(loop_selectors.himbauan_detail(user=kapolres, pk=himbauan.pk).deliveries) == 7


def test_himbauan_delivered_at_another_polseks_session_links_its_public_page(
    world, binmas, bhabin, other_bhabin, login
):
    # A Polres himbauan, delivered at RW 18 (Polsek Bekasi Selatan) and at RW 03 (Bekasi Timur):
    # bhabin2 may open only the second session's staff page; the first links its public page.
    himbauan = _himbauan(world, binmas)
    ours = make_session(post=world.post_rw03, actor=binmas, lead=other_bhabin, starts_in=timedelta(hours=-3))
    theirs = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-2))
    for session, lead in ((ours, other_bhabin), (theirs, bhabin)):
        row = AgendaHimbauan.objects.get(session=session)
        services.record_agenda(actor=lead, session=session, answers={"himbauan": {row.pk: (True, "")}})
        _report(session, lead)
    client = login(other_bhabin)
    for url in (reverse("events:himbauan_list"), himbauan.get_absolute_url()):
        page = client.get(url).content.decode()
        assert f'href="{theirs.get_public_url()}"' in page
        assert f'href="{theirs.get_absolute_url()}"' not in page
        assert f'href="{ours.get_absolute_url()}"' in page
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(theirs.get_public_url()).status_code == 200
    page = login(bhabin).get(reverse("events:himbauan_list")).content.decode()
    assert f'href="{theirs.get_absolute_url()}"' in page


def test_recording_a_commitment_at_another_units_session_is_404(world, past_session, other_bhabin, login):
    response = login(other_bhabin).post(
        reverse("events:commitment_create", args=[past_session.pk]),
        {"text": "Janji", "responsible": other_bhabin.pk, "due_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 404
    assert not Commitment.objects.exists()


def test_commitment_list_leaves_out_another_units_commitments(commitment, kapolsek, kapolres_depok, login):
    assert commitment.text in login(kapolsek).get(reverse("events:commitment_list")).content.decode()
    page = login(kapolres_depok).get(reverse("events:commitment_list")).content.decode()
    assert commitment.text not in page


def test_commitment_list_ignores_bad_filters_and_says_so(commitment, kapolsek, login):
    client = login(kapolsek)
    for query in ("?due_from=kemarin&unit=abc", "?status=x"):
        response = client.get(reverse("events:commitment_list") + query)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-testid="invalid-filter"' in page and "Saringan tautan ini tidak valid" in page
        assert commitment.text in page  # every commitment is shown
    plain = client.get(reverse("events:commitment_list")).content.decode()
    assert 'data-testid="invalid-filter"' not in plain


def test_commitment_list_says_what_it_is_narrowed_to(world, commitment, kapolsek, login):
    """The dashboard links to the list narrowed to a kelurahan, an operation or due dates; the
    page says so, with a way back to every commitment."""
    query = f"?status=open&area={world.pekayon.pk}&due_from=2026-12-01&due_to=2026-12-31"
    page = login(kapolsek).get(reverse("events:commitment_list") + query).content.decode()
    line = page.split('data-testid="narrowing"', 1)[1].split("</p>", 1)[0]
    assert "Pekayon Jaya" in line and "tenggat 01-12-2026 sampai 31-12-2026" in line
    assert 'href="?status=open"' in line


def test_commitment_list_filtered_on_another_units_unit_is_404(world, commitment, other_bhabin, login):
    response = login(other_bhabin).get(reverse("events:commitment_list") + f"?unit={world.polsek.pk}")
    assert response.status_code == 404


def test_agenda_shows_the_text_the_officer_marked_safe_for_a_tip(world, binmas, bhabin):
    from aspirations.models import Category as Categories

    tip = make_aspiration(rw=world.rw18, kind=Kind.TIP, description="Bandar sabu Pak X di rumah no. 5")
    triage_aspiration(
        actor=bhabin,
        aspiration=tip,
        kind=Kind.TIP,
        category=Categories.objects.get(code="narkoba"),
        priority="high",
        agenda_text="Peredaran narkoba di sekitar RW 18",
    )
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(days=3))
    [item] = _section(session, "aspirations").items
    assert item.text == "Peredaran narkoba di sekitar RW 18"


def test_report_form_points_the_lead_to_the_agenda_and_commitments(world, binmas, bhabin, login):
    session = make_session(post=world.post_rw18, actor=binmas, lead=bhabin, starts_in=timedelta(hours=-2))
    page = login(bhabin).get(reverse("events:session_report", args=[session.pk])).content.decode()
    assert 'data-testid="report-loop-hint"' in page and "halaman kegiatan" in page


def test_serentak_batch_agenda_rows_are_those_the_portable_code_gives(world, binmas, bhabin, commitment):
    """The batch prepares its agendas with one INSERT ... SELECT per source over its sessions (not
    loaded): the rows are those each source's portable code gives for the same sessions."""
    from aspirations import agenda as aspiration_agenda
    from events import agenda_sources
    from events.models import AgendaCommitment

    today = timezone.localdate()
    make_aspiration(rw=world.rw18)
    make_aspiration(rw=world.rw19)
    _himbauan(world, binmas, title="In force citywide")
    _himbauan(world, binmas, title="Only RW 19", area=world.rw19)
    _himbauan(world, binmas, title="Over before", valid_until=today + timedelta(days=6))
    _himbauan(world, binmas, title="Not yet", valid_from=today + timedelta(days=8))
    _himbauan(world, binmas, title="Last day", valid_until=today + timedelta(days=7))
    starts_at = timezone.localtime().replace(hour=19, minute=0, second=0, microsecond=0) + timedelta(days=7)
    batch, _plan = services.schedule_batch(
        actor=binmas,
        title="Serentak",
        kind=SessionKind.objects.get(name="Ngopi Kamtibmas"),
        unit=world.polres,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )
    sources = [
        (AgendaAspiration, "aspiration_id", aspiration_agenda.prepare_portable),
        (AgendaHimbauan, "himbauan_id", agenda_sources.prepare_himbauan_portable),
        (AgendaCommitment, "commitment_id", agenda_sources.prepare_commitments_portable),
    ]
    for model, item, portable in sources:
        rows = model.objects.filter(session__batch=batch)
        written = set(rows.values_list("session_id", item))
        assert written, model
        rows.delete()
        portable(list(batch.sessions.all()))
        assert set(rows.values_list("session_id", item)) == written, model
    titles = set(
        AgendaHimbauan.objects.filter(session__batch=batch).values_list("himbauan__title", flat=True)
    )
    assert titles == {"In force citywide", "Only RW 19", "Last day"}
    assert set(
        AgendaCommitment.objects.filter(session__batch=batch).values_list("commitment", flat=True)
    ) == {commitment.pk}
