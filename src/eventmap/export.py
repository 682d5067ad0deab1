"""Exports of events: GeoJSON (RFC 7946), GeoParquet, GeoPackage and CSV, behind one registry.

Every writer is atomic. GeoJSON is written by hand (not through GeoPandas) so property order,
number formatting and feature order are stable byte for byte across runs.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .errors import unknown_choice
from .io import atomic_path, write_text
from .model import EVENT_FIELDS, Event

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sort_events(events: Iterable[Event]) -> list[Event]:
    """The stable order of every output: date, then document, sentence, id."""
    return sorted(events, key=lambda e: (e.event_date.isoformat() if e.event_date else "9999",
                                         e.document_id, e.sentence_start, e.event_id))


def to_feature(e: Event) -> dict:
    props = e.properties()
    geom = None
    if e.latitude is not None and e.longitude is not None:
        geom = {"type": "Point", "coordinates": [round(e.longitude, 6), round(e.latitude, 6)]}
    return {"type": "Feature", "id": e.event_id, "geometry": geom, "properties": props}


def to_geojson(events: Iterable[Event]) -> dict:
    """A GeoJSON FeatureCollection (RFC 7946: WGS84, [lon, lat]) in stable order."""
    return {"type": "FeatureCollection", "features": [to_feature(e) for e in sort_events(events)]}


def write_geojson(events: Iterable[Event], path: str | Path) -> Path:
    text = json.dumps(to_geojson(events), ensure_ascii=False, indent=1, allow_nan=False)
    return write_text(path, text + "\n")


def _safe_cell(value) -> str:
    """CSV cells that a spreadsheet would run as a formula are prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # a number ("-46.74") is data, not a formula: keep it numeric
    s = str(value)
    return "'" + s if s.startswith(_FORMULA_START) else s


class _LinesBuffer(io.StringIO):
    """Receives one CSV row per write and ends it with "\n" instead of the writer's "\r\n"."""

    def write(self, s: str) -> int:
        return super().write(s[:-2] + "\n" if s.endswith("\r\n") else s)


def write_csv(events: Iterable[Event], path: str | Path) -> Path:
    """CSV with ACLED-compatible column names (event_date, event_type, latitude, ...)."""
    buf = _LinesBuffer()
    # "\r\n" as the writer's terminator makes it quote any cell holding a bare "\r" (which a reader
    # takes for a row break: "x\r=cmd" would start a row with a live formula); rows end in "\n".
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(EVENT_FIELDS)
    for e in sort_events(events):
        props = e.properties()
        w.writerow([_safe_cell(props[k]) for k in EVENT_FIELDS])
    return write_text(path, buf.getvalue())


def to_geodataframe(events: Iterable[Event]):
    """A GeoDataFrame (EPSG:4326) with one row per event, columns in the schema's order."""
    import geopandas as gpd
    from shapely.geometry import Point

    evs = sort_events(events)
    rows = [e.properties() for e in evs]
    geoms = [Point(e.longitude, e.latitude) if e.latitude is not None else None for e in evs]
    return gpd.GeoDataFrame(rows, columns=list(EVENT_FIELDS), geometry=geoms, crs="EPSG:4326")


def write_geoparquet(events: Iterable[Event], path: str | Path) -> Path:
    gdf = to_geodataframe(events)
    with atomic_path(path) as tmp:
        gdf.to_parquet(tmp, index=False)
    return Path(path)


def write_gpkg(events: Iterable[Event], path: str | Path) -> Path:
    gdf = to_geodataframe(events)
    with atomic_path(path) as tmp:
        tmp.unlink(missing_ok=True)
        gdf.to_file(tmp, driver="GPKG", layer="events")
    return Path(path)


def write_partitioned_geoparquet(events: Iterable[Event], folder: str | Path, by: str) -> Path:
    """A hive-partitioned GeoParquet dataset (``folder/<by>=<value>/part-0.parquet``) that DuckDB,
    Spark/Sedona and dask-geopandas read as one table; replaced atomically as a whole folder."""
    import os
    import shutil
    import tempfile

    folder = Path(folder)
    gdf = to_geodataframe(events)
    if by == "year":
        gdf["year"] = [str(d)[:4] if d else "unknown" for d in gdf["event_date"]]
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for value, part in gdf.groupby(gdf[by].fillna("unknown"), sort=True):
            target = tmp / f"{by}={value}"
            target.mkdir()
            # hive layout: the partition column lives in the folder name, not in the files
            part.drop(columns=[by]).to_parquet(target / "part-0.parquet", index=False)
        old = folder.with_name(folder.name + ".old")
        if folder.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(folder, old)
        os.replace(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


WRITERS: dict[str, Callable[[Sequence[Event], Path], Path]] = {
    "geojson": write_geojson, "csv": write_csv, "geoparquet": write_geoparquet, "gpkg": write_gpkg,
}
SUFFIXES = {"geojson": ".geojson", "csv": ".csv", "geoparquet": ".parquet", "gpkg": ".gpkg"}


def export(events: Iterable[Event], path: str | Path, format: str | None = None) -> Path:
    """Write events to ``path`` in ``format`` (default: from the suffix)."""
    path = Path(path)
    if format is None:
        by_suffix = {v: k for k, v in SUFFIXES.items()} | {".json": "geojson", ".gpq": "geoparquet"}
        format = by_suffix.get(path.suffix.lower())
        if format is None:
            raise unknown_choice("export format for suffix", path.suffix, SUFFIXES.values())
    if format not in WRITERS:
        raise unknown_choice("export format", format, WRITERS)
    return WRITERS[format](list(events), path)
