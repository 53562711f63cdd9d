"""Each person lands on "Hari ini" after signing in, on a 360 px phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.aspirations.factories import make_aspiration, make_session


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in_on(phone, username, password):
    phone.goto("/accounts/login/")
    phone.fill("#id_username", username)
    phone.fill("#id_password", password)
    phone.get_by_role("button", name="Masuk").click()
    expect(phone.get_by_role("heading", name="Hari ini", exact=True)).to_be_visible()


def test_bhabin_lands_on_today_and_taps_an_urgent_aspiration(phone, world, bhabin, password):
    urgent = make_aspiration(rw=world.rw18, urgent=True, description="Ada tawuran sekarang di lapangan.")
    sign_in_on(phone, "bhabin", password)
    phone.get_by_test_id("new-and-urgent").get_by_role("link").first.click()
    expect(phone).to_have_url(f"{phone.url.split('/staf/')[0]}/staf/aspirasi/{urgent.pk}/")
    expect(phone.get_by_text("Ada tawuran sekarang di lapangan.")).to_be_visible()


def test_kapolres_and_binmas_land_on_theirs(phone, world, kapolres, binmas, bhabin, password):
    make_aspiration(rw=world.rw18, urgent=True, description="Tawuran sedang terjadi.")
    make_session(post=world.post_rw19, actor=binmas, lead=bhabin, starts_in=timedelta(days=2))
    sign_in_on(phone, "kapolres", password)
    expect(phone.get_by_test_id("unacknowledged")).to_contain_text("Tawuran sedang terjadi.")
    phone.context.clear_cookies()
    sign_in_on(phone, "binmas", password)
    expect(phone.get_by_test_id("coming")).to_contain_text(world.post_rw19.name)
    expect(phone.get_by_test_id("gaps")).to_contain_text(world.post_rw18.name)
