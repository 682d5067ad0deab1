"""The browser side of :class:`eventmap.render.layer.EventLayer`: static JS and CSS, no Python values.

``eventmapLayer(map, data, config, bases)`` builds everything from the compact column data:
a Supercluster index (k-d trees, built in a fraction of a second for 100,000 points) clusters
the shown events and only the clusters and markers in view become Leaflet layers (an ``L.Marker``
is made when an event is first drawn); icons are shared per (type, disputed, precision); popups are
built on click with ``createElement``/``textContent`` only; the uncertainty ring of a geo precision
2/3 event is a ``L.circle`` created only while its marker is shown. Type toggles (layers control),
the date range and the place search all filter the same marker set.
"""

LAYER_CSS = r"""
.em-popup { font: 13px/1.35 system-ui, sans-serif; }
.em-title { font-weight: 600; margin-bottom: 4px; }
.em-label { color: #555; }
.em-quote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #999; font-style: italic; }
.em-box { background: #fff; padding: 6px 8px; font: 12px/1.4 system-ui, sans-serif;
          border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.em-legend .em-row, .em-type { white-space: nowrap; }
.em-swatch { display: inline-block; width: 18px; height: 18px; margin-right: 5px; vertical-align: middle; }
.em-swatch svg { width: 18px; height: 18px; display: block; }
.em-marker { background: none; border: none; }
.em-time input[type=date] { font: inherit; width: 9.5em; }
.em-time label { display: block; }
.em-time button, .em-search button { font: inherit; margin-top: 3px; cursor: pointer; }
.em-search input { font: inherit; width: 14em; }
.em-results button { display: block; width: 100%; text-align: left; border: 0; background: none;
                     padding: 1px 2px; }
.em-results button:hover { background: #eee; }
.em-fullscreen a { cursor: pointer; }
.em-fullscreen svg { width: 16px; height: 16px; margin: 7px; display: block; }
.leaflet-container.em-nomap { background: #dde3e8; }
.marker-cluster { background-clip: padding-box; border-radius: 20px; }
.marker-cluster div { width: 30px; height: 30px; margin-left: 5px; margin-top: 5px; text-align: center;
                      border-radius: 15px; font: 12px system-ui, sans-serif; }
.marker-cluster span { line-height: 30px; }
.marker-cluster-small { background-color: rgba(181, 226, 140, 0.6); }
.marker-cluster-small div { background-color: rgba(110, 204, 57, 0.6); }
.marker-cluster-medium { background-color: rgba(241, 211, 87, 0.6); }
.marker-cluster-medium div { background-color: rgba(240, 194, 12, 0.6); }
.marker-cluster-large { background-color: rgba(253, 156, 115, 0.6); }
.marker-cluster-large div { background-color: rgba(241, 128, 23, 0.6); }
"""

LAYER_JS = r"""
window.eventmapLayer = function (map, D, C, bases) {
  "use strict";
  if (map.getMaxZoom() === Infinity) { map.setMaxZoom(19); }  // no tile layer: clustering needs a bound
  var n = D.n, cols = D.cols, lat = D.lat, lon = D.lon, d0 = D.d0, d1 = D.d1;
  var shown = [], countEl = null, state = {total: n, unmapped: D.unmapped, shown: 0, ready: false};
  var IDX = [];
  for (var q = 0; q < C.idxChars.length; q++) { IDX[C.idxChars.charCodeAt(q)] = q; }
  function get(k, i) {
    if (k === "event_date") { return d0[i] === null ? null : iso(d0[i]); }
    var c = cols[k];
    if (!c && D.lazy) {  // the popup columns: parsed once, when first needed
      var extra = JSON.parse(document.getElementById(D.lazy).textContent);
      Object.keys(extra).forEach(function (key) { cols[key] = extra[key]; });
      D.lazy = null;
      c = cols[k];
    }
    if (!c) { return null; }
    if (c.r) { return c.r[i]; }
    if (c.s) { return c.v[IDX[c.s.charCodeAt(i)]]; }
    if (c.i) { return c.v[c.i[i]]; }
    return c.c;
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function iso(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function dayOf(s) { var t = Date.parse(s); return isNaN(t) ? null : Math.floor(t / 86400000); }
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var types = cols.event_type.v, tIdx = cols.event_type.i;
  var style = types.map(function (t, j) {
    return C.styles[t] || C.fallback[j % C.fallback.length];
  });
  var SHAPES = {
    circle: '<circle cx="9" cy="9" r="6.5"/>',
    square: '<rect x="3" y="3" width="12" height="12"/>',
    triangle: '<path d="M9 2 L16.5 15.5 L1.5 15.5 Z"/>',
    "triangle-down": '<path d="M9 16 L16.5 2.5 L1.5 2.5 Z"/>',
    diamond: '<path d="M9 1.5 L16.5 9 L9 16.5 L1.5 9 Z"/>',
    star: '<path d="M9 1.2 L11.2 6.4 L16.8 6.8 L12.5 10.4 L13.9 16 L9 13 L4.1 16 L5.5 10.4 L1.2 6.8 L6.8 6.4 Z"/>',
    hexagon: '<path d="M5 2 L13 2 L17 9 L13 16 L5 16 L1 9 Z"/>',
    pentagon: '<path d="M9 1.5 L16.5 7 L13.6 16 L4.4 16 L1.5 7 Z"/>',
    plus: '<path d="M6 1.5 H12 V6 H16.5 V12 H12 V16.5 H6 V12 H1.5 V6 H6 Z"/>'
  };
  function svg(colour, shape, disputed, prec) {
    var stroke = disputed ? 'stroke="#000" stroke-width="1.8" stroke-dasharray="2.2 1.6"'
                          : 'stroke="#fff" stroke-width="1.2"';
    var ring = prec > 1 ? '<circle cx="11" cy="11" r="10" fill="none" stroke="' + colour +
      '" stroke-width="1.3" stroke-dasharray="' + (prec > 2 ? "1.5 1.5" : "3 2") + '"/>' : "";
    return '<svg xmlns="http://www.w3.org/2000/svg" width="22" height="22" viewBox="0 0 22 22">' + ring +
      '<g transform="translate(2 2)" fill="' + colour + '" fill-opacity="' + (disputed ? 0.35 : 0.92) +
      '" ' + stroke + '>' + (SHAPES[shape] || SHAPES.circle) + '</g></svg>';
  }
  var icons = {};
  function icon(ti, disputed, prec) {
    var key = ti + ":" + (disputed ? 1 : 0) + ":" + prec;
    if (!icons[key]) {
      icons[key] = L.divIcon({className: "em-marker", html: svg(style[ti][0], style[ti][1], disputed, prec),
                              iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -8]});
    }
    return icons[key];
  }
  function swatch(ti, disputed, prec) {
    var s = el("span", null, "em-swatch");
    s.innerHTML = svg(style[ti][0], style[ti][1], disputed, prec);  // fixed markup, no report text
    return s;
  }

  // --- markers: one per mapped event, uncertainty ring only while shown ------------------------
  var rings = L.layerGroup().addTo(map);
  var EMarker = L.Marker.extend({
    onAdd: function (m) {
      L.Marker.prototype.onAdd.call(this, m);
      var r = C.radius[this.prec];
      if (r && !this._ring) {
        this._ring = L.circle(this._latlng, {radius: r, color: style[tIdx[this.i]][0], weight: 1,
                                             dashArray: "4 4", fill: false, interactive: false});
        rings.addLayer(this._ring);
      }
      return this;
    },
    onRemove: function (m) {
      if (this._ring) { rings.removeLayer(this._ring); this._ring = null; }
      return L.Marker.prototype.onRemove.call(this, m);
    }
  });
  var markers = new Array(n);  // created when first drawn
  function marker(i) {
    if (!markers[i]) {
      var cs = get("claim_status", i), p = get("geo_precision", i) || 1;
      var m = new EMarker([lat[i], lon[i]], {icon: icon(tIdx[i], cs === "disputed" || cs === "denied", p),
                                             keyboard: false});
      m.i = i; m.prec = p;
      markers[i] = m;
    }
    return markers[i];
  }
  // Clustering: a Supercluster index (a k-d tree per zoom) of the shown events; only the clusters and
  // markers inside the view exist as Leaflet layers, redrawn on every move.
  var MAXZ = map.getMaxZoom();
  var CLUSTERZ = Math.min(MAXZ - 1, 16);  // above it every event is its own marker (and the index builds faster)
  var index = null, drawn = L.featureGroup().addTo(map), clusterIcons = {};
  function clusterIcon(count) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var label = count < 10000 ? String(count) : Math.round(count / 1000) + "k";
    return L.divIcon({html: "<div><span>" + label + "</span></div>", className: "marker-cluster marker-cluster-" + size,
                      iconSize: L.point(40, 40)});
  }
  function draw() {
    drawn.clearLayers();
    if (!index) { return; }
    var b = map.getBounds().pad(0.2), w = b.getWest(), e = b.getEast();
    if (e - w >= 360) { w = -180; e = 180; }
    w = ((w + 180) % 360 + 360) % 360 - 180; e = ((e + 180) % 360 + 360) % 360 - 180;
    var z = Math.round(map.getZoom());
    index.getClusters([w, Math.max(b.getSouth(), -90), e, Math.min(b.getNorth(), 90)], z).forEach(function (f) {
      var c = f.geometry.coordinates, pr = f.properties;
      if (pr.cluster) {
        var cm = L.marker([c[1], c[0]], {icon: clusterIcon(pr.point_count), keyboard: false});
        cm.clusterId = pr.cluster_id; cm.count = pr.point_count;
        drawn.addLayer(cm);
      } else {
        drawn.addLayer(marker(pr.i));
      }
    });
  }
  map.on("moveend", draw);

  // --- popups, built on click --------------------------------------------------------------------
  var PREC = {1: "the place itself", 2: "near or part of the place", 3: "region only"};
  var TPREC = {1: "day", 2: "within a week", 3: "within a month"};
  function row(box, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var r = el("div", null, "em-row");
    r.appendChild(el("span", label + ": ", "em-label"));
    r.appendChild(el("span", value));
    box.appendChild(r);
  }
  function popup(i) {
    var g = function (k) { return get(k, i); };
    var box = el("div", null, "em-popup");
    box.appendChild(el("div", g("event_type") + (g("sub_event_type") ? " / " + g("sub_event_type") : ""),
                       "em-title"));
    var date = (g("event_date") || "undated") + (g("event_date_end") ? " to " + g("event_date_end") : "");
    var how = [TPREC[g("time_precision")] || null, g("date_method")].filter(Boolean).join(", ");
    row(box, "Date", date + (how ? " (" + how + ")" : ""));
    row(box, "Actors", [g("actor1"), g("actor2")].filter(Boolean).join(" vs "));
    row(box, "Place as written", g("location"));
    var resolved = [g("place_name"), g("admin1"), g("country_code")].filter(Boolean).join(", ");
    row(box, "Resolved to", resolved + (g("place_id") ? " [" + g("place_id") + "]" : ""));
    var gp = g("geo_precision");
    row(box, "Geo precision", gp + " – " + (PREC[gp] || "?") +
        (C.radius[gp] ? " (circle: " + (C.radius[gp] / 1000) + " km)" : ""));
    row(box, "Claim", (g("claimed_by") || "unattributed") + " – " + (g("claim_status") || "reported"));
    row(box, "Fatalities", g("fatalities"));
    box.appendChild(el("blockquote", g("notes"), "em-quote"));
    var src = g("source") || g("document_id");
    var url = g("source_url");
    if (url && /^https?:\/\//i.test(url)) {
      var a = el("a", src || url);
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      var s = el("div", null, "em-row");
      s.appendChild(el("span", "Source: ", "em-label")); s.appendChild(a); box.appendChild(s);
    } else {
      row(box, "Source", src);
    }
    row(box, "Published", g("published"));
    row(box, "Event", g("event_id") + (g("confidence") !== null ? " (confidence " + g("confidence") + ")" : ""));
    return box;
  }
  function openPopup(latlng, list) {
    var box;
    if (list.length === 1) { box = popup(list[0]); } else {
      box = el("div", null, "em-popups");
      box.appendChild(el("div", list.length + " events at this place", "em-title"));
      list.slice(0, 20).forEach(function (i) { box.appendChild(popup(i)); box.appendChild(el("hr")); });
      if (list.length > 20) { box.appendChild(el("div", "… and " + (list.length - 20) + " more")); }
    }
    L.popup({maxWidth: 380, maxHeight: 420, offset: [0, -6]}).setLatLng(latlng).setContent(box).openOn(map);
  }
  drawn.on("click", function (e) {
    var m = e.layer;
    if (m.i !== undefined) {  // with every other shown event at the very same point
      var same = shown.filter(function (j) { return lat[j] === lat[m.i] && lon[j] === lon[m.i]; });
      openPopup(m.getLatLng(), same.length ? same : [m.i]);
      return;
    }
    map.setView(m.getLatLng(), Math.min(index.getClusterExpansionZoom(m.clusterId), MAXZ));
  });

  // --- filter state: types x date range (x search zoom) ----------------------------------------
  var typeOn = types.map(function () { return true; });
  var lo = D.range ? D.range[0] : null, hi = D.range ? D.range[1] : null;
  var from = lo, to = hi;
  function wholePeriod() { return (from === null || from <= lo) && (to === null || to >= hi); }
  function visible(i) {
    if (!typeOn[tIdx[i]]) { return false; }
    if (wholePeriod()) { return true; }
    if (d0[i] === null) { return false; }
    var end = d1[i] === null ? d0[i] : d1[i];
    return (from === null || end >= from) && (to === null || d0[i] <= to);
  }
  function report() {
    if (!countEl) { return; }
    countEl.textContent = shown.length + " of " + n + " events shown" +
      (D.unmapped ? " (" + D.unmapped + " without coordinates)" : "");
  }
  function apply() {
    shown = [];
    for (var i = 0; i < n; i++) { if (visible(i)) { shown.push(i); } }
    state.shown = shown.length;
    map.closePopup();
    index = new Supercluster({radius: 50, maxZoom: CLUSTERZ, minPoints: 2});
    index.load(shown.map(function (i) {
      return {type: "Feature", properties: {i: i}, geometry: {type: "Point", coordinates: [lon[i], lat[i]]}};
    }));
    draw();
    state.ready = true;
    map.getContainer().setAttribute("data-em-ready", "1");
    report();
  }

  // --- layers control: base layers + one toggle per event type ---------------------------------
  var control = L.control.layers(null, null, {collapsed: false, position: "topright"});
  var names = Object.keys(bases);
  names.forEach(function (b) { control.addBaseLayer(bases[b], b); });
  var toggles = types.map(function (t, j) {
    var g = L.layerGroup(); g.emType = j; g.addTo(map);
    var count = 0;
    for (var i = 0; i < n; i++) { if (tIdx[i] === j) { count++; } }
    var label = el("span", null, "em-type");
    label.appendChild(swatch(j, false, 1));
    label.appendChild(el("span", t + " (" + count + ")"));
    control.addOverlay(g, label.outerHTML);  // outerHTML of a text node: escaped
    return g;
  });
  control.addTo(map);
  map.on("overlayadd overlayremove", function (e) {
    if (e.layer && e.layer.emType !== undefined) { typeOn[e.layer.emType] = e.type === "overlayadd"; apply(); }
  });

  // --- time filter ----------------------------------------------------------------------------
  var time = L.control({position: "topright"});
  time.onAdd = function () {
    var box = el("div", null, "em-box em-time");
    box.appendChild(el("div", "Event dates", "em-title"));
    function input(label, cls) {
      var l = el("label", label);
      var inp = el("input", null, cls); inp.type = "date";
      if (lo !== null) { inp.min = iso(lo); inp.max = iso(hi); }
      l.appendChild(inp); box.appendChild(l);
      return inp;
    }
    var f = input("from ", "em-from"), t = input("to ", "em-to");
    function sync() { f.value = from === null ? "" : iso(from); t.value = to === null ? "" : iso(to); }
    function changed() { from = f.value ? dayOf(f.value) : lo; to = t.value ? dayOf(t.value) : hi; apply(); }
    f.addEventListener("change", changed); t.addEventListener("change", changed);
    var reset = el("button", "whole period", "em-reset"); reset.type = "button";
    reset.addEventListener("click", function () { from = lo; to = hi; sync(); apply(); });
    box.appendChild(reset);
    countEl = el("div", "", "em-count"); box.appendChild(countEl);
    sync();
    L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  time.addTo(map);

  // --- search by place name -------------------------------------------------------------------
  var keys = null;
  var search = L.control({position: "topleft"});
  search.onAdd = function () {
    var box = el("div", null, "em-box em-search");
    var inp = el("input", null, "em-query"); inp.type = "search"; inp.placeholder = "Search place…";
    inp.setAttribute("aria-label", "Search place");
    var out = el("div", null, "em-results");
    box.appendChild(inp); box.appendChild(out);
    var timer = null;
    function matches(q) {
      if (!keys) {
        keys = new Array(n);
        for (var i = 0; i < n; i++) { keys[i] = fold(get("location", i)) + "\u0001" + fold(get("place_name", i)); }
      }
      var hits = {}, order = [];
      shown.forEach(function (i) {
        if (keys[i].indexOf(q) >= 0) {
          var name = get("place_name", i) || get("location", i);
          if (!hits[name]) { hits[name] = []; order.push(name); }
          hits[name].push(i);
        }
      });
      return {hits: hits, order: order};
    }
    function go(ms) {
      if (!ms.length) { return; }
      var b = L.latLngBounds(ms.map(function (i) { return [lat[i], lon[i]]; }));
      map.fitBounds(b, {padding: [40, 40], maxZoom: 13});
      if (b.getNorthEast().equals(b.getSouthWest())) { openPopup(b.getCenter(), ms); }
    }
    var last = null;
    function run() {
      var q = fold(inp.value.trim());
      out.textContent = "";
      last = null;
      if (!q) { return; }
      var r = matches(q);
      last = r;
      if (!r.order.length) { out.appendChild(el("div", "no place matches")); return; }
      r.order.slice(0, 8).forEach(function (name) {
        var b = el("button", name + " (" + r.hits[name].length + ")"); b.type = "button";
        b.addEventListener("click", function () { go(r.hits[name]); });
        out.appendChild(b);
      });
      if (r.order.length > 8) { out.appendChild(el("div", "… " + (r.order.length - 8) + " more places")); }
    }
    inp.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    inp.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        run();
        var all = [];
        if (last) { last.order.forEach(function (k) { all = all.concat(last.hits[k]); }); }
        go(all);
      }
    });
    L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  search.addTo(map);

  // --- fullscreen (the Fullscreen API; no plugin) ------------------------------------------------
  var container = map.getContainer();
  if (container.requestFullscreen) {
    var fs = L.control({position: "topleft"});
    fs.onAdd = function () {
      var box = el("div", null, "leaflet-bar em-fullscreen");
      var a = el("a"); a.href = "#";
      a.innerHTML = '<svg viewBox="0 0 16 16" fill="none" stroke="#333" stroke-width="2">' +
        '<path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5"/></svg>';  // fixed markup a.title = "Full screen"; a.setAttribute("role", "button");
      a.addEventListener("click", function (e) {
        e.preventDefault();
        if (document.fullscreenElement) { document.exitFullscreen(); } else { container.requestFullscreen(); }
      });
      box.appendChild(a);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    fs.addTo(map);
    document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
  }

  // --- legend -----------------------------------------------------------------------------------
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var box = el("div", null, "em-box em-legend");
    box.appendChild(el("div", C.title, "em-title"));
    types.forEach(function (t, j) {
      var r = el("div", null, "em-row"); r.appendChild(swatch(j, false, 1)); r.appendChild(el("span", t));
      box.appendChild(r);
    });
    function extra(disputed, p, text) {
      var r = el("div", null, "em-row");
      var s = el("span", null, "em-swatch");
      s.innerHTML = svg("#777777", "circle", disputed, p);
      r.appendChild(s); r.appendChild(el("span", text)); box.appendChild(r);
    }
    extra(true, 1, "disputed / denied claim (dashed, pale)");
    extra(false, 2, "near / part of a place (ring: ~" + C.radius[2] / 1000 + " km)");
    extra(false, 3, "region only (dotted ring: ~" + C.radius[3] / 1000 + " km)");
    var c = el("div", null, "em-row");
    c.appendChild(el("span", "numbered circles: clusters of events, click to zoom in"));
    box.appendChild(c);
    return box;
  };
  legend.addTo(map);

  if (!names.length) { L.DomUtil.addClass(container, "em-nomap"); }
  if (D.bounds) { map.fitBounds(D.bounds, {padding: [30, 30], maxZoom: 11}); }
  apply();
  state.map = map; state.markers = markers;
  // For tests and scripts: show event i at full zoom and tag what to click (its marker or its cluster).
  state.reveal = function (i) {
    return new Promise(function (ok) {
      map.once("moveend", function () {
        var target = null;
        drawn.eachLayer(function (l) {
          if (l.i === i) { target = l; }
          if (!target && l.clusterId !== undefined && index.getLeaves(l.clusterId, Infinity).some(
              function (f) { return f.properties.i === i; })) { target = l; }
        });
        if (target && target._icon) { target._icon.id = "em-target"; }
        ok(!!target);
      });
      map.setView([lat[i], lon[i]], MAXZ, {animate: false});
    });
  };
  state.setRange = function (a, b) { from = a === null ? lo : dayOf(a); to = b === null ? hi : dayOf(b); apply(); };
  (window.eventmapState = window.eventmapState || []).push(state);
  return state;
};
"""
