"""The staff navigation bar at a laptop's 1366 px: one line even with a long rank and name (the
name is shortened with an ellipsis, whole in its title), and every link readable (contrast of at
least 4.5:1, WCAG AA, against the bar)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.e2e

LONG_NAME = ("Komisaris Besar Polisi", "Raden Mas Bambang Sutrisno Wicaksono", "Adiningrat Kusumawardhana")

# The contrast of the computed colour of each navbar link against the bar's background, the
# link's colour blended over it first (Bootstrap's links are translucent white).
CONTRASTS = """() => {
  const rgba = (text) => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const bar = rgba(getComputedStyle(document.querySelector("nav.navbar")).backgroundColor);
  // Links shown at this width and drawn on the bar itself (a button draws its own background;
  // the phone-only send/track buttons are hidden here, and axe checks them at 360 px).
  const onBar = (link) => link.offsetParent !== null && !link.classList.contains("btn");
  return Array.from(document.querySelectorAll("nav.navbar a")).filter(onBar).map((link) => {
    const [r, g, b, a = 1] = rgba(getComputedStyle(link).color);
    const fg = [r, g, b].map((v, i) => v * a + bar[i] * (1 - a));
    const [l1, l2] = [luminance(fg), luminance(bar)].sort((x, y) => y - x);
    return [link.textContent.trim(), (l1 + 0.05) / (l2 + 0.05)];
  });
}"""


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", verbosity=0)
    rank, first, last = LONG_NAME
    get_user_model().objects.filter(username="dirbinmas").update(
        rank=rank, first_name=first, last_name=last, is_staff=True
    )


def test_staff_navbar_stays_on_one_line_with_a_long_name_and_links_are_readable(demo, page, sign_in):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "dirbinmas", "kamtibmas-demo")
    page.goto("/dasbor/")

    nav = page.locator("nav.navbar")
    brand = page.locator(".navbar-brand").bounding_box()
    assert nav.bounding_box()["height"] < 2 * brand["height"] + 24  # one line, not two
    user = page.get_by_test_id("nav-user")
    assert user.get_attribute("title") == " ".join(LONG_NAME)
    assert "Dasbor" in nav.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    for text, ratio in page.evaluate(CONTRASTS):
        assert ratio >= 4.5, (text, round(ratio, 2))
