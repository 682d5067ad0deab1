"""Build the folium map of a set of events and save it atomically."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

import folium

from ..errors import InputError
from ..export import to_geojson
from ..io import atomic_path
from ..model import Event
from .layer import EventLayer
from .offline import make_offline
from .tiles import base_layers


def read_geojson(path: str | Path) -> dict:
    """An exported ``events.geojson`` (a FeatureCollection of event features) to map again."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid GeoJSON ({exc})", path=str(path)) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        raise InputError("not a GeoJSON FeatureCollection", path=str(path))
    return data


def render_map(events: Iterable[Event] | dict, *, title: str = "eventmap", offline: bool = False,
               tiles: str | list[str] | None = None, attribution: str | None = None,
               assets_root: str | Path | None = None) -> folium.Map:
    """A ``folium.Map`` of events (or of a GeoJSON FeatureCollection of event features).

    ``tiles``: None (OpenStreetMap, Esri grey canvas and imagery, OpenTopoMap to choose from online; no
    tiles offline), ``"none"``, a tile URL with ``{z}/{x}/{y}`` (``attribution`` names its source),
    an ``xyzservices`` name, or a list of these. ``offline=True`` makes the page self-contained:
    Leaflet and its plugins are inlined from eventmap's asset cache (fetched from the npm registry
    when missing, :class:`~eventmap.render.assets.AssetError` when that fails) and no CDN is named.
    """
    geojson = events if isinstance(events, dict) else to_geojson(events)
    layers = base_layers(tiles, offline=offline, attribution=attribution)
    fmap = folium.Map(location=[20, 0], zoom_start=2, control_scale=True, tiles=None)
    for layer in layers:
        layer.add_to(fmap)
    EventLayer(geojson, title=title, bases=[(layer.layer_name, layer.get_name()) for layer in layers]).add_to(fmap)
    if offline:
        make_offline(fmap, root=Path(assets_root) if assets_root else None)
    return fmap


_ELEMENT_ID = re.compile(r"\b([a-z][a-z_]*)_([0-9a-f]{32})(?![0-9a-f])")


def stable_html(html: str) -> str:
    """Replace folium's random element ids ("map_3f2a…") by ids numbered in order of appearance,
    so the same events give a byte-identical page (scheduled jobs rewrite maps idempotently)."""
    numbers: dict[str, str] = {}

    def number(m: re.Match) -> str:
        new = numbers.setdefault(m.group(2), f"{len(numbers):032x}")
        return f"{m.group(1)}_{new}"

    return _ELEMENT_ID.sub(number, html)


def save_map(fmap: folium.Map, path: str | Path) -> Path:
    """Write the map's HTML to ``path`` atomically, with stable element ids."""
    html = stable_html(fmap.get_root().render())
    with atomic_path(path) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return Path(path)


def map_file(source: Iterable[Event] | dict | str | Path, path: str | Path, **kwargs) -> Path:
    """Render events, a FeatureCollection or an exported ``.geojson`` file to an HTML file at ``path``."""
    if isinstance(source, (str, Path)):
        source = read_geojson(source)
    return save_map(render_map(source, **kwargs), path)
