"""EventLayer: one folium element that draws all events from one embedded GeoJSON blob.

Events reach the page once, as data (``tojson``: ``<``, ``>``, ``&`` and quotes are escaped, so
report text cannot close the script). Markers, popups and the legend are built in the browser
with ``document.createElement`` and ``textContent``: no report text is ever parsed as HTML, and
links are only made for http(s) URLs.
"""
from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

# Okabe-Ito: distinguishable for the common forms of colour blindness.
TYPE_STYLE = {
    "Battles": ("#D55E00", "B"),
    "Explosions/Remote violence": ("#E69F00", "E"),
    "Violence against civilians": ("#CC79A7", "V"),
    "Protests": ("#0072B2", "P"),
    "Riots": ("#56B4E9", "R"),
    "Strategic developments": ("#009E73", "S"),
}
PRECISION_RADIUS_M = {1: 0, 2: 5000, 3: 25000}

_JS = r"""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var data = {{ this.data|tojson }};
  var styles = {{ this.styles|tojson }};
  var radius = {{ this.radius|tojson }};
  var PREC = {1: "the place itself", 2: "near or part of the place", 3: "region only"};
  var TPREC = {1: "day", 2: "within a week", 3: "within a month"};
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function row(box, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var r = el("div", null, "em-row");
    r.appendChild(el("span", label + ": ", "em-label"));
    r.appendChild(el("span", value));
    box.appendChild(r);
  }
  function popup(p) {
    var box = el("div", null, "em-popup");
    box.appendChild(el("div", p.event_type + " / " + p.sub_event_type, "em-title"));
    var date = p.event_date + (p.event_date_end ? " to " + p.event_date_end : "");
    row(box, "Date", date + " (" + (TPREC[p.time_precision] || "?") + ", " + p.date_method + ")");
    row(box, "Actors", [p.actor1, p.actor2].filter(Boolean).join(" vs "));
    var where = p.location + (p.place_name && p.place_name !== p.location ? " → " + p.place_name : "");
    row(box, "Place", where + (p.country_code ? " (" + p.country_code + (p.admin1 ? ", " + p.admin1 : "") + ")" : ""));
    row(box, "Precision", PREC[p.geo_precision] || p.geo_precision);
    row(box, "Claimed by", (p.claimed_by || "unattributed") + " — " + p.claim_status);
    row(box, "Fatalities", p.fatalities);
    var q = el("blockquote", p.notes, "em-quote");
    box.appendChild(q);
    var src = p.source || p.document_id;
    if (p.source_url && /^https?:\/\//i.test(p.source_url)) {
      var a = el("a", src || p.source_url);
      a.href = p.source_url; a.target = "_blank"; a.rel = "noopener noreferrer";
      var s = el("div", "Source: ", "em-row"); s.appendChild(a); box.appendChild(s);
    } else {
      row(box, "Source", src);
    }
    return box;
  }
  var groups = {};
  var all = [];
  data.features.forEach(function (f) {
    if (!f.geometry) { return; }
    var p = f.properties, c = f.geometry.coordinates;
    var st = styles[p.event_type] || ["#555555", "?"];
    if (!groups[p.event_type]) { groups[p.event_type] = L.featureGroup(); }
    var disputed = p.claim_status === "disputed" || p.claim_status === "denied";
    var m = L.circleMarker([c[1], c[0]], {
      radius: 7, color: disputed ? "#000000" : st[0], weight: disputed ? 2 : 1,
      dashArray: disputed ? "3 3" : null, fillColor: st[0], fillOpacity: disputed ? 0.25 : 0.85
    });
    m.bindPopup(function () { return popup(p); }, {maxWidth: 360});
    m.feature = f;
    m.addTo(groups[p.event_type]);
    var r = radius[p.geo_precision] || 0;
    if (r) {
      L.circle([c[1], c[0]], {radius: r, color: st[0], weight: 1, dashArray: "4 4", fill: false,
                               interactive: false}).addTo(groups[p.event_type]);
    }
    all.push([c[1], c[0]]);
  });
  var control = L.control.layers(null, null, {collapsed: false}).addTo(map);
  Object.keys(groups).sort().forEach(function (t) {
    groups[t].addTo(map);
    var label = el("span", t + " (" + groups[t].getLayers().filter(function (l) { return l.feature; }).length + ")");
    control.addOverlay(groups[t], label.outerHTML);
  });
  if (all.length) { map.fitBounds(all, {padding: [30, 30], maxZoom: 11}); }
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var box = el("div", null, "em-legend");
    box.appendChild(el("div", {{ this.title|tojson }}, "em-title"));
    Object.keys(styles).forEach(function (t) {
      var r = el("div", null, "em-row");
      var sw = el("span", null, "em-swatch"); sw.style.background = styles[t][0];
      r.appendChild(sw); r.appendChild(el("span", t)); box.appendChild(r);
    });
    var d = el("div", null, "em-row");
    var sw = el("span", null, "em-swatch em-disputed"); d.appendChild(sw);
    d.appendChild(el("span", "disputed / denied claim")); box.appendChild(d);
    var n = el("div", null, "em-row");
    var ring = el("span", null, "em-swatch em-ring"); n.appendChild(ring);
    n.appendChild(el("span", "dashed ring: location near / region only")); box.appendChild(n);
    return box;
  };
  legend.addTo(map);
})();
{% endmacro %}
{% macro header(this, kwargs) %}
<style>
  .em-popup { font: 13px/1.35 system-ui, sans-serif; }
  .em-title { font-weight: 600; margin-bottom: 4px; }
  .em-label { color: #555; }
  .em-quote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #999; font-style: italic; }
  .em-legend { background: #fff; padding: 6px 8px; font: 12px/1.4 system-ui, sans-serif;
               border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
  .em-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 6px;
               margin-right: 6px; vertical-align: middle; }
  .em-disputed { border: 2px dashed #000; background: transparent; width: 9px; height: 9px; }
  .em-ring { border: 1px dashed #333; background: transparent; }
</style>
{% endmacro %}
"""


class EventLayer(MacroElement):
    """All events of a map, drawn client-side from one GeoJSON object."""

    _template = Template(_JS)

    def __init__(self, geojson: dict, title: str = "eventmap"):
        super().__init__()
        self._name = "EventLayer"
        self.data = geojson
        self.title = title
        self.styles = {k: list(v) for k, v in TYPE_STYLE.items()}
        self.radius = PRECISION_RADIUS_M
