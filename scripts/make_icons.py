"""Draw the app's icons into static/icons/ (committed; rerun after changing the drawing):
a gold coffee cup on the navbar's brown, as SVG, PNGs for phones and a multi-size favicon.ico.

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

BROWN = "#5b3a1e"
GOLD = "#c8962e"
CREAM = "#f6ead6"
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="{BROWN}"/>
<path d="M14 26h30v10a13 13 0 0 1-13 13h-4a13 13 0 0 1-13-13z" fill="{GOLD}"/>
<path d="M44 29h3a6 6 0 0 1 0 12h-4" fill="none" stroke="{GOLD}" stroke-width="4"/>
<rect x="10" y="51" width="38" height="4" rx="2" fill="{CREAM}"/>
<path d="M22 12c-3 4 3 6 0 10M30 12c-3 4 3 6 0 10M38 12c-3 4 3 6 0 10"
 fill="none" stroke="{CREAM}" stroke-width="2.5" stroke-linecap="round"/>
</svg>
"""


def draw(size: int) -> Image.Image:
    """The same drawing as the SVG, on a 64-unit grid scaled to ``size`` pixels."""
    scale = 8  # drawn large, then reduced: smooth edges without an SVG renderer
    big = size * scale
    k = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=12 * k, fill=BROWN)
    pen.rectangle((14 * k, 26 * k, 44 * k, 36 * k), fill=GOLD)
    pen.chord((14 * k, 23 * k, 44 * k, 49 * k), 0, 180, fill=GOLD)
    pen.arc((38 * k, 29 * k, 53 * k, 41 * k), -90, 90, fill=GOLD, width=round(4 * k))
    pen.rounded_rectangle((10 * k, 51 * k, 48 * k, 55 * k), radius=2 * k, fill=CREAM)
    for x in (22, 30, 38):
        pen.line(
            (x * k, 12 * k, (x - 2) * k, 17 * k, x * k, 22 * k),
            fill=CREAM,
            width=round(2.5 * k),
            joint="curve",
        )
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(SVG, encoding="utf-8")
    for size, name in (
        (32, "icon-32.png"),
        (180, "apple-touch-icon.png"),
        (192, "icon-192.png"),
        (512, "icon-512.png"),
    ):
        draw(size).save(OUT / name, optimize=True)
    draw(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
