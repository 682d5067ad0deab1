"""Build the gazetteer index: one SQLite file.

Records from the sources (the global base, imported dumps, regional packs, in that order) are
merged by ``place_id``: a later source's coordinates, feature code and population win, names are
added. Division references are resolved to rows and every name is folded to its keys; keys from
Latin-script names are flagged, since only those can occur in an English text.

Why no Aho-Corasick automaton: over the 775k folded keys of the base, pyahocorasick's saved
automaton is 126 MB and takes 2.2 s to load, four times the 0.5 s start-up budget, and its
matches still have to be re-aligned to word boundaries. Recognition instead folds the word
n-grams of a text and asks the indexed ``keys`` table for all of them in one query: one pass
over the text, token-aligned by construction, and nothing to load.
"""
from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import Callable, Iterable

from .fold import fold, fold_keys, is_latin
from .records import Record

SCHEMA_VERSION = "7"   # bump when what is indexed changes (7: withdrawn countries as former names)

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY, place_id TEXT UNIQUE NOT NULL, name TEXT NOT NULL,
    country_code TEXT, admin1 TEXT, admin2 TEXT, admin1_rowid INTEGER, admin2_rowid INTEGER,
    lat REAL NOT NULL, lon REAL NOT NULL, feature_class TEXT, feature_code TEXT,
    population INTEGER, level INTEGER, source TEXT);
CREATE TABLE keys (key_id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, latin INTEGER);
CREATE TABLE names (key_id INTEGER, place_rowid INTEGER, name TEXT,
    PRIMARY KEY (key_id, place_rowid)) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT PRIMARY KEY, country_code TEXT);
"""
INDEXES = """
CREATE INDEX places_admin1 ON places(admin1_rowid);
CREATE INDEX places_cc ON places(country_code, level);
CREATE INDEX names_place ON names(place_rowid);
"""

# Generic words a division's name may carry ("Tartar District", "Balkh Province").
DIVISION_WORDS = (
    "district", "districts", "rayon", "rayonu", "raion", "province", "oblast", "oblysy", "region",
    "governorate", "county", "parish", "municipality", "prefecture", "state", "marz", "velayat",
    "wilayah", "department", "departement", "provincia", "community", "city", "krai", "kray",
    "republic", "borough", "canton", "okrug", "voivodeship", "shahrestan", "ostan",
)
_DIVISION_RE = re.compile(
    r"^(?:(?:the\s+)?(?:state|province|county|region|district|republic|oblast|governorate|department)\s+of\s+)"
    r"|\s+(?:" + "|".join(DIVISION_WORDS) + r")$", re.IGNORECASE)


def division_base_name(name: str) -> str:
    """``"Tartar District"`` -> ``"Tartar"``; ``"State of Texas"`` -> ``"Texas"``; else unchanged."""
    stripped = _DIVISION_RE.sub("", name.strip()).strip()
    return stripped or name


def merge(sources: Iterable[Iterable[Record]], progress: Callable[[int], None] | None = None) -> dict[str, Record]:
    """Merge records by place_id; later sources override coordinates and add names."""
    merged: dict[str, Record] = {}
    n = 0
    for source in sources:
        for r in source:
            old = merged.get(r.place_id)
            if old is None:
                merged[r.place_id] = r
            else:
                names = old.names + [old.name] + r.names
                old.name = r.name or old.name
                old.names = names
                old.lat, old.lon, old.source = r.lat, r.lon, r.source
                if r.feature_code:
                    old.feature_class, old.feature_code = r.feature_class, r.feature_code
                    old.level = r.level if r.level else old.level
                old.country_code = r.country_code or old.country_code
                old.population = r.population or old.population
                old.admin1_ref = r.admin1_ref or old.admin1_ref
                old.admin2_ref = r.admin2_ref or old.admin2_ref
                old.admin_code = r.admin_code or old.admin_code
                old.demonyms = old.demonyms + r.demonyms
            n += 1
            if progress and n % 10000 == 0:
                progress(10000)
    return merged


def write_index(records: dict[str, Record], db_path: Path, fingerprint: str,
                progress: Callable[[int], None] | None = None) -> None:
    """Write the SQLite index atomically (a temp file renamed into place)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_db = db_path.with_name(db_path.name + f".{os.getpid()}.part")
    tmp_db.unlink(missing_ok=True)
    try:
        _write(records, tmp_db, fingerprint, progress)
        os.replace(tmp_db, db_path)
    finally:
        tmp_db.unlink(missing_ok=True)


def _write(records: dict[str, Record], tmp_db: Path, fingerprint: str,
           progress: Callable[[int], None] | None) -> None:
    con = sqlite3.connect(tmp_db)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)

    recs = list(records.values())
    rowid = {r.place_id: i for i, r in enumerate(recs, start=1)}
    by_code: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    for r in recs:
        if r.level in (1, 2):
            if r.admin_code:
                by_code[r.admin_code] = rowid[r.place_id]
            for n in [r.name, *r.names]:
                for k in {fold(n), fold(division_base_name(n))}:
                    by_name.setdefault((r.country_code, k), rowid[r.place_id])

    def resolve(ref: str | None, cc: str) -> int | None:
        if not ref:
            return None
        if ref.startswith("code:"):
            return by_code.get(ref[5:])
        if ref.startswith("name:"):
            name = ref[5:]
            return by_name.get((cc, fold(name))) or by_name.get((cc, fold(division_base_name(name))))
        return rowid.get(ref)

    names_of = {}
    rows = []
    for r in recs:
        rid = rowid[r.place_id]
        a1 = resolve(r.admin1_ref, r.country_code)
        a2 = resolve(r.admin2_ref, r.country_code)
        if a2 and not a1:
            a1 = None
        rows.append([rid, r.place_id, r.name, r.country_code, None, None, a1, a2, r.lat, r.lon,
                     r.feature_class, r.feature_code, r.population, r.level, r.source])
        names_of[rid] = r
    display = {rid: rec.name for rid, rec in names_of.items()}
    for row in rows:
        row[4] = display.get(row[6]) if row[6] else None
        row[5] = display.get(row[7]) if row[7] else None
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    key_ids: dict[str, int] = {}
    latin_keys: set[int] = set()
    name_rows: dict[tuple[int, int], str] = {}
    demonyms: dict[str, str] = {}
    for i, r in enumerate(recs, start=1):
        rid = rowid[r.place_id]
        all_names = [r.name, *r.names]
        if r.level in (1, 2):
            all_names += [division_base_name(n) for n in all_names]
        for n in all_names:
            latin = is_latin(n)
            for k in fold_keys(n):
                if not k:
                    continue
                kid = key_ids.get(k)
                if kid is None:
                    kid = key_ids[k] = len(key_ids) + 1
                if latin:
                    latin_keys.add(kid)
                name_rows.setdefault((kid, rid), n)
        for d in r.demonyms:
            demonyms.setdefault(fold(d), r.country_code)
        if progress and i % 10000 == 0:
            progress(10000)
    con.executemany("INSERT INTO keys VALUES (?,?,?)",
                    ((kid, k, 1 if kid in latin_keys else 0) for k, kid in key_ids.items()))
    con.executemany("INSERT INTO names VALUES (?,?,?)", ((k, p, n) for (k, p), n in name_rows.items()))
    con.executemany("INSERT INTO demonyms VALUES (?,?)", demonyms.items())
    con.executescript(INDEXES)
    con.executemany("INSERT INTO meta VALUES (?,?)", [
        ("schema", SCHEMA_VERSION), ("fingerprint", fingerprint), ("places", str(len(recs))),
        ("keys", str(len(key_ids)))])
    con.commit()
    con.close()
