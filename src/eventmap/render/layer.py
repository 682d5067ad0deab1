"""EventLayer: one folium element that draws every event from compact column data.

Events reach the page once, as data (``tojson``: ``<``, ``>``, ``&`` and quotes are escaped, so
report text cannot close the script), column by column, repeated values dictionary-encoded. The
browser clusters them with Supercluster, makes Leaflet layers only for what is in view, and
builds a popup only when a marker is clicked, with ``document.createElement`` and
``textContent``: no report text is ever parsed as HTML, and links are only made for http(s) URLs.
Type toggles, the date-range filter, the place search, fullscreen and the legend live in the same
script (``layer_js.py``), which holds no Python values.
"""
from __future__ import annotations

import math
from datetime import date

from branca.element import CssLink, Element, Figure, JavascriptLink
from folium.elements import JSCSSMixin
from jinja2.utils import htmlsafe_json_dumps

from ..model import EVENT_FIELDS
from .assets import SUPERCLUSTER
from .layer_js import LAYER_CSS, LAYER_JS

# Okabe-Ito colours plus one shape per type: distinguishable without colour vision too.
TYPE_STYLE = {
    "Battles": ("#D55E00", "diamond"),
    "Explosions/Remote violence": ("#E69F00", "star"),
    "Violence against civilians": ("#CC79A7", "triangle"),
    "Protests": ("#0072B2", "circle"),
    "Riots": ("#56B4E9", "square"),
    "Strategic developments": ("#009E73", "hexagon"),
}
# Types outside the ACLED six (e.g. an imported GeoJSON) take these in turn.
FALLBACK_STYLES = (("#F0E442", "triangle-down"), ("#000000", "pentagon"), ("#999999", "plus"),
                   ("#0072B2", "square"), ("#D55E00", "circle"))
PRECISION_RADIUS_M = {1: 0, 2: 5000, 3: 25000}

# Columns the page needs at once (markers, search); the others are read on the first popup.
EAGER_FIELDS = ("event_type", "geo_precision", "claim_status", "location", "place_name")
# Properties that the popup shows (everything but the coordinates, which travel as lat/lon).
POPUP_FIELDS = tuple(f for f in EVENT_FIELDS if f not in ("latitude", "longitude"))
_EPOCH = date(1970, 1, 1).toordinal()

def script_tag(js: str) -> str:
    """``<script>`` with ``js``: "</" and "<!--" (which could end or confuse the element) made inert."""
    return "<script>" + js.replace("</", "<\\/").replace("<!--", "<\\!--") + "</script>"


class RawHTML(Element):
    """Page text added as it is (branca's ``Element`` would compile megabytes of it as a Jinja template)."""

    def __init__(self, html: str):
        super().__init__("")
        self._name = "RawHTML"
        self.html = html

    def render(self, **kwargs):
        return self.html


def _day(value) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10]).toordinal() - _EPOCH
    except ValueError:
        return None


def _point(feature: dict) -> tuple[float, float] | None:
    geom = feature.get("geometry") or {}
    if geom.get("type") != "Point":
        return None
    try:
        lon, lat = (float(c) for c in geom["coordinates"][:2])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


_IDX_CHARS = "".join(chr(c) for c in range(35, 127) if chr(c) not in '\\<>&')  # one char per index


def _column(values: list) -> dict:
    """The column's compact form: ``{"c": value}`` (constant), ``{"v": uniques, "s": one char per
    index}`` or ``{"v": uniques, "i": indexes}`` when values repeat, else ``{"r": values}``."""
    index: dict = {}
    limit = len(values) // 2 + 1
    idx = []
    for v in values:
        try:
            j = index.get(v)
        except TypeError:  # a list or object value: kept as it is
            return {"r": values}
        if j is None:
            if len(index) >= limit:
                return {"r": values}
            j = index[v] = len(index)
        idx.append(j)
    uniques = list(index)
    if len(uniques) <= 1:
        return {"c": uniques[0] if uniques else None}
    if len(uniques) <= len(_IDX_CHARS):
        return {"v": uniques, "s": "".join([_IDX_CHARS[j] for j in idx])}
    return {"v": uniques, "i": idx}


def encode_events(geojson: dict) -> dict:
    """The compact column form of a FeatureCollection of event features that the page reads."""
    feats = []
    unmapped = 0
    for f in geojson.get("features") or ():
        pt = _point(f)
        if pt is None:
            unmapped += 1
        else:
            feats.append((pt, f.get("properties") or {}))
    n = len(feats)
    lat = [round(pt[0], 5) for pt, _ in feats]
    lon = [round(pt[1], 5) for pt, _ in feats]
    d0 = [_day(p.get("event_date")) for _, p in feats]
    d1 = [_day(p.get("event_date_end")) for _, p in feats]
    cols = {}
    for k in POPUP_FIELDS:
        if k == "event_date":  # the page derives it from d0
            continue
        values = [p.get(k) for _, p in feats]
        if k == "geo_precision":
            values = [v if v in (1, 2, 3) else 1 for v in values]
        cols[k] = _column(values)
    types = list(dict.fromkeys(cols_values := [str(p.get("event_type") or "Unknown") for _, p in feats]))
    pos = {v: j for j, v in enumerate(types)}
    cols["event_type"] = {"v": types, "i": [pos[v] for v in cols_values]}  # the page indexes types directly
    days = [d for d in d0 + d1 if d is not None]
    return {
        "n": n, "unmapped": unmapped, "lat": lat, "lon": lon, "d0": d0, "d1": d1, "cols": cols,
        "range": [min(days), max(days)] if days else None,
        "bounds": [[min(lat), min(lon)], [max(lat), max(lon)]] if n else None,
    }


class EventLayer(JSCSSMixin):
    """All events of a map, drawn client-side from one embedded data object.

    ``bases`` lists ``(label, folium variable name)`` of the base tile layers offered in the
    layers control (the first one is the one shown).
    """

    default_js = [("supercluster", SUPERCLUSTER.cdn_url("dist/supercluster.min.js"))]
    default_css: list = []

    def __init__(self, geojson: dict, title: str = "eventmap", bases: list[tuple[str, str]] | None = None):
        super().__init__()
        self._name = "EventLayer"
        data = encode_events(geojson)
        self.popup_columns = {k: v for k, v in data["cols"].items() if k not in EAGER_FIELDS}
        data["cols"] = {k: v for k, v in data["cols"].items() if k in EAGER_FIELDS}
        data["lazy"] = self.get_name() + "_popups"
        self.data = data
        self.title = title
        self.bases = list(bases or [])
        self.css = LAYER_CSS
        self.config = {
            "title": title,
            "styles": {k: list(v) for k, v in TYPE_STYLE.items()},
            "fallback": [list(v) for v in FALLBACK_STYLES],
            "radius": PRECISION_RADIUS_M,
            "idxChars": _IDX_CHARS,
        }

    def script(self) -> str:
        """The call that draws the layer; every Python value passes through ``tojson``'s escaping."""
        bases = ", ".join(f"{tojson(label)}: {var}" for label, var in self.bases)
        return (f"eventmapLayer({self._parent.get_name()}, {tojson(self.data)}, {tojson(self.config)}, "
                f"{{{bases}}});")

    def render(self, **kwargs):
        figure = self.get_root()
        if not isinstance(figure, Figure):  # folium always renders inside a Figure
            raise TypeError("EventLayer must be added to a folium.Map")
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        figure.header.add_child(RawHTML(f"<style>{LAYER_CSS}</style>"), name="eventmap_layer_css")
        figure.header.add_child(RawHTML(script_tag(LAYER_JS)), name="eventmap_layer_js")
        # The popup-only columns: a JSON data block, parsed by the page on the first popup or search,
        # not while the map first draws.
        figure.html.add_child(RawHTML(f'<script type="application/json" id="{self.get_name()}_popups">'
                                      f"{tojson(self.popup_columns)}</script>"), name=self.get_name() + "_popups")
        figure.script.add_child(RawHTML(self.script()), name=self.get_name())


def tojson(value) -> str:
    """Jinja's ``tojson``: JSON with ``<``, ``>``, ``&`` and ``'`` escaped, safe inside a script element."""
    return str(htmlsafe_json_dumps(value, ensure_ascii=False, allow_nan=False))
