"""Keyboard focus on the gold primary buttons (.btn-ngopi) shows a ring (WCAG 2.4.7) that stands
out at 3:1 or more from what is around the button: the white page, the brown header."""

import re

import pytest

pytestmark = pytest.mark.e2e

STYLE = """(el) => {
    const s = getComputedStyle(el);
    return {outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, outlineColor: s.outlineColor,
            boxShadow: s.boxShadow};
}"""
# The first background colour that is not transparent, from the element's parent upwards.
BACKGROUND = """(el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
}"""


def _rgb(css):
    return tuple(int(part) for part in re.findall(r"\d+", css)[:3])


def _contrast(one, other):
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _tab_to(page, locator, limit=120):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("(el) => el === document.activeElement"):
            return
    raise AssertionError("the button was never reached with the Tab key")


def _ring_colours(style):
    """The colours the focus ring is drawn in: the outline's and the box-shadow's."""
    colours = []
    if style["outlineStyle"] != "none" and float(style["outlineWidth"].removesuffix("px")) >= 2:
        colours.append(_rgb(style["outlineColor"]))
    if style["boxShadow"] != "none":
        colours += [_rgb(match) for match in re.findall(r"rgba?\([^)]*\)", style["boxShadow"])]
    return colours


def _assert_visible_focus(page, button):
    unfocused = button.evaluate(STYLE)
    _tab_to(page, button)
    assert button.evaluate("(el) => el.matches(':focus-visible')")
    # Bootstrap's .btn eases its box-shadow in over 0.15 s: read the ring once it is drawn, not
    # the shadow's first frame (still transparent black).
    button.evaluate("async (el) => { await Promise.all(el.getAnimations().map((a) => a.finished)); }")
    focused = button.evaluate(STYLE)
    assert focused != unfocused, "focus changes nothing but the shade of gold"
    background = _rgb(button.evaluate(BACKGROUND))
    colours = _ring_colours(focused)
    assert colours, f"no outline or box-shadow on focus: {focused}"
    assert max(_contrast(colour, background) for colour in colours) >= 3, (colours, background)


def test_public_form_send_button_shows_a_focus_ring_from_the_keyboard(page, world, bhabin):
    page.goto("/aspirasi/kirim/")
    _assert_visible_focus(page, page.locator("form button[type=submit].btn-ngopi"))


def test_header_send_button_shows_a_focus_ring_on_the_brown_bar(phone, world, bhabin):
    phone.goto("/")
    button = phone.get_by_test_id("nav-actions").get_by_role("link", name="Kirim aspirasi")
    _assert_visible_focus(phone, button)
