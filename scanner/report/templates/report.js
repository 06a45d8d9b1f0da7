(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("findings-table");
  if (!form || !table) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-sev]"));
  var ranks = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
  var names = ["severity", "rule", "context", "status", "q"];
  var shown = document.getElementById("shown");
  form.hidden = false;

  function value(name) { return form.elements[name] ? String(form.elements[name].value) : ""; }

  function setValue(name, v) {
    var el = form.elements[name];
    if (!el) { return; }
    if (el.tagName === "SELECT") {
      var ok = Array.prototype.some.call(el.options, function (o) { return o.value === v; });
      el.value = ok ? v : "";
    } else {
      el.value = v;
    }
  }

  function apply(writeHash) {
    var minSev = value("severity") in ranks ? ranks[value("severity")] : -1;
    var rule = value("rule"), context = value("context"), status = value("status");
    var q = value("q").trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var ok = Number(row.getAttribute("data-sev")) >= minSev &&
        (!rule || row.getAttribute("data-rule") === rule) &&
        (!context || row.getAttribute("data-context") === context) &&
        (!status || row.getAttribute("data-status") === status) &&
        (!q || row.textContent.toLowerCase().indexOf(q) !== -1);
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    if (shown) { shown.textContent = "showing " + count + " of " + rows.length; }
    if (writeHash && window.history && history.replaceState) {
      var params = new URLSearchParams();
      names.forEach(function (n) { if (value(n)) { params.set(n, value(n)); } });
      var text = params.toString();
      try { history.replaceState(null, "", text ? "#" + text : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
    }
  }

  function readHash() {
    var hash = location.hash.replace(/^#/, "");
    if (hash.indexOf("=") === -1) { return; }
    var params = new URLSearchParams(hash);
    names.forEach(function (n) { setValue(n, params.get(n) || ""); });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  window.addEventListener("hashchange", function () { readHash(); apply(false); });
  readHash();
  apply(false);
  document.documentElement.setAttribute("data-filters", "ready");
})();
