"""The render stage: folium (Leaflet) maps of events.

``render_map`` returns a ``folium.Map`` (notebooks); ``save_map`` writes it atomically;
``render_map(..., offline=True)`` makes a self-contained page (see ``assets`` and ``offline``).
"""
from .assets import AssetError, ensure_assets
from .map import map_file, read_geojson, render_map, save_map

__all__ = ["AssetError", "ensure_assets", "map_file", "read_geojson", "render_map", "save_map"]
