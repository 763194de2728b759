/* marsad — maps of places mentioned in the news.
 *
 * For each `#map[data-src]` (or `.marsad-map[data-src]`) element: a Leaflet map with no tile
 * layer (no network but this server), the world's country outlines as a light base layer, and
 * one circle per place from the GeoJSON FeatureCollection at `data-src`, its area proportional
 * to the number of mentions. Clicking a circle (or Enter on it) opens a popup with the Arabic
 * name, the Latin name, the counts and a link to the place's page.
 *
 * Data is never put into the page as HTML: popups and messages are built from DOM nodes and
 * textContent. When the map is drawn the container gets `data-ready="true"` and
 * `data-count="<number of places>"`; when loading fails it gets `data-error="true"`.
 *
 * Plain ES2017, no build step; needs /static/vendor/leaflet/leaflet.js loaded first.
 */
(function () {
  "use strict";

  var SELECTOR = "#map[data-src], .marsad-map[data-src]";
  var STATIC_BASE = (function () {
    var script = document.currentScript;
    try {
      if (script && script.src) return new URL(".", script.src).href;
    } catch (e) { /* fall through */ }
    return "/static/";
  })();
  var WORLD_URL = STATIC_BASE + "vendor/world/countries-110m.geojson";
  var WORLD_VIEW = { center: [24, 20], zoom: 2 };
  var RADIUS_MIN = 4;
  var RADIUS_MAX = 24;
  var RADIUS_PER_SQRT = 3; /* px per sqrt(mention) while the largest fits under RADIUS_MAX */
  var T = {
    empty: "لا توجد أماكن",
    error: "تعذّر تحميل الأماكن",
    noLeaflet: "تعذّر تحميل مكتبة الخرائط",
    mentions: "الإشارات",
    articles: "المقالات",
    open: "صفحة المكان",
    label: "خريطة الأماكن المذكورة",
  };

  var worldPromise = null;

  function loadWorld() {
    if (!worldPromise) {
      worldPromise = fetch(WORLD_URL, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return worldPromise;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* Only http(s) links, same origin or absolute; anything else (javascript:, data:) is dropped. */
  function safeHref(url) {
    if (typeof url !== "string" || !url) return null;
    try {
      var u = new URL(url, location.href);
      if (u.protocol !== "http:" && u.protocol !== "https:") return null;
      return u.origin === location.origin ? u.pathname + u.search + u.hash : u.href;
    } catch (e) {
      return null;
    }
  }

  function count(n) {
    var x = Number(n);
    return isFinite(x) && x > 0 ? x : 0;
  }

  var numberFormat = (function () {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || "ar");
    } catch (e) {
      return { format: String };
    }
  })();

  function popupContent(p) {
    var box = el("div", { class: "map-popup", dir: "rtl", lang: "ar" });
    box.style.textAlign = "right";
    box.appendChild(el("strong", { class: "map-popup-name" }, p.name || p.latin || "؟"));
    if (p.latin && p.latin !== p.name) {
      box.appendChild(el("div", { class: "map-popup-latin", dir: "ltr", lang: "en" }, p.latin));
    }
    var stats = T.mentions + ": " + numberFormat.format(count(p.mentions));
    if (p.articles !== undefined && p.articles !== null) {
      stats += " · " + T.articles + ": " + numberFormat.format(count(p.articles));
    }
    box.appendChild(el("div", { class: "map-popup-stats" }, stats));
    var href = safeHref(p.url);
    if (href) {
      var link = el("a", { class: "map-popup-link", href: href }, T.open);
      box.appendChild(el("div", null)).appendChild(link);
    }
    return box;
  }

  function showMessage(container, text, kind) {
    var old = container.querySelector(".map-message");
    if (old) old.remove();
    var msg = el("div", {
      class: "map-message map-message-" + kind,
      dir: "rtl",
      lang: "ar",
      role: "status",
    }, text);
    msg.style.cssText = "position:absolute;top:50%;left:50%;transform:translate(-50%,-50%);" +
      "z-index:1000;background:rgba(255,255,255,.92);padding:.6em 1.2em;border-radius:6px;" +
      "box-shadow:0 1px 4px rgba(0,0,0,.25);font-size:1.1em;pointer-events:none;";
    container.appendChild(msg);
  }

  function validPoints(data) {
    var feats = data && Array.isArray(data.features) ? data.features : [];
    return feats.filter(function (f) {
      var g = f && f.geometry;
      if (!g || g.type !== "Point" || !Array.isArray(g.coordinates)) return false;
      var lon = Number(g.coordinates[0]);
      var lat = Number(g.coordinates[1]);
      return isFinite(lon) && isFinite(lat) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    });
  }

  function drawWorld(map, world) {
    if (!world) return;
    L.geoJSON(world, {
      pane: "marsad-base",
      interactive: false,
      attribution: "Natural Earth",
      style: { color: "#a7b0ba", weight: 0.7, fillColor: "#f6f3ea", fillOpacity: 1 },
    }).addTo(map);
  }

  function drawPlaces(map, container, features) {
    var max = features.reduce(function (m, f) { return Math.max(m, count(f.properties && f.properties.mentions)); }, 0);
    /* Area proportional to mentions: r = min + k * sqrt(mentions), k shrunk when the largest would not fit. */
    var k = max > 0 ? Math.min(RADIUS_PER_SQRT, (RADIUS_MAX - RADIUS_MIN) / Math.sqrt(max)) : 0;
    /* Big circles first, so that small ones stay on top and clickable. */
    var sorted = features.slice().sort(function (a, b) {
      return count(b.properties && b.properties.mentions) - count(a.properties && a.properties.mentions);
    });
    var bounds = L.latLngBounds([]);
    sorted.forEach(function (f) {
      var p = f.properties || {};
      var latlng = L.latLng(Number(f.geometry.coordinates[1]), Number(f.geometry.coordinates[0]));
      var r = RADIUS_MIN + k * Math.sqrt(count(p.mentions));
      var marker = L.circleMarker(latlng, {
        radius: r,
        color: "#8c2d04",
        weight: 1,
        fillColor: "#e6550d",
        fillOpacity: 0.55,
        className: "marsad-place",
      });
      var tip = el("span", { dir: "rtl", lang: "ar" }, p.name || p.latin || "");
      marker.bindTooltip(tip, { direction: "top", offset: [0, -r] });
      marker.bindPopup(function () { return popupContent(p); }, { autoPanPadding: [20, 20], offset: [0, 7 - r] });
      marker.on("popupopen", function () { marker.closeTooltip(); });
      marker.addTo(map);
      var path = marker.getElement && marker.getElement();
      if (path) {
        path.setAttribute("tabindex", "0");
        path.setAttribute("role", "button");
        path.setAttribute("aria-label", (p.name || p.latin || "") + " — " + T.mentions + " " + count(p.mentions));
        if (p.id !== undefined && p.id !== null) path.setAttribute("data-id", String(p.id));
        path.addEventListener("keydown", function (ev) {
          if (ev.key === "Enter" || ev.key === " ") {
            ev.preventDefault();
            marker.openPopup();
          }
        });
      }
      bounds.extend(latlng);
    });
    return bounds;
  }

  function initMap(container) {
    if (container.getAttribute("data-map-init")) return;
    container.setAttribute("data-map-init", "1");
    container.removeAttribute("data-ready");
    container.removeAttribute("data-error");
    /* Leaflet lays out its panes and controls for left-to-right. */
    container.setAttribute("dir", "ltr");
    container.setAttribute("role", "region");
    if (!container.getAttribute("aria-label")) container.setAttribute("aria-label", T.label);
    if (container.clientHeight < 50) container.style.height = "420px";
    if (!container.style.position) container.style.position = "relative";

    if (typeof L === "undefined") {
      showMessage(container, T.noLeaflet, "error");
      container.setAttribute("data-error", "true");
      return;
    }

    var map = L.map(container, {
      center: WORLD_VIEW.center,
      zoom: WORLD_VIEW.zoom,
      minZoom: 1,
      maxZoom: 10,
      zoomSnap: 0.5,
      worldCopyJump: false,
      maxBounds: [[-90, -200], [90, 200]],
      maxBoundsViscosity: 0.8,
    });
    map.createPane("marsad-base").style.zIndex = 250;
    /* The sea: the page's own background for the map, or a light blue instead of Leaflet's grey. */
    if (getComputedStyle(container).backgroundColor === "rgb(221, 221, 221)") container.style.background = "#dce8f0";
    container._marsadMap = map;

    var src = container.getAttribute("data-src");
    var places = fetch(src, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });

    return Promise.all([loadWorld(), places])
      .then(function (res) {
        drawWorld(map, res[0]);
        var features = validPoints(res[1]);
        var bounds = drawPlaces(map, container, features);
        if (features.length === 0) {
          map.setView(WORLD_VIEW.center, WORLD_VIEW.zoom, { animate: false });
          showMessage(container, T.empty, "empty");
        } else if (features.length === 1) {
          map.setView(bounds.getCenter(), 5, { animate: false });
        } else {
          map.fitBounds(bounds, { padding: [RADIUS_MAX + 6, RADIUS_MAX + 6], maxZoom: 6, animate: false });
        }
        container.setAttribute("data-count", String(features.length));
        container.setAttribute("data-ready", "true");
      })
      .catch(function (err) {
        loadWorld().then(function (w) { drawWorld(map, w); });
        showMessage(container, T.error, "error");
        container.setAttribute("data-error", "true");
        if (window.console) console.error("marsad map:", err);
      });
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll(SELECTOR), initMap);
  }

  window.marsadMap = { init: initMap, initAll: initAll };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
