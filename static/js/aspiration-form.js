// The public aspiration form, enhanced: the kota → kecamatan → kelurahan → RW menus fetch their
// next step from the server as each is chosen (a phone never downloads every RW of the
// jurisdiction), and the contact fields hide while "anonymous" is chosen. Without JavaScript
// the form works as it is: a "show the choices" button sends it back with the menus narrowed.
(function () {
  "use strict";
  var steps = document.getElementById("area-steps");
  var rwSelect = document.getElementById("id_area");
  if (steps && rwSelect) {
    var url = steps.getAttribute("data-url");
    var chain = ["area-city", "area-district", "area-village"].map(function (id) {
      return document.getElementById(id);
    }).concat([rwSelect]);
    var blank = function (index, filled) {
      if (index < chain.length - 1) { return "—"; }
      return rwSelect.getAttribute(filled ? "data-blank" : "data-waiting") || "—";
    };
    var fill = function (index, items) {
      var select = chain[index];
      select.textContent = "";
      var first = document.createElement("option");
      first.value = "";
      first.textContent = blank(index, items.length > 0);
      select.appendChild(first);
      items.forEach(function (item) {
        var option = document.createElement("option");
        option.value = String(item.id);
        option.textContent = item.label;
        select.appendChild(option);
      });
    };
    chain.slice(0, -1).forEach(function (select, index) {
      select.addEventListener("change", function () {
        for (var below = index + 1; below < chain.length; below++) { fill(below, []); }
        var chosen = select.value;
        if (!chosen) { return; }
        steps.setAttribute("aria-busy", "true");
        fetch(url + "?induk=" + encodeURIComponent(chosen), { headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return response.json();
          })
          .then(function (data) {
            if (select.value === chosen) { fill(index + 1, data.children); }
          })
          .catch(function () {
            select.value = "";  // choosing it again tries again (a phone's connection drops)
          })
          .then(function () { steps.removeAttribute("aria-busy"); });
      });
    });
  }

  var identity = document.getElementById("identity-fields");
  var radios = document.querySelectorAll("input[name=privacy]");
  if (identity && radios.length) {
    var update = function () {
      var chosen = document.querySelector("input[name=privacy]:checked");
      identity.hidden = chosen !== null && chosen.value === "anonymous";
    };
    Array.prototype.forEach.call(radios, function (r) { r.addEventListener("change", update); });
    update();
  }
})();
