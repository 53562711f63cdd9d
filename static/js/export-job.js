// The export job page (/dasbor/ekspor/<id>/): asks the job's status every two seconds, moves the
// progress bar, and reloads the page once the job is finished (the download link is on it).
// Without JavaScript the page has a "Refresh" link instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-job]");
  if (!box || box.getAttribute("data-finished") === "1") { return; }
  var bar = box.querySelector("[data-export-progress]");
  var status = box.querySelector("[data-export-status]");
  var rows = box.querySelector("[data-export-rows]");
  var format = new Intl.NumberFormat(document.documentElement.lang || "id");
  var ask = function () {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.finished) { window.location.reload(); return; }
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
        if (status) { status.textContent = data.status_label; }
        if (rows) {
          rows.textContent = format.format(data.rows_done) + " / " + format.format(data.rows_total) +
            " (" + data.percent + "%)";
        }
        window.setTimeout(ask, 2000);
      })
      .catch(function () { window.setTimeout(ask, 5000); });
  };
  window.setTimeout(ask, 1000);
})();
