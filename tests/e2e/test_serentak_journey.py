from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from events import services
from tests.images import jpeg_with_gps


def test_staff_schedule_serentak_file_a_report_and_see_coverage(
    page, world, bhabin, binmas, dirbinmas, password, sign_in, tmp_path
):
    today = timezone.localdate()
    operation = services.create_operation(
        actor=dirbinmas,
        name="Operasi Mantap Praja 2026",
        unit=world.polda,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=10),
    )
    yesterday = today - timedelta(days=1)

    sign_in(page, "binmas", password)
    page.goto("/staf/kegiatan/serentak/")
    page.select_option("#id_unit", label="Polsek Bekasi Selatan")
    page.fill("#id_day", yesterday.isoformat())
    page.fill("#id_start", "19:30")
    page.fill("#id_end", "21:30")
    page.select_option("#id_operation", label="Operasi Mantap Praja 2026")
    page.get_by_role("button", name="Pratinjau").click()

    preview = page.get_by_test_id("preview")
    expect(page.get_by_test_id("ready-count")).to_have_text("2")
    expect(preview).to_contain_text("Pos Satkamling Sekretariat RW 18")
    expect(preview).to_contain_text("Balai Warga RW 19")
    page.get_by_test_id("confirm").click()

    expect(page.get_by_test_id("sessions")).to_contain_text("Pos Satkamling Sekretariat RW 18")
    page.get_by_test_id("sessions").get_by_role("link").first.click()
    expect(page.get_by_test_id("when")).to_contain_text("WIB")
    page.get_by_role("link", name="Isi laporan").click()

    photo = tmp_path / "foto-kegiatan.jpg"
    photo.write_bytes(jpeg_with_gps().read())
    page.fill("#id_residents_count", "35")
    page.fill("#id_leaders_count", "4")
    page.fill("#id_summary", "Warga menyampaikan informasi rencana tawuran remaja.")
    page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="Isi laporan").click()

    expect(page.get_by_test_id("report")).to_contain_text("35")
    expect(page.locator("img.img-thumbnail")).to_have_count(1)

    page.goto(f"/staf/operasi/{operation.pk}/")
    expect(page.get_by_test_id("total-reported")).to_have_text("1")
    expect(page.get_by_test_id("total-planned")).to_have_text("1")
    # binmas works for the Polres: its three posts are in scope, one of them now covered
    expect(page.get_by_test_id("total-posts")).to_have_text("3")
    expect(page.get_by_test_id("total-coverage")).to_have_text("33%")
    expect(page.get_by_test_id("coverage")).to_contain_text("Polsek Bekasi Selatan")


def test_staff_edit_the_agenda_of_one_serentak_session(page, world, bhabin, binmas, password, sign_in):
    """bhabin leads both Pekayon Jaya posts of the batch: changing one session's agenda saves,
    with no "already assigned" clash against its sibling."""
    from events.models import SessionKind
    from tests.events.conftest import wib

    day = timezone.localdate() + timedelta(days=3)
    batch, _plan = services.schedule_batch(
        actor=binmas,
        title="Serentak Cooling System",
        kind=SessionKind.objects.get(name="Ngopi Kamtibmas"),
        unit=world.polsek,
        starts_at=wib(day, 19, 30),
        ends_at=wib(day, 21, 30),
    )
    session = batch.sessions.order_by("pk").first()

    sign_in(page, "binmas", password)
    page.goto(f"/staf/kegiatan/{session.pk}/ubah/")
    page.fill("#id_agenda", "Antisipasi tawuran pelajar dan balap liar")
    page.get_by_role("button", name="Simpan perubahan").click()

    expect(page).to_have_url(f"{page.url.split('/staf/')[0]}/staf/kegiatan/{session.pk}/")
    expect(page.locator("main")).to_contain_text("Antisipasi tawuran pelajar dan balap liar")
    expect(page.get_by_test_id("conflicts")).to_have_count(0)
