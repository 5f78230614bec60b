// ruhrmap interactive figure: tooltips, project filter, layer toggles,
// zoom and pan. Plain JavaScript, no network; without it the page is the
// static figure.
(function () {
  "use strict";
  var root = document.getElementById("figure");
  var svg = root && root.querySelector("svg");
  var tip = document.getElementById("tooltip");
  var words = JSON.parse(document.getElementById("ruhrmap-words").textContent);
  if (!svg || !tip) { return; }
  var t = function (key) { return words[key] || key; };

  // ---- tooltips ---------------------------------------------------------
  var shown = null;
  function describe(el) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = el.getAttribute("data-name");
    box.appendChild(name);
    var list = document.createElement("dl");
    Array.prototype.forEach.call(el.attributes, function (a) {
      if (a.name.indexOf("data-") !== 0) { return; }
      var key = a.name.slice(5);
      if (["kind", "name", "projects", "role-id"].indexOf(key) >= 0) { return; }
      var dt = document.createElement("dt");
      dt.textContent = t(key);
      var dd = document.createElement("dd");
      dd.textContent = key === "length-km" ? a.value.replace(".", words.decimal) + " km" : a.value;
      if (key === "members") {
        dd.textContent = "";
        a.value.split("; ").forEach(function (m, i) {
          if (i) { dd.appendChild(document.createElement("br")); }
          dd.appendChild(document.createTextNode(m));
        });
      }
      list.appendChild(dt);
      list.appendChild(dd);
    });
    box.appendChild(list);
    return box;
  }
  function show(el, x, y) {
    if (shown && shown !== el) { shown.classList.remove("active"); }
    shown = el;
    el.classList.add("active");
    tip.textContent = "";
    tip.appendChild(describe(el));
    tip.hidden = false;
    var frame = root.getBoundingClientRect();
    if (x === undefined) {
      var r = el.getBoundingClientRect();
      x = r.right; y = r.bottom;
    }
    var left = x - frame.left + 12, top = y - frame.top + 12;
    left = Math.max(0, Math.min(left, frame.width - tip.offsetWidth - 2));
    if (top + tip.offsetHeight > frame.height) { top = Math.max(0, y - frame.top - tip.offsetHeight - 12); }
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function hide() {
    if (shown) { shown.classList.remove("active"); }
    shown = null;
    tip.hidden = true;
  }
  function feature(target) {
    return target && target.closest ? target.closest("[data-kind]") : null;
  }
  svg.addEventListener("mousemove", function (e) {
    var el = feature(e.target);
    if (el) { show(el, e.clientX, e.clientY); } else if (shown && document.activeElement !== shown) { hide(); }
  });
  svg.addEventListener("mouseleave", function () { if (!svg.contains(document.activeElement)) { hide(); } });
  svg.addEventListener("focusin", function (e) { var el = feature(e.target); if (el) { show(el); } });
  svg.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });

  // ---- project filter and layer toggles ---------------------------------
  var controls = document.getElementById("controls");
  controls.hidden = false;
  var filter = document.getElementById("project-filter");
  filter.addEventListener("change", function () {
    var project = filter.value;
    svg.querySelectorAll("[data-projects]").forEach(function (el) {
      var of = el.getAttribute("data-projects").split(" ");
      el.classList.toggle("hidden-by-filter", project !== "" && of.indexOf(project) < 0);
    });
    hide();
  });
  document.querySelectorAll("[data-toggle]").forEach(function (box) {
    var selector = box.getAttribute("data-toggle");
    box.addEventListener("change", function () {
      svg.querySelectorAll(selector).forEach(function (el) {
        el.classList.toggle("hidden-by-toggle", !box.checked);
      });
    });
  });

  // ---- zoom and pan (the view box; text scales with the map) -------------
  var base = svg.viewBox.baseVal;
  var home = { x: base.x, y: base.y, w: base.width, h: base.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };
  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) { return +v.toFixed(3); }).join(" "));
    root.classList.toggle("zoomed", view.w < home.w);
  }
  function zoom(factor, cx, cy) {
    var w = Math.min(home.w, Math.max(home.w / 8, view.w / factor));
    var h = w * home.h / home.w;
    if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
    view.x = cx - (cx - view.x) * w / view.w;
    view.y = cy - (cy - view.y) * h / view.h;
    view.w = w; view.h = h;
    pan(0, 0);
  }
  function pan(dx, dy) {
    view.x = Math.min(home.x + home.w - view.w, Math.max(home.x, view.x + dx));
    view.y = Math.min(home.y + home.h - view.h, Math.max(home.y, view.y + dy));
    apply();
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.5); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1 / 1.5); });
  document.getElementById("zoom-reset").addEventListener("click", function () {
    view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply();
  });
  svg.addEventListener("wheel", function (e) {
    if (!e.ctrlKey && !e.shiftKey && view.w >= home.w && e.deltaY > 0) { return; }
    e.preventDefault();
    var r = svg.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.25 : 0.8,
      view.x + (e.clientX - r.left) / r.width * view.w,
      view.y + (e.clientY - r.top) / r.height * view.h);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (e) {
    if (view.w < home.w) { drag = { x: e.clientX, y: e.clientY }; }
  });
  window.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var r = svg.getBoundingClientRect();
    pan(-(e.clientX - drag.x) / r.width * view.w, -(e.clientY - drag.y) / r.height * view.h);
    drag = { x: e.clientX, y: e.clientY };
  });
  window.addEventListener("pointerup", function () { drag = null; });
  root.addEventListener("keydown", function (e) {
    var step = view.w / 10, keys = {
      "+": function () { zoom(1.5); }, "=": function () { zoom(1.5); }, "-": function () { zoom(1 / 1.5); },
      "ArrowLeft": function () { pan(-step, 0); }, "ArrowRight": function () { pan(step, 0); },
      "ArrowUp": function () { pan(0, -step); }, "ArrowDown": function () { pan(0, step); },
      "0": function () { view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }
    };
    if (keys[e.key] && (e.key.length > 1 ? view.w < home.w : true)) { keys[e.key](); e.preventDefault(); }
  });
}());
