"""Base layers: named ``xyzservices`` providers, a tile URL of the user's own, or none at all."""
from __future__ import annotations

from urllib.parse import urlsplit

import folium
import xyzservices

from ..errors import ConfigurationError

# Offered in the layers control of an online map, the first one shown.
DEFAULT_BASES = ("OpenStreetMap.Mapnik", "Esri.WorldGrayCanvas", "Esri.WorldImagery", "OpenTopoMap")
NO_TILES = ("none", "no", "off", "")


def is_tile_url(spec: str) -> bool:
    return all(k in spec for k in ("{z}", "{x}", "{y}"))


def provider(name: str) -> xyzservices.TileProvider:
    """The ``xyzservices`` provider called ``name`` ("CartoDB.Positron", "cartodbpositron", ...)."""
    try:
        prov = xyzservices.providers.query_name(name)
    except ValueError:
        raise ConfigurationError(
            f"unknown tiles {name!r}: give 'none', a URL with {{z}}/{{x}}/{{y}}, or an xyzservices name "
            f"such as {', '.join(DEFAULT_BASES)}") from None
    if prov.requires_token():
        raise ConfigurationError(f"tiles {name!r} need an API key; give their URL with the key instead")
    return prov


def base_layers(tiles: str | list[str] | None = None, *, offline: bool = False,
                attribution: str | None = None) -> list[folium.TileLayer]:
    """The tile layers of a map: ``tiles`` is None (the defaults; no tiles when offline), "none",
    a tile URL (``{z}/{x}/{y}``), an ``xyzservices`` name, or a list of URLs/names.

    An offline page may only use a tile URL the user gives (their own tile server) or none.
    """
    if tiles is None:
        specs: list[str] = [] if offline else list(DEFAULT_BASES)
    elif isinstance(tiles, str):
        specs = [] if tiles.strip().lower() in NO_TILES else [tiles.strip()]
    else:
        specs = [t.strip() for t in tiles if t and t.strip().lower() not in NO_TILES]
    layers = []
    for k, spec in enumerate(specs):
        if is_tile_url(spec):
            host = urlsplit(spec).netloc or "local tiles"
            layer = folium.TileLayer(spec, attr=attribution or f"tiles: {host}", name=f"tiles: {host}",
                                     max_zoom=19, show=k == 0)
        elif offline:
            raise ConfigurationError(
                f"tiles {spec!r}: an offline map takes --tiles none or a tile URL of your own "
                "(e.g. http://tiles.local/{z}/{x}/{y}.png)")
        else:
            prov = provider(spec)
            layer = folium.TileLayer(prov, name=prov.name, show=k == 0)
        layers.append(layer)
    return layers
