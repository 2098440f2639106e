// ropa site script: client-side search over a prebuilt index. No libraries, no network:
// the index is a script file beside this one, so search works from file:// too.
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var lang = body.getAttribute("data-lang") || "en";
  var input = document.getElementById("q");
  var hits = document.getElementById("hits");
  if (!input || !hits) return;
  var loading = false;
  var ready = false;

  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss");
  }

  // Loads the index once; whatever was typed while it loaded is searched when it
  // arrives (a fast typist, or a slow disk, must not lose the query).
  function load(then) {
    if (ready) { then(); return; }
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = root + "assets/search-" + lang + ".js";
    s.onload = function () {
      window.ROPA_SEARCH.forEach(function (e) { e.f = fold(e.t + " " + e.k + " " + e.x); e.ft = fold(e.t); });
      ready = true;
      if (input.value.trim()) search();
    };
    document.head.appendChild(s);
  }

  function search() {
    var q = fold(input.value.trim());
    hits.innerHTML = "";
    if (!q) { hits.hidden = true; return; }
    var terms = q.split(/\s+/);
    var found = window.ROPA_SEARCH.filter(function (e) {
      return terms.every(function (t) { return e.f.indexOf(t) >= 0; });
    });
    found.sort(function (a, b) {
      var ra = a.ft.indexOf(terms[0]) >= 0 ? 0 : 1, rb = b.ft.indexOf(terms[0]) >= 0 ? 0 : 1;
      return ra - rb || a.t.localeCompare(b.t);
    });
    found.slice(0, 12).forEach(function (e, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = root + e.u;
      a.id = "hit-" + i;
      var title = document.createElement("span");
      title.className = "hit-title";
      title.textContent = e.t;
      var kind = document.createElement("span");
      kind.className = "hit-kind";
      kind.textContent = e.k;
      a.appendChild(title);
      a.appendChild(kind);
      li.appendChild(a);
      hits.appendChild(li);
    });
    if (!found.length) {
      var li = document.createElement("li");
      li.className = "none";
      li.textContent = input.getAttribute("data-no-results");
      hits.appendChild(li);
    }
    hits.hidden = false;
  }

  input.addEventListener("focus", function () { load(function () {}); });
  // A query the browser kept (back button) is searched again.
  if (input.value.trim()) load(search);
  input.addEventListener("input", function () { load(search); });
  input.addEventListener("keydown", function (ev) {
    var links = hits.querySelectorAll("a");
    if (!links.length) return;
    var current = Array.prototype.indexOf.call(links, document.activeElement);
    if (ev.key === "ArrowDown") { links[Math.min(current + 1, links.length - 1)].focus(); ev.preventDefault(); }
    if (ev.key === "Enter") { links[0].click(); ev.preventDefault(); }
  });
  hits.addEventListener("keydown", function (ev) {
    var links = hits.querySelectorAll("a");
    var current = Array.prototype.indexOf.call(links, document.activeElement);
    if (ev.key === "ArrowDown" && current < links.length - 1) { links[current + 1].focus(); ev.preventDefault(); }
    if (ev.key === "ArrowUp") { (current > 0 ? links[current - 1] : input).focus(); ev.preventDefault(); }
    if (ev.key === "Escape") { hits.hidden = true; input.focus(); }
  });
  document.addEventListener("click", function (ev) {
    if (!hits.contains(ev.target) && ev.target !== input) hits.hidden = true;
  });
})();

// The trust site's plan filter: a subprocessor shows when it is always used, or
// when the chosen plan includes one of its features and that feature is switched on
// (or on by default). The same rule as `ropa answer`.
(function () {
  "use strict";
  var plan = document.getElementById("plan");
  var table = document.getElementById("subprocessors");
  if (!plan || !table) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".plan-filter input[name=feature]"));

  function words(s) { return (s || "").split(/\s+/).filter(Boolean); }

  function update() {
    var option = plan.options[plan.selectedIndex];
    var included = plan.value ? words(option.getAttribute("data-features")) : null;
    var on = {};
    boxes.forEach(function (b) {
      var allowed = !included || included.indexOf(b.value) >= 0;
      b.disabled = !allowed;
      if (allowed && (b.checked || (included && b.hasAttribute("data-default-on")))) on[b.value] = true;
    });
    Array.prototype.forEach.call(table.querySelectorAll("[data-subprocessor]"), function (row) {
      var features = words(row.getAttribute("data-features"));
      var show = !included || features.length === 0 || features.some(function (f) { return on[f]; });
      row.hidden = !show;
    });
  }

  plan.addEventListener("change", update);
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  update();
})();
