// Dashboard: charts (vendored Chart.js) drawn from the same numbers as the tables beside them,
// and sortable units table. The page is complete without JavaScript; this only adds to it.
(function () {
  "use strict";
  var dataNode = document.getElementById("dashboard-charts");
  var labels = document.getElementById("dashboard-labels");
  if (dataNode && labels && window.Chart) {
    var data = JSON.parse(dataNode.textContent);
    var colours = ["#6f4e37", "#2f7d5b", "#c0392b", "#2c6fbb", "#b8860b", "#7d3c98"];
    var common = { responsive: true, maintainAspectRatio: false, animation: false,
                   plugins: { legend: { position: "bottom" } } };
    // Counts: the value axis is linear, starts at zero and steps by whole numbers. Each axis is
    // named with its type: left to Chart.js, a horizontal bar chart got a category axis for its
    // values (an empty 0-1 plot), and a vertical one started at its smallest count.
    var counts = { type: "linear", beginAtZero: true, min: 0, ticks: { precision: 0 } };
    var names = { type: "category" };
    // Long category names ("Gangguan fasilitas umum (penerangan jalan, …)") were cut off at the
    // chart's left edge: the axis shows the first words, the tooltip and the table the whole name.
    var shortNames = { type: "category", ticks: { callback: function (value) {
      var label = String(this.getLabelForValue(value));
      return label.length > 28 ? label.slice(0, 27).trimEnd() + "…" : label;
    } } };
    var make = function (id, config) {
      var canvas = document.getElementById(id);
      if (!canvas) { return; }
      canvas.parentNode.style.minHeight = (canvas.getAttribute("height") || 200) + "px";
      canvas.parentNode.style.position = "relative";
      new window.Chart(canvas, config);
    };
    make("chart-trend", { type: "line", options: Object.assign({}, common, { scales: { x: names, y: counts } }), data: {
      labels: data.trend.labels,
      datasets: [
        { label: labels.dataset.received, data: data.trend.received, borderColor: colours[0], backgroundColor: colours[0] },
        { label: labels.dataset.resolved, data: data.trend.resolved, borderColor: colours[1], backgroundColor: colours[1] },
        { label: labels.dataset.held, data: data.trend.held, borderColor: colours[3], backgroundColor: colours[3] }
      ] } });
    make("chart-categories", { type: "bar",
      options: Object.assign({}, common, { indexAxis: "y", scales: { x: counts, y: shortNames },
                                           plugins: { legend: { display: false } } }),
      data: { labels: data.categories.labels,
              datasets: [{ label: labels.dataset.aspirations, data: data.categories.values, backgroundColor: colours[0] }] } });
    make("chart-open", { type: "bar",
      options: Object.assign({}, common, { indexAxis: "x", scales: { x: names, y: counts },
                                           plugins: { legend: { display: false } } }),
      data: { labels: data.open.labels,
              datasets: [{ label: labels.dataset.open, data: data.open.values, backgroundColor: colours[2] }] } });
  }

  // Sortable units table. Rates ("rate": higher first, "rate-asc": lower first) rank units with
  // few items after the others, so a unit with two aspirations is not put above one with two hundred.
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var buttons = table.querySelectorAll("thead [data-sort]");
    buttons.forEach(function (button, column) {
      button.addEventListener("click", function () {
        var th = button.closest("th");
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        if (th.getAttribute("aria-sort") === null && button.dataset.sort !== "text" && button.dataset.sort !== "rate-asc") {
          ascending = false;  // numbers: largest first on the first click
        }
        table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var kind = button.dataset.sort;
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var value = function (row) {
          var cell = row.cells[column];
          var raw = cell ? cell.getAttribute("data-value") : "";
          if (kind === "text") { return raw || ""; }
          return raw === "" || raw === null ? null : parseFloat(raw);
        };
        rows.sort(function (a, b) {
          if (kind === "rate" || kind === "rate-asc") {
            var fewA = a.dataset.few === "1", fewB = b.dataset.few === "1";
            if (fewA !== fewB) { return fewA ? 1 : -1; }
          }
          var x = value(a), y = value(b);
          if (x === null && y === null) { return 0; }
          if (x === null) { return 1; }
          if (y === null) { return -1; }
          var order = kind === "text" ? String(x).localeCompare(String(y), "id") : x - y;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
