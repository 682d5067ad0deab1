"""The render stage: folium (Leaflet) maps of events."""
from .map import render_map, save_map

__all__ = ["render_map", "save_map"]
