"""The demo Kapolres on the dashboard: the RW 18 session and the proven tawuran tip are counted,
he filters to Operasi Mantap Praja, follows the overdue number to its list; it also fits a phone.

The demo data is loaded at the real time; the browser part runs ten days later (time-machine), so
the demo's open aspirations are past their deadlines.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from aspirations.models import Aspiration
from events.models import Operation

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", verbosity=0)
    with time_machine.travel(timezone.now() + timedelta(days=10), tick=True):
        yield


def number(locator) -> int:
    return int(locator.inner_text().strip().replace(".", ""))


def test_kapolres_follows_the_numbers_of_his_jurisdiction(demo, page, phone, sign_in):
    operation = Operation.objects.get(name="Operasi Mantap Praja 2024")
    tip = Aspiration.objects.get(kind="tip", verification="proven", category__code="tawuran")
    assert tip.operation_id == operation.pk  # recorded at the RW 18 session of the operation

    sign_in(page, "kapolres", "kamtibmas-demo")
    page.get_by_role("link", name="Dasbor").click()
    page.wait_for_url("**/dasbor/")

    # From the start of the operation until today: the RW 18 session and the tip are counted.
    page.locator("summary", has_text="Saringan").click()
    page.select_option("#id_period", "custom")
    page.fill("#id_date_from", str(operation.starts_on))
    page.fill("#id_date_to", str(timezone.localdate()))
    page.get_by_role("button", name="Terapkan").click()
    assert number(page.get_by_test_id("tips-proven")) == 1
    assert number(page.get_by_test_id("sessions-reported")) >= 1
    page.get_by_test_id("sessions-reported").click()
    page.wait_for_url(re.compile(r"/staf/kegiatan/\?.*status=reported"))
    listed = page.get_by_test_id("sessions").get_by_text("Ngopi Kamtibmas Cooling System Pilkada 2024")
    assert listed.is_visible()
    page.go_back()

    # Only Operasi Mantap Praja: still the session and the tip (it was raised at that session).
    # (The filters stay open once used.)
    page.select_option("#id_operation", label="Operasi Mantap Praja 2024")
    page.get_by_role("button", name="Terapkan").click()
    assert f"operation={operation.pk}" in page.url
    assert number(page.get_by_test_id("tips-proven")) == 1
    assert number(page.get_by_test_id("sessions-reported")) == 1
    assert page.get_by_test_id("trend").is_visible()  # the table beside the chart
    assert page.locator("#chart-trend").is_visible()

    # Overdue now, within the operation: the number and the list behind it agree.
    overdue = number(page.get_by_test_id("overdue"))
    page.get_by_test_id("overdue").click()
    page.wait_for_url(re.compile(rf"/staf/aspirasi/\?.*operation={operation.pk}.*overdue=on"))
    assert page.get_by_test_id("inbox-row").count() == overdue
    page.go_back()

    # And across his whole jurisdiction (ten days on, the demo's open aspirations are overdue).
    page.get_by_role("link", name="Atur ulang").click()
    overdue = number(page.get_by_test_id("overdue"))
    assert overdue > 0
    page.get_by_test_id("overdue").click()
    page.wait_for_url(re.compile(r"/staf/aspirasi/\?overdue=on"))
    assert page.get_by_test_id("inbox-row").count() == overdue
    assert page.get_by_test_id("overdue").count() == overdue  # each row marked overdue

    # The same page on a phone: nothing wider than the screen.
    sign_in(phone, "kapolres", "kamtibmas-demo")
    phone.goto("/dasbor/")
    assert number(phone.get_by_test_id("overdue")) == overdue
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
