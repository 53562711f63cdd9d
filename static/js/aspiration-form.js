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

  // The proof of work the server asks for only while many aspirations come from one address
  // (aspirations/challenge.py): find n such that SHA-256("<token>:<n>") starts with <bits>
  // zero bits. Solved in the background as the page opens; a resident who presses Send
  // before it is done waits for it (at most a few seconds), then the form is sent as it is.
  var token = document.querySelector("input[name=pow_token]");
  var answer = document.querySelector("input[name=pow_solution]");
  if (token && answer && window.crypto && window.crypto.subtle && window.TextEncoder) {
    var bits = parseInt(token.value.split(".")[0], 10) || 0;
    var encoder = new TextEncoder();
    var zeroBits = function (bytes) {
      var count = 0;
      for (var i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0) { count += 8; continue; }
        for (var b = bytes[i]; (b & 0x80) === 0; b <<= 1) { count++; }
        break;
      }
      return count;
    };
    var solved = new Promise(function (resolve) {
      var next = 0;
      var batch = function () {
        var tries = [];
        for (var i = 0; i < 256; i++) {
          tries.push(window.crypto.subtle.digest("SHA-256", encoder.encode(token.value + ":" + (next + i))));
        }
        Promise.all(tries).then(function (digests) {
          for (var i = 0; i < digests.length; i++) {
            if (zeroBits(new Uint8Array(digests[i])) >= bits) {
              answer.value = String(next + i);
              resolve();
              return;
            }
          }
          next += digests.length;
          window.setTimeout(batch, 0);
        }, resolve);
      };
      batch();
    });
    var form = token.form;
    form.addEventListener("submit", function (event) {
      if (answer.value) { return; }
      event.preventDefault();
      form.setAttribute("aria-busy", "true");
      var waited = new Promise(function (resolve) { window.setTimeout(resolve, 8000); });
      Promise.race([solved, waited]).then(function () { form.submit(); });
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
