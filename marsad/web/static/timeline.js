/* marsad — timeline of articles and events.
 *
 * For each `#timeline[data-src]` (or `.marsad-timeline[data-src]`) element: fetch the JSON
 * {"from", "to", "days": [{"date": "YYYY-MM-DD", "articles": n, "events": n}, ...], "outliers": [...]}
 * and draw the days as an SVG bar chart, two bars per
 * period (articles, events), dates ascending left to right inside a left-to-right SVG, Arabic
 * labels, a <title> tooltip on every bar, and the same numbers as a table under a <details> (one row
 * per period of the chart). Long spans are grouped by week or by month so that bars stay readable.
 * The outliers (days far outside the main range) are listed under the chart as "خارج النطاق", with
 * `data-outliers="<n>"` on the element. An empty list shows
 * "لا توجد بيانات". When drawn the element gets `data-ready="true"` and `data-count="<periods>"`;
 * when loading fails it gets `data-error="true"`. It redraws when its width changes.
 *
 * Plain ES2017, no build step, no chart library. Data is only ever set as textContent.
 */
(function () {
  "use strict";

  var SELECTOR = "#timeline[data-src], .marsad-timeline[data-src]";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var HEIGHT = 260;
  var MARGIN = { top: 14, right: 16, bottom: 48, left: 56 };
  var DAY = 86400000;
  var SERIES = [
    { key: "articles", label: "المقالات", color: "#2b6cb0" },
    { key: "events", label: "الأحداث", color: "#dd6b20" },
  ];
  var T = {
    empty: "لا توجد بيانات",
    outliers: "خارج النطاق",
    outliersNote: "تواريخ بعيدة عن معظم البيانات (تاريخية أو مستقبلية)، لا يشملها المحور: ",
    error: "تعذّر تحميل البيانات",
    xTitle: { day: "التاريخ (يوميًا)", week: "التاريخ (أسبوعيًا)", month: "التاريخ (شهريًا)" },
    yTitle: "العدد",
    weekOf: "أسبوع ",
    chart: "المقالات والأحداث عبر الزمن",
    table: "عرض البيانات جدولًا",
    date: "التاريخ",
    summary: function (from, to, a, e) {
      return "من " + from + " إلى " + to + ": " + a + " مقالة و" + e + " حدثًا";
    },
  };
  var LANG = document.documentElement.lang || "ar";

  function fmt(options) {
    try {
      return new Intl.DateTimeFormat(LANG, Object.assign({ timeZone: "UTC" }, options));
    } catch (e) {
      return { format: function (d) { return d.toISOString().slice(0, 10); } };
    }
  }
  var DAY_FMT = fmt({ day: "numeric", month: "short" });
  var DAY_YEAR_FMT = fmt({ day: "numeric", month: "short", year: "numeric" });
  var FULL_FMT = fmt({ day: "numeric", month: "long", year: "numeric" });
  var MONTH_FMT = fmt({ month: "short", year: "numeric" });
  var NUM = (function () {
    try {
      return new Intl.NumberFormat(LANG);
    } catch (e) {
      return { format: String };
    }
  })();

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function num(v) {
    var x = Number(v);
    return isFinite(x) && x > 0 ? Math.round(x) : 0;
  }

  /* Valid rows as {t: UTC ms, articles, events}, ascending, one per date. */
  function parse(data) {
    var byDay = {};
    (Array.isArray(data) ? data : []).forEach(function (row) {
      var m = row && typeof row.date === "string" && /^(\d{4})-(\d{2})-(\d{2})/.exec(row.date);
      if (!m) return;
      var t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
      if (!isFinite(t)) return;
      var r = byDay[t] || (byDay[t] = { t: t, articles: 0, events: 0 });
      r.articles += num(row.articles);
      r.events += num(row.events);
    });
    return Object.keys(byDay).map(function (k) { return byDay[k]; }).sort(function (a, b) { return a.t - b.t; });
  }

  function bucketStart(t, unit) {
    var d = new Date(t);
    if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    if (unit === "week") return t - ((d.getUTCDay() + 6) % 7) * DAY; /* Monday */
    return t;
  }

  function nextBucket(t, unit) {
    if (unit === "month") {
      var d = new Date(t);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
    return t + (unit === "week" ? 7 : 1) * DAY;
  }

  /* Every period from the first to the last (empty ones too), so the x axis is a real time axis. */
  function buckets(rows, unit) {
    var map = {};
    rows.forEach(function (r) {
      var b = bucketStart(r.t, unit);
      var x = map[b] || (map[b] = { t: b, articles: 0, events: 0 });
      x.articles += r.articles;
      x.events += r.events;
    });
    var out = [];
    var end = bucketStart(rows[rows.length - 1].t, unit);
    var start = bucketStart(rows[0].t, unit);
    if (unit === "day") {
      /* A week at least, so that one or two days do not fill the whole width. */
      var missing = 7 - ((end - start) / DAY + 1);
      if (missing > 0) {
        start -= Math.floor(missing / 2) * DAY;
        end += Math.ceil(missing / 2) * DAY;
      }
    }
    for (var t = start; t <= end; t = nextBucket(t, unit)) {
      out.push(map[t] || { t: t, articles: 0, events: 0 });
    }
    return out;
  }

  function chooseUnit(rows, plotWidth) {
    var span = (rows[rows.length - 1].t - rows[0].t) / DAY + 1;
    var room = Math.max(10, Math.floor(plotWidth / 6)); /* at least ~6 px per period */
    if (span <= room) return "day";
    if (span / 7 <= room) return "week";
    return "month";
  }

  /* full: for tooltips and the table; withYear: an axis label that starts a year. */
  function label(t, unit, full, withYear) {
    var d = new Date(t);
    if (unit === "month") return MONTH_FMT.format(d);
    if (full) return (unit === "week" ? T.weekOf : "") + FULL_FMT.format(d);
    return (withYear ? DAY_YEAR_FMT : DAY_FMT).format(d);
  }

  /* A round step (1, 2 or 5 times a power of ten, at least 1) and the axis top it gives. */
  function yScale(v) {
    var raw = Math.max(1, v) / 5;
    var p = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (k) { return k * p; }).filter(function (s) { return s >= raw; })[0];
    step = Math.max(1, step);
    return { step: step, max: Math.max(step, Math.ceil(Math.max(1, v) / step) * step) };
  }

  function ticks(scale) {
    var out = [];
    for (var v = 0; v <= scale.max + 1e-9; v += scale.step) out.push(v);
    return out;
  }

  function legend() {
    var box = el("div", { class: "timeline-legend", "aria-hidden": "true" });
    box.style.cssText = "display:flex;gap:1.2em;margin:.2em 0 .4em;font-size:.9em;";
    SERIES.forEach(function (s) {
      var item = el("span", { class: "timeline-legend-item" });
      var sw = el("span");
      sw.style.cssText = "display:inline-block;width:.9em;height:.9em;margin-inline-end:.35em;" +
        "vertical-align:-.1em;border-radius:2px;background:" + s.color;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(s.label));
      box.appendChild(item);
    });
    return box;
  }

  function outlierList(rows) {
    var box = el("section", { class: "timeline-outliers", id: "timeline-outliers" });
    box.appendChild(el("h3", null, T.outliers));
    box.appendChild(el("p", null, T.outliersNote + NUM.format(rows.length)));
    var list = box.appendChild(el("ul"));
    rows.forEach(function (r) {
      var item = el("li", { "data-date": new Date(r.t).toISOString().slice(0, 10) });
      item.appendChild(el("span", null, label(r.t, "day", true) + ": "));
      item.appendChild(document.createTextNode(SERIES.map(function (s) {
        return s.label + " " + NUM.format(r[s.key]);
      }).join("، ")));
      list.appendChild(item);
    });
    return box;
  }

  function table(rows, unit) {
    var details = el("details", { class: "timeline-table" });
    details.appendChild(el("summary", null, T.table));
    var tbl = el("table");
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, T.date));
    SERIES.forEach(function (s) { head.appendChild(el("th", { scope: "col" }, s.label)); });
    tbl.appendChild(el("thead")).appendChild(head);
    var body = tbl.appendChild(el("tbody"));
    rows.forEach(function (r) {
      if (!r.articles && !r.events) return;
      var tr = el("tr");
      tr.appendChild(el("th", { scope: "row" }, label(r.t, unit, true)));
      SERIES.forEach(function (s) { tr.appendChild(el("td", null, NUM.format(r[s.key]))); });
      body.appendChild(tr);
    });
    details.appendChild(tbl);
    return details;
  }

  function chart(rows, width, id) {
    var plotW = Math.max(60, width - MARGIN.left - MARGIN.right);
    var plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    var unit = chooseUnit(rows, plotW);
    var data = buckets(rows, unit);
    var scale = yScale(data.reduce(function (m, r) { return Math.max(m, r.articles, r.events); }, 0));
    var max = scale.max;
    var step = plotW / data.length;
    var barW = Math.max(1, Math.min(28, (step * 0.8) / SERIES.length));
    var y = function (v) { return MARGIN.top + plotH - (v / max) * plotH; };

    var totalA = rows.reduce(function (s, r) { return s + r.articles; }, 0);
    var totalE = rows.reduce(function (s, r) { return s + r.events; }, 0);
    var root = svg("svg", {
      class: "timeline-chart",
      dir: "ltr",
      width: String(width),
      height: String(HEIGHT),
      viewBox: "0 0 " + width + " " + HEIGHT,
      role: "img",
      "aria-labelledby": id + "-title " + id + "-desc",
      "font-family": "inherit",
      "font-size": "12",
    });
    root.style.display = "block";
    root.style.maxWidth = "100%";
    root.appendChild(svg("title", { id: id + "-title" }, T.chart));
    root.appendChild(svg("desc", { id: id + "-desc" },
      T.summary(label(rows[0].t, "day", true), label(rows[rows.length - 1].t, "day", true),
        NUM.format(totalA), NUM.format(totalE))));

    /* y axis: grid lines, numbers, title */
    var yAxis = root.appendChild(svg("g", { class: "timeline-y", "aria-hidden": "true" }));
    ticks(scale).forEach(function (v) {
      var yy = y(v);
      yAxis.appendChild(svg("line", {
        x1: MARGIN.left, x2: MARGIN.left + plotW, y1: yy, y2: yy,
        stroke: v === 0 ? "#555" : "#e2e2e2", "stroke-width": "1",
      }));
      yAxis.appendChild(svg("text", {
        x: MARGIN.left - 6, y: yy, "text-anchor": "end", "dominant-baseline": "middle", fill: "#444",
      }, NUM.format(v)));
    });
    yAxis.appendChild(svg("text", {
      transform: "translate(16 " + (MARGIN.top + plotH / 2) + ") rotate(-90)",
      "text-anchor": "middle", "dominant-baseline": "middle", fill: "#222", direction: "rtl",
    }, T.yTitle));

    /* bars */
    var bars = root.appendChild(svg("g", { class: "timeline-bars" }));
    data.forEach(function (r, i) {
      var x0 = MARGIN.left + i * step + (step - barW * SERIES.length) / 2;
      SERIES.forEach(function (s, j) {
        var v = r[s.key];
        if (!v) return;
        var top = y(v);
        var rect = svg("rect", {
          class: "timeline-bar timeline-bar-" + s.key,
          x: (x0 + j * barW).toFixed(2),
          y: top.toFixed(2),
          width: Math.max(1, barW - (barW > 3 ? 1 : 0)).toFixed(2),
          height: Math.max(1, MARGIN.top + plotH - top).toFixed(2),
          fill: s.color,
          "data-date": new Date(r.t).toISOString().slice(0, 10),
          "data-value": String(v),
        });
        rect.appendChild(svg("title", null, label(r.t, unit, true) + " — " + s.label + ": " + NUM.format(v)));
        bars.appendChild(rect);
      });
    });

    /* x axis: a label every few periods, never overlapping */
    var xAxis = root.appendChild(svg("g", { class: "timeline-x", "aria-hidden": "true" }));
    var every = Math.max(1, Math.ceil(96 / step));
    var lastYear = null;
    data.forEach(function (r, i) {
      if (i % every !== 0 && i !== data.length - 1) return;
      if (i === data.length - 1 && i % every !== 0 && (i % every) * step < 60) return;
      var cx = MARGIN.left + (i + 0.5) * step;
      var year = new Date(r.t).getUTCFullYear();
      xAxis.appendChild(svg("line", {
        x1: cx, x2: cx, y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 4, stroke: "#555",
      }));
      /* keep the last label inside the chart */
      var nearEnd = cx + 40 > width;
      xAxis.appendChild(svg("text", {
        x: (nearEnd ? width - 2 : cx).toFixed(2), y: MARGIN.top + plotH + 17,
        "text-anchor": nearEnd ? "end" : "middle", fill: "#444",
      }, label(r.t, unit, false, year !== lastYear)));
      lastYear = year;
    });
    xAxis.appendChild(svg("text", {
      x: MARGIN.left + plotW / 2, y: HEIGHT - 6, "text-anchor": "middle", fill: "#222", direction: "rtl",
    }, T.xTitle[unit]));

    return { node: root, unit: unit, periods: data.length, data: data };
  }

  function message(container, text, kind) {
    container.appendChild(el("p", { class: "timeline-message timeline-message-" + kind, role: "status" }, text));
  }

  var counter = 0;

  function render(container, rows, outliers) {
    var id = container.id ? container.id + "-chart" : "marsad-timeline-" + ++counter;
    var width = Math.max(240, Math.floor(container.clientWidth || 640));
    container.textContent = "";
    container.setAttribute("data-outliers", String(outliers.length));
    if (!rows.length) {
      message(container, T.empty, "empty");
      container.setAttribute("data-count", "0");
      if (outliers.length) container.appendChild(outlierList(outliers));
      return;
    }
    container.appendChild(legend());
    var c = chart(rows, width, id);
    container.appendChild(c.node);
    container.appendChild(table(c.data, c.unit));
    if (outliers.length) container.appendChild(outlierList(outliers));
    container.setAttribute("data-from", new Date(c.data[0].t).toISOString().slice(0, 10));
    container.setAttribute("data-to", new Date(c.data[c.data.length - 1].t).toISOString().slice(0, 10));
    container.setAttribute("data-unit", c.unit);
    container.setAttribute("data-count", String(c.periods));
    container._marsadWidth = width;
  }

  function initTimeline(container) {
    if (container.getAttribute("data-timeline-init")) return;
    container.setAttribute("data-timeline-init", "1");
    container.removeAttribute("data-ready");
    container.removeAttribute("data-error");
    container.setAttribute("aria-busy", "true");
    return fetch(container.getAttribute("data-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (data) {
        var rows = parse(data && data.days);
        var outliers = parse(data && data.outliers);
        render(container, rows, outliers);
        container.setAttribute("data-ready", "true");
        if (rows.length && typeof ResizeObserver !== "undefined") {
          var pending = null;
          new ResizeObserver(function () {
            clearTimeout(pending);
            pending = setTimeout(function () {
              var w = Math.max(240, Math.floor(container.clientWidth || 640));
              if (Math.abs(w - (container._marsadWidth || 0)) > 8) render(container, rows, outliers);
            }, 150);
          }).observe(container);
        }
      })
      .catch(function (err) {
        container.textContent = "";
        message(container, T.error, "error");
        container.setAttribute("data-error", "true");
        if (window.console) console.error("marsad timeline:", err);
      })
      .then(function () { container.removeAttribute("aria-busy"); });
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll(SELECTOR), initTimeline);
  }

  window.marsadTimeline = { init: initTimeline, initAll: initAll };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
