"""Issue 14, "Done when": a resident's complaint at RW 18 appears on the agenda of the next
session there; the lead ticks it, records a commitment and files the report; the RW page shows
the session summary and the commitment; the commitment's reminder reaches the officer; he closes
it as kept with evidence, and the RW page and the next session's agenda show it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aspirations.models import Aspiration
from events import services as event_services
from events.enums import OfficerRole
from events.models import Commitment, SessionKind
from ngopi.notifications import tasks as notification_tasks

pytestmark = pytest.mark.e2e


def schedule(world, binmas, bhabin, starts_at):
    return event_services.schedule_session(
        actor=binmas,
        kind=SessionKind.objects.get(name="Ngopi Kamtibmas"),
        title="Ngopi Kamtibmas RW 18",
        post=world.post_rw18,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        organiser=world.polres,
        officers=[event_services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
    )


def test_what_rw_18_said_comes_back_to_rw_18(phone, page, world, bhabin, binmas, password, sign_in, settings):
    settings.NGOPI_AREA_PAGE_CACHE_SECONDS = 0  # the page shows each step at once
    # The session at RW 18 has just started (scheduled earlier by Binmas).
    session = schedule(world, binmas, bhabin, timezone.now() - timedelta(minutes=15))

    # A resident sends a complaint from RW 18 (on the public form, before the session).
    phone.goto(f"/aspirasi/kirim/?area={world.rw18.pk}")
    phone.get_by_label("Keluhan", exact=True).check()
    phone.select_option("#id_category", label="Tawuran")
    phone.fill(
        "#id_description", "Remaja berkumpul membawa senjata tajam di lapangan voli RW 18 tiap malam Minggu."
    )
    phone.get_by_role("button", name="Kirim", exact=True).click()
    code = phone.get_by_test_id("tracking-code").inner_text().strip()
    assert Aspiration.objects.get(code=code).rw_id == world.rw18.pk

    # It is on the agenda of the session at RW 18; the lead ticks it and notes the answer.
    sign_in(page, "bhabin", password)
    page.goto(f"/staf/kegiatan/{session.pk}/")
    item = page.locator(f'[data-testid="agenda-item"][data-code="{code}"]')
    expect(item).to_be_visible()
    item.locator('input[type="checkbox"]').check()
    item.locator("textarea").fill("Patroli gabungan setiap malam Minggu mulai pekan ini.")
    page.get_by_role("button", name="Simpan agenda").click()
    expect(page.get_by_text("Agenda tersimpan.")).to_be_visible()

    # He records the commitment, answering the complaint.
    page.get_by_role("link", name="Catat komitmen").click()
    page.fill("#id_text", "Patroli setiap malam Minggu di lapangan RW 18")
    page.select_option("#id_responsible", str(bhabin.pk))
    page.fill("#id_due_date", (timezone.localdate() + timedelta(days=2)).isoformat())
    page.get_by_label(code, exact=False).check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("Komitmen tercatat.")).to_be_visible()
    commitment = Commitment.objects.get(session=session)

    # ... and files the report.
    page.goto(f"/staf/kegiatan/{session.pk}/laporan/")
    page.fill("#id_residents_count", "32")
    page.fill("#id_leaders_count", "4")
    page.fill("#id_agencies_count", "2")
    page.fill("#id_summary", "Warga menyampaikan keluhan tawuran; polisi berjanji patroli malam Minggu.")
    page.get_by_role("button", name="Isi laporan").click()
    page.wait_for_url(f"**/staf/kegiatan/{session.pk}/")

    # The RW page shows the session's summary and the commitment, still open.
    phone.goto(f"/wilayah/{world.rw18.pk}/")
    past = phone.get_by_test_id("past-session").first
    expect(past).to_contain_text("38 orang hadir")
    expect(past).to_contain_text("Tawuran")
    expect(past).to_contain_text("Patroli setiap malam Minggu di lapangan RW 18")
    done = phone.get_by_test_id("commitment").first
    expect(done).to_contain_text("Patroli setiap malam Minggu di lapangan RW 18")
    expect(done.get_by_test_id("commitment-status")).to_have_text("Masih berjalan")

    # The next session at RW 18 is planned: the open commitment is on its agenda.
    following = schedule(world, binmas, bhabin, timezone.now() + timedelta(days=7))

    # The reminder before the due date reaches the officer.
    notification_tasks.sweep()
    page.goto("/notifikasi/")
    expect(page.get_by_test_id("notifications")).to_contain_text("Patroli setiap malam Minggu")

    # He closes it as kept, with evidence.
    page.goto(commitment.get_absolute_url())
    page.locator('input[name="status"][value="kept"]').check()
    page.fill(
        "#id_outcome_note", "Patroli dilaksanakan dua malam Minggu berturut-turut; tidak ada lagi kerumunan."
    )
    page.fill("#id_evidence", "Buku mutasi jaga Polsek, 6 dan 13 Desember.")
    page.get_by_role("button", name="Tutup", exact=True).click()
    expect(page.get_by_test_id("commitment-status")).to_contain_text("Ditepati")

    # The RW page and the next session's agenda show it kept.
    phone.reload()
    expect(phone.get_by_test_id("commitment").first.get_by_test_id("commitment-status")).to_have_text(
        "Ditepati"
    )
    page.goto(f"/staf/kegiatan/{following.pk}/")
    row = page.locator(f'[data-testid="agenda-item"][data-code="KOM-{commitment.pk}"]')
    expect(row).to_contain_text("Ditepati")
