"""eventmap: conflict reporting in, dated, typed, sourced event maps out.

The public API (the ``eventmap`` command is a thin shell over it)::

    from datetime import date
    import eventmap

    g = eventmap.Gazetteer()
    docs = eventmap.read_documents(["report.txt"], published=date(2020, 11, 10))
    events = eventmap.extract(docs, g)
    eventmap.export(events, "events.geojson")
    eventmap.render_map(events)            # a folium.Map, also in a notebook

Names are imported on first use, so ``eventmap gazetteer lookup`` starts without loading the
map and event stages.
"""
from __future__ import annotations

import importlib

from . import _compiled

__version__ = "0.1.0"
_compiled.install()   # edited sources run as written, never an older compiled build of them

_EXPORTS = {
    "Candidate": "model", "Document": "model", "Event": "model", "Mention": "model", "Place": "model",
    "EventmapError": "errors", "InputError": "errors", "GazetteerError": "errors",
    "ConfigurationError": "errors", "ExportError": "errors",
    "Gazetteer": "gazetteer", "fold": "gazetteer",
    "geoparse": "geoparse",
    "extract_events": "events",
    "read_documents": "sources",
    "export": "export", "to_geojson": "export", "to_geodataframe": "export",
    "render_map": "render", "save_map": "render",
    "extract": "pipeline", "map_reports": "pipeline", "process_document": "pipeline",
}
__all__ = [*sorted(_EXPORTS), "__version__"]  # noqa: PLE0604


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'eventmap' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
