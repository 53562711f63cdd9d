// The public aspiration form, enhanced: kota → kecamatan → kelurahan → RW steps, and contact
// fields hidden while "anonymous" is chosen. Without JavaScript the form works as it is:
// one list of RWs grouped by kelurahan, contact fields always shown.
(function () {
  "use strict";
  var rwSelect = document.getElementById("id_area");
  var data = document.getElementById("rw-tree");
  var steps = document.getElementById("area-steps");
  if (rwSelect && data && steps) {
    var tree = JSON.parse(data.textContent);
    var city = document.getElementById("area-city");
    var district = document.getElementById("area-district");
    var village = document.getElementById("area-village");
    var all = Array.prototype.slice.call(rwSelect.querySelectorAll("option[value]")).filter(function (o) { return o.value; });
    var byId = {};
    tree.forEach(function (row) { byId[String(row.id)] = row; });

    var fill = function (select, values, chosen) {
      select.textContent = "";
      var blank = document.createElement("option");
      blank.value = "";
      blank.textContent = "—";
      select.appendChild(blank);
      values.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        if (v === chosen) { option.selected = true; }
        select.appendChild(option);
      });
    };
    var unique = function (rows, key) {
      var seen = {};
      return rows.map(function (r) { return r[key]; }).filter(function (v) {
        if (seen[v]) { return false; }
        seen[v] = true;
        return true;
      }).sort();
    };
    var matching = function () {
      return tree.filter(function (r) {
        return (!city.value || r.city === city.value) &&
          (!district.value || r.district === district.value) &&
          (!village.value || r.village === village.value);
      });
    };
    var refresh = function (changed) {
      if (changed === city) { district.value = ""; village.value = ""; }
      if (changed === district) { village.value = ""; }
      var inCity = tree.filter(function (r) { return !city.value || r.city === city.value; });
      fill(district, unique(inCity, "district"), district.value);
      var inDistrict = inCity.filter(function (r) { return !district.value || r.district === district.value; });
      fill(village, unique(inDistrict, "village"), village.value);
      var allowed = {};
      matching().forEach(function (r) { allowed[String(r.id)] = true; });
      all.forEach(function (o) { o.hidden = !allowed[o.value]; o.disabled = !allowed[o.value]; });
      if (rwSelect.value && !allowed[rwSelect.value]) { rwSelect.value = ""; }
    };
    var current = byId[rwSelect.value];
    fill(city, unique(tree, "city"), current ? current.city : "");
    fill(district, [], "");
    fill(village, [], "");
    if (current) {
      refresh(null);
      district.value = current.district;
      refresh(null);
      village.value = current.village;
      refresh(null);
    } else {
      refresh(null);
    }
    [city, district, village].forEach(function (s) {
      s.addEventListener("change", function () { refresh(s); });
    });
    steps.hidden = false;
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
