// Maps (vendored Leaflet): posts with their next session, or RW aggregates sized by count.
// Each map is a <div class="ngopi-map" data-markers="ID"> whose markers come from the
// json_script element ID: [{lat, lng, label, detail, url, count}]. The tile URL template comes
// from data-tiles (NGOPI_MAP_TILES); without it, or when the tiles cannot be loaded, the markers
// stand on a blank background and the note beside the map says so. The list under the map shows
// the same places, so the page is complete without JavaScript.
(function () {
  "use strict";
  if (!window.L) { return; }
  var L = window.L;

  function popup(marker) {
    var box = document.createElement("div");
    var title = document.createElement(marker.url ? "a" : "strong");
    title.textContent = marker.label;
    if (marker.url) { title.href = marker.url; }
    box.appendChild(title);
    if (marker.detail) {
      var detail = document.createElement("div");
      detail.className = "small";
      detail.textContent = marker.detail;
      box.appendChild(detail);
    }
    return box;
  }

  function showNote(node) {
    var note = document.getElementById(node.dataset.note || "");
    if (note) { note.hidden = false; }
  }

  document.querySelectorAll(".ngopi-map").forEach(function (node) {
    var source = document.getElementById(node.dataset.markers);
    if (!source) { return; }
    var markers = JSON.parse(source.textContent).filter(function (m) {
      return typeof m.lat === "number" && typeof m.lng === "number";
    });
    if (!markers.length) { node.hidden = true; return; }
    var map = L.map(node, { scrollWheelZoom: false, attributionControl: true });
    if (node.dataset.tiles) {
      var failed = false;
      L.tileLayer(node.dataset.tiles, { maxZoom: 19, attribution: node.dataset.attribution || "" })
        .on("tileerror", function () { if (!failed) { failed = true; node.classList.add("ngopi-map-blank"); showNote(node); } })
        .addTo(map);
    } else {
      node.classList.add("ngopi-map-blank");
    }
    var largest = markers.reduce(function (top, m) { return Math.max(top, m.count || 0); }, 0);
    var bounds = [];
    markers.forEach(function (m) {
      var radius = m.count && largest ? 6 + 14 * Math.sqrt(m.count / largest) : 8;
      var circle = L.circleMarker([m.lat, m.lng], {
        radius: radius, color: "#5b3a1e", weight: 2, fillColor: m.count ? "#c0392b" : "#c8962e", fillOpacity: 0.7
      }).addTo(map);
      circle.bindPopup(popup(m));
      circle.bindTooltip(m.label);
      bounds.push([m.lat, m.lng]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 16);
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    }
    node.dataset.ready = "1";
  });
})();
