"""Build the folium map of a set of events and save it atomically."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import folium

from ..export import to_geojson
from ..io import atomic_path
from ..model import Event
from .layer import EventLayer


def render_map(events: Iterable[Event] | dict, *, title: str = "eventmap") -> folium.Map:
    """A ``folium.Map`` of events (or of a GeoJSON FeatureCollection of event features)."""
    geojson = events if isinstance(events, dict) else to_geojson(events)
    fmap = folium.Map(location=[20, 0], zoom_start=2, control_scale=True, tiles="OpenStreetMap")
    EventLayer(geojson, title=title).add_to(fmap)
    return fmap


def save_map(fmap: folium.Map, path: str | Path) -> Path:
    """Write the map's HTML to ``path`` atomically."""
    with atomic_path(path) as tmp:
        fmap.save(str(tmp))
    return Path(path)
