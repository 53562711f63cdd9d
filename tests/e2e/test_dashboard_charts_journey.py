"""The dashboard's charts show the numbers of the tables beside them: every axis starts at zero
and every bar with a count has a height (the category chart once drew an empty 0–1 plot, the open
chart started at 1 and hid every status counted once)."""

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", verbosity=0)


CHART = """(id) => {
  const chart = window.Chart.getChart(document.getElementById(id));
  const meta = chart.getDatasetMeta(0);
  const value = meta.vScale;
  return {

    min: value.min,
    max: value.max,
    values: chart.data.datasets[0].data,
    sizes: meta.data.map((bar) => {
      const p = bar.getProps(["x", "y", "base", "horizontal"], true);
      return Math.abs((p.horizontal ? p.x : p.y) - p.base);
    }),
  };
}"""


def test_dashboard_charts_start_at_zero_and_draw_every_count(demo, page, sign_in):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "kapolres", "kamtibmas-demo")
    page.goto("/dasbor/")
    embedded = json.loads(page.locator("#dashboard-charts").text_content())
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-open'))")

    for chart_id, key in (("chart-categories", "categories"), ("chart-open", "open")):
        drawn = page.evaluate(CHART, chart_id)
        assert drawn["values"] == embedded[key]["values"]
        assert drawn["min"] == 0, chart_id
        assert drawn["max"] >= max(embedded[key]["values"]), chart_id
        for value, size in zip(embedded[key]["values"], drawn["sizes"], strict=True):
            assert (size > 1) == (value > 0), (chart_id, value, size)

    # Long category names are shortened on the axis (they were cut off at the canvas' left edge).
    ticks = page.evaluate("() => Chart.getChart(document.getElementById('chart-categories')).scales.y.ticks")
    shown = [tick["label"] for tick in ticks]
    assert any(len(name) > 28 for name in embedded["categories"]["labels"])  # "Bukan urusan polisi (…)"
    assert all(len(label) <= 28 for label in shown), shown
    for name, label in zip(embedded["categories"]["labels"], shown, strict=True):
        assert label == name if len(name) <= 28 else (label.endswith("…") and name.startswith(label[:-1]))

    # The trend: its scales were once used before they were declared ("Invalid scale
    # configuration"), and the lines were drawn against a -1 to 1 axis.
    trend = page.evaluate(CHART, "chart-trend")
    assert trend["values"] == embedded["trend"]["received"]
    assert trend["min"] == 0
    assert trend["max"] >= max(embedded["trend"]["received"] + embedded["trend"]["resolved"])
    assert errors == []
