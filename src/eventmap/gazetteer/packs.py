"""Regional gazetteer packs: GeoNames-compatible TSV files with a source per row.

Format (UTF-8, tab-separated, ``#`` comment lines, one header line)::

    place_id  name  alternatenames  latitude  longitude  feature_class  feature_code
    country_code  admin1  admin2  population  source

* ``place_id``: ``geonames:ID`` when the place has a GeoNames id (the row then merges into
  GeoNames' record: its coordinates win, its names are added), else ``eventmap:<slug>``.
* ``alternatenames``: comma-separated variants (other languages, transliterations, former names).
* ``admin1``/``admin2``: the division's name ("Tartar") or GeoNames code ("AZ.57").
* ``code`` (optional): a division's own GeoNames code ("AZ.57"), so rows can name it in admin1.
* ``source``: where the coordinates come from ("osm:node/1346973643", "geonames:147105"),
  optionally followed by `` ; note``. Required: a row without a source is an error.

Only ``place_id``, ``name``, ``latitude``, ``longitude`` and ``source`` are required columns;
the file may also be gzip-compressed (``.tsv.gz``).
"""
from __future__ import annotations

import gzip
import math
import zlib
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .records import Record

COLUMNS = ("place_id", "name", "alternatenames", "latitude", "longitude", "feature_class",
           "feature_code", "country_code", "admin1", "admin2", "population", "source")
REQUIRED = ("place_id", "name", "latitude", "longitude", "source")
_LEVEL = {"ADM1": 1, "ADM2": 2, "ADMD": 1, "PCLI": -1, "PCL": -1, "PCLD": -1}


def _open(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def parse_coordinate(value: str, kind: str, path: str, line: int) -> float:
    """Parse a latitude/longitude cell, raising :class:`InputError` naming the cell."""
    limit = 90.0 if kind == "latitude" else 180.0
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{kind} {value!r} is not a number", path=path, line=line) from None
    if not math.isfinite(number) or abs(number) > limit:
        raise InputError(f"{kind} {value!r} is out of range (-{limit:g}..{limit:g})", path=path, line=line)
    return number


def admin_ref(value: str) -> str | None:
    """Turn an admin1/admin2 cell into a reference the builder resolves."""
    value = value.strip()
    if not value:
        return None
    if value.startswith(("geonames:", "code:", "name:")):
        return value
    parts = value.split(".")
    if len(parts) >= 2 and len(parts[0]) == 2 and parts[0].isupper() and " " not in value:
        return "code:" + value
    return "name:" + value


def read_pack(path: str | Path) -> Iterator[Record]:
    """Yield the records of one pack file; a bad row raises :class:`InputError` with file and line."""
    path = Path(path)
    where = str(path)
    try:
        fh = _open(path)
        lines = fh.read().splitlines()
        fh.close()
    except FileNotFoundError:
        raise InputError("no such gazetteer pack file", path=where) from None
    except (UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:  # zlib: corrupt .gz data
        raise InputError(f"cannot read gazetteer pack ({exc.__class__.__name__}: {exc})", path=where) from None
    header: list[str] | None = None
    seen: set[str] = set()
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise InputError(f"header lacks column(s) {', '.join(missing)}; expected: "
                                 + "\t".join(COLUMNS), path=where, line=lineno)
            continue
        if len(cells) != len(header):
            raise InputError(f"{len(cells)} fields where the header has {len(header)}", path=where, line=lineno)
        row = dict(zip(header, (c.strip() for c in cells)))
        pid = row["place_id"]
        if not pid or ":" not in pid:
            raise InputError(f"place_id {pid!r} must look like 'geonames:ID' or 'eventmap:slug'",
                             path=where, line=lineno)
        if pid in seen:
            raise InputError(f"place_id {pid!r} appears twice", path=where, line=lineno)
        seen.add(pid)
        if not row["name"]:
            raise InputError("empty name", path=where, line=lineno)
        if not row["source"]:
            raise InputError("empty source: name the public source of the coordinates", path=where, line=lineno)
        lat = parse_coordinate(row["latitude"], "latitude", where, lineno)
        lon = parse_coordinate(row["longitude"], "longitude", where, lineno)
        pop_cell = row.get("population") or ""
        try:
            population = int(float(pop_cell)) if pop_cell else 0
        except (ValueError, OverflowError):  # OverflowError: "inf", "1e999"
            raise InputError(f"population {pop_cell!r} is not a number", path=where, line=lineno) from None
        fcode = row.get("feature_code") or "PPL"
        names = [n.strip() for n in (row.get("alternatenames") or "").split(",") if n.strip()]
        yield Record(
            place_id=pid, name=row["name"], lat=lat, lon=lon,
            country_code=(row.get("country_code") or "").upper(),
            feature_class=row.get("feature_class") or ("A" if fcode in _LEVEL else "P"),
            feature_code=fcode, population=population, names=names,
            admin1_ref=admin_ref(row.get("admin1") or ""), admin2_ref=admin_ref(row.get("admin2") or ""),
            source=f"{path.name}: {row['source']}", level=_LEVEL.get(fcode, 0),
            admin_code=row.get("code") or None,
        )
    if header is None:
        raise InputError("is empty: no header line (expected: " + "\t".join(COLUMNS) + ")", path=where)
