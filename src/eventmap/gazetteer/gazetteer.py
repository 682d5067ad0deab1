"""The Gazetteer: a built, indexed SQLite file, rebuilt only when a source changes."""
from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, TypeVar

from .. import __version__
from ..errors import GazetteerError, InputError
from ..model import Place
from ..paths import cache_dir, data_dir, default_packs, read_cache, write_cache
from . import index
from .fold import fold, fold_keys

T = TypeVar("T")

_PLACE_COLUMNS = ("rowid, place_id, name, country_code, admin1, admin2, admin1_rowid, admin2_rowid, "
                  "lat, lon, feature_class, feature_code, population, source")


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def imports_dir(cache: Path | None = None) -> Path:
    """Where ``eventmap gazetteer import`` keeps converted dumps."""
    return (cache or cache_dir()) / "imports"


_PRIORS: dict[tuple[int, str, int], float] = {}


def prior(place: Place) -> float:
    """A context-free preference for a place: bigger and higher-level places first (0..1)."""
    key = (place.population, place.feature_code, 0)
    value = _PRIORS.get(key)
    if value is None:
        value = _PRIORS[key] = _prior(place)
    return value


def _prior(place: Place) -> float:
    pop = math.log10(place.population + 1) / 8.0
    code = place.feature_code
    bonus = {"PCLI": 0.5, "PCL": 0.45, "PCLD": 0.35, "ADM1": 0.25, "ADMD": 0.2, "PPLC": 0.25,
             "ADM2": 0.1, "PPLA": 0.1,
             # named regions, peninsulas and seas (a curated pack's, without a population)
             "RGN": 0.25, "PEN": 0.25, "AREA": 0.15, "GULF": 0.25, "SEA": 0.25}.get(code, 0.0)
    return min(1.0, pop + bonus)


class Gazetteer:
    """Places by name: an indexed SQLite file, built on first use and when a source changes.

    Parameters
    ----------
    path:
        The index file. Defaults to ``gazetteer.sqlite`` in eventmap's cache folder.
    packs:
        Regional pack files to include; defaults to those shipped in ``data/gazetteer/``.
    base:
        Include the global base (GeoNames cities500, subdivisions and countries). Tests of
        small mechanisms pass ``base=False`` to build from packs alone, in milliseconds.
    imports:
        Include dumps imported with :meth:`import_dump` (``cache/imports``).
    progress:
        Show a progress bar while building (default: when stderr is a terminal).
    """

    def __init__(self, path: str | Path | None = None, *, packs: Sequence[str | Path] | None = None,
                 base: bool = True, imports: bool = True, progress: bool | None = None):
        self.path = Path(path) if path else cache_dir() / "gazetteer.sqlite"
        self.packs = [Path(p) for p in (default_packs() if packs is None else packs)]
        self.base = base
        self.imports = imports
        self.progress = sys.stderr.isatty() if progress is None else progress
        self._con: sqlite3.Connection | None = None
        self._demonyms: dict[str, str] | None = None
        self._demonym_of: dict[str, str] | None = None
        self.ensure_built()

    # -- building --------------------------------------------------------------------------
    def _import_files(self) -> list[Path]:
        folder = imports_dir(self.path.parent)
        return sorted(folder.glob("*.tsv.gz")) if self.imports and folder.is_dir() else []

    def fingerprint(self) -> str:
        """A digest of everything the index is built from; a change triggers a rebuild."""
        from .base import base_versions

        parts = {"schema": index.SCHEMA_VERSION, "eventmap": __version__,
                 "base": base_versions() if self.base else None,
                 "packs": [(p.name, _file_digest(p)) for p in self.packs],
                 "imports": [(p.name, _file_digest(p)) for p in self._import_files()]}
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def _stored_fingerprint(self) -> str | None:
        if not self.path.exists():
            return None
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                row = con.execute("SELECT v FROM meta WHERE k='fingerprint'").fetchone()
            finally:
                con.close()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    def ensure_built(self, force: bool = False) -> bool:
        """Build the index if it is missing or stale; return True when a build happened."""
        for p in self.packs:
            if not p.exists():
                raise InputError("no such gazetteer pack file", path=str(p))
        fp = self.fingerprint()
        if not force and self._stored_fingerprint() == fp:
            return False
        self.close()
        self._build(fp)
        return True

    def _build(self, fingerprint: str) -> None:
        from tqdm import tqdm

        from .packs import read_pack

        bar = tqdm(desc="building gazetteer", unit=" records", disable=not self.progress,
                   file=sys.stderr, mininterval=0.5)
        sources: list[Iterable] = []
        if self.base:
            from .base import read_base
            sources.append(read_base())
        sources += [read_pack(p) for p in self._import_files()]
        sources += [read_pack(p) for p in self.packs]
        try:
            records = index.merge(sources, progress=bar.update)
            bar.set_description("indexing names")
            index.write_index(records, self.path, fingerprint, progress=bar.update)
        except OSError as exc:
            raise GazetteerError(f"{self.path}: cannot write the gazetteer index ({exc})") from exc
        finally:
            bar.close()

    def rebuild(self) -> None:
        self.ensure_built(force=True)

    def import_dump(self, dump: str | Path) -> int:
        """Import a GeoNames dump (``XX.txt``, ``XX.zip``, ``allCountries.zip``) and rebuild.

        Returns the number of places imported. A malformed dump raises :class:`InputError`
        naming the file and line, and leaves the index as it was.
        """
        from .dump import read_dump, write_pack

        dump = Path(dump)
        stem = dump.name.split(".")[0] or "dump"
        dest = imports_dir(self.path.parent) / f"{stem}.tsv.gz"
        n = write_pack(read_dump(dump), dest)
        self.ensure_built()
        return n

    # -- querying --------------------------------------------------------------------------
    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        return self._con

    def close(self) -> None:
        for memo in ("_key_memo", "_index_key", "_country_names", "_country_display", "_fuzzy_cache",
                     "_fuzzy_answers"):
            self.__dict__.pop(memo, None)   # (a rebuilt index numbers its keys anew)
        if self._con is not None:
            self._con.close()
            self._con = None
        self._places_for_key.cache_clear()

    def __getstate__(self):
        return {"path": self.path, "packs": self.packs, "base": self.base, "imports": self.imports}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.progress = False
        self._con = None
        self._demonyms = None
        self._demonym_of = None

    def _row_to_place(self, row) -> Place:
        (rowid, pid, name, cc, a1, a2, a1r, a2r, lat, lon, fcl, fco, pop, src) = row
        return Place(place_id=pid, name=name, country_code=cc or "", lat=lat, lon=lon,
                     feature_class=fcl or "P", feature_code=fco or "PPL", population=pop or 0,
                     admin1=a1, admin2=a2, source=src or "", rowid=rowid, admin1_rowid=a1r,
                     admin2_rowid=a2r)

    def key_id(self, key: str) -> int | None:
        row = self.con.execute("SELECT key_id FROM keys WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def places_for_key(self, key_id: int) -> tuple[Place, ...]:
        """All places one folded name key refers to."""
        return self._places_for_key(key_id)

    @lru_cache(maxsize=65536)  # noqa: B019 - one gazetteer per process, bounded
    def _places_for_key(self, key_id: int) -> tuple[Place, ...]:
        rows = self.con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE rowid IN "
            "(SELECT place_rowid FROM names WHERE key_id=?)", (key_id,)).fetchall()
        return tuple(self._row_to_place(r) for r in rows)

    def place(self, rowid: int) -> Place | None:
        row = self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE rowid=?", (rowid,)).fetchone()
        return self._row_to_place(row) if row else None

    def get(self, place_id: str) -> Place | None:
        row = self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE place_id=?", (place_id,)).fetchone()
        return self._row_to_place(row) if row else None

    def lookup(self, name: str, *, country: str | None = None, limit: int | None = 20) -> list[Place]:
        """Places called ``name`` (any spelling that folds alike), most prominent first."""
        found: dict[int, Place] = {}
        for key in fold_keys(name) or (fold(name),):
            kid = self.key_id(key)
            if kid is not None:
                for p in self.places_for_key(kid):
                    found.setdefault(p.rowid, p)
        places = [p for p in found.values() if not country or p.country_code == country.upper()]
        places.sort(key=lambda p: (-prior(p), p.place_id))
        return places[:limit] if limit else places

    def demonyms(self) -> dict[str, str]:
        """Folded demonym -> country code ("azerbaijani" -> "AZ"): countryinfo's, plus
        ``data/lexicon/demonyms.tsv``."""
        if self._demonyms is None:
            found = dict(self.con.execute("SELECT key, country_code FROM demonyms").fetchall())
            found.update(read_demonyms())
            self._demonyms = found
        return self._demonyms

    def demonym_of(self, cc: str) -> str:
        """The demonym used in labels for a country ("AZ" -> "Azerbaijani"); the code if none."""
        if self._demonym_of is None:
            inv: dict[str, str] = {}
            for key, code in self.con.execute("SELECT key, country_code FROM demonyms").fetchall():
                inv.setdefault(code, key)
            for key, code in read_demonyms().items():  # file order: preferred form first
                inv.setdefault(code, key)
            self._demonym_of = inv
        word = self._demonym_of.get(cc)
        return word.capitalize() if word else cc

    def index_key(self) -> str:
        """What the files derived from the index (see :func:`derived`) depend on: the fingerprint
        stored in the index this connection reads, and the index file's size and modification
        time (a rebuild with the same fingerprint gets new ones)."""
        key = self.__dict__.get("_index_key")
        if key is None:
            row = self.con.execute("SELECT v FROM meta WHERE k='fingerprint'").fetchone()
            try:
                st = self.path.stat()
                stamp = f"{st.st_size}:{st.st_mtime_ns}"
            except OSError:
                stamp = "-"
            key = self._index_key = f"{row[0] if row else '-'}:{stamp}"
        return key

    def stats(self) -> dict[str, int]:
        meta = dict(self.con.execute("SELECT k, v FROM meta").fetchall())
        return {"places": int(meta.get("places", 0)), "keys": int(meta.get("keys", 0))}


def read_demonyms() -> dict[str, str]:
    """The extra demonyms of ``data/lexicon/demonyms.tsv`` (folded -> country code)."""
    path = data_dir() / "lexicon" / "demonyms.tsv"
    out: dict[str, str] = {}
    if path.exists():
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2:
                raise InputError("expected 'demonym<TAB>country_code'", path=str(path), line=lineno)
            out[fold(parts[0])] = parts[1].strip().upper()
    return out


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def key_memo(gazetteer: "Gazetteer") -> dict[str, int | None]:
    """The answers :func:`key_ids_for` remembers: key -> key id, or None for a key that does not
    exist (the compiled recogniser reads it before asking for the rest)."""
    return gazetteer.__dict__.setdefault("_key_memo", {})


def key_ids_for(gazetteer: "Gazetteer", keys: Iterable[str]) -> dict[str, int]:
    """Map the folded keys that exist (from Latin-script names) to their key ids.

    Answers are remembered (names recur across reports), the rest asked in one query per 500.
    """
    memo = key_memo(gazetteer)
    keys = keys if isinstance(keys, (set, frozenset)) else set(keys)
    ask = [k for k in keys if k not in memo and len(k) >= 2]
    out = {k: v for k in keys if (v := memo.get(k)) is not None}
    if len(memo) > 500_000:
        memo.clear()
    for chunk in _chunks(ask):
        q = f"SELECT key, key_id FROM keys WHERE latin=1 AND key IN ({','.join('?' * len(chunk))})"
        got = dict(gazetteer.con.execute(q, chunk).fetchall())
        out.update(got)
        for k in chunk:
            memo[k] = got.get(k)
    return out


def derived(gazetteer: "Gazetteer", name: str, make: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """``make()``, a value computed from the index alone, kept in a cache file beside it
    (``<index stem>-<name>.marshal``, see :func:`eventmap.paths.write_cache`) under the index's
    key (:meth:`Gazetteer.index_key`): any other index (rebuilt, another fingerprint: a pack,
    an import, the base packages, the schema or eventmap's version changed) or another Python
    makes it again, and so does a file that is corrupt, foreign or holds a value ``valid``
    rejects. A folder that cannot be written leaves ``make()`` to every process, as before."""
    path = gazetteer.path.parent / f"{gazetteer.path.stem}-{name}.marshal"
    key = gazetteer.index_key()
    value = read_cache(path, key)
    if value is not None and valid(value):
        return value
    value = make()
    write_cache(path, key, value)
    return value


def _is_pair_of(kind: type) -> Callable[[Any], bool]:
    return lambda v: type(v) is tuple and len(v) == 2 and type(v[0]) is kind and type(v[1]) is kind


def country_names(gazetteer: "Gazetteer") -> dict[str, str]:
    """Folded country name -> country code, for every Latin-script name of every country."""
    cached = getattr(gazetteer, "_country_names", None)
    if cached is None:
        # read from a file beside the index (0.3 ms) rather than the query (0.03-0.1 s)
        cached, display = derived(gazetteer, "countries", lambda: _country_names(gazetteer), _is_pair_of(dict))
        gazetteer._country_names = cached
        gazetteer._country_display = display
    return cached


def _country_names(gazetteer: "Gazetteer") -> tuple[dict[str, str], dict[str, str]]:
    """(folded country name -> code, code -> the country's own name), from the index."""
    # CROSS JOIN keeps SQLite from scanning all names first: the places are read once
    # (0.03 s) rather than every name (0.23 s)
    rows = gazetteer.con.execute(
        "SELECT k.key, p.country_code, p.name FROM places p CROSS JOIN names n ON n.place_rowid = p.rowid "
        "CROSS JOIN keys k ON k.key_id = n.key_id WHERE p.level = -1 AND k.latin = 1 "
        "ORDER BY p.rowid, n.key_id").fetchall()
    names = {key: cc for key, cc, _ in rows if len(key) > 3 or key.upper() == key}
    return names, {cc: name for _, cc, name in rows}


def country_display_name(gazetteer: "Gazetteer", cc: str) -> str:
    """The country's own name in the gazetteer ("AZ" -> "Azerbaijan"); the code when unknown."""
    country_names(gazetteer)
    return gazetteer._country_display.get(cc, cc)


FUZZY_CUTOFF = 85.0


def fuzzy_key_ids(gazetteer: "Gazetteer", name: str, countries: Iterable[str], limit: int = 5) -> list[tuple[int, float]]:
    """Key ids of names in ``countries`` that are spelled almost like ``name`` (rapidfuzz ratio).

    Used only for names a cue marks as places and that no gazetteer name matches exactly
    ("Urozgan" for "Uruzgan", "Tala wa Bafrak" for "Tala wa Barfak").
    """
    from rapidfuzz import fuzz, process

    key = fold(name)
    if len(key) < 4:
        return []
    countries = tuple(countries)
    answers = gazetteer.__dict__.setdefault("_fuzzy_answers", {})
    asked = (key, countries, limit)   # (answers are remembered: unknown names recur too)
    if asked in answers:
        return list(answers[asked])
    if len(answers) > 10_000:
        answers.clear()
    cache = gazetteer.__dict__.setdefault("_fuzzy_cache", {})
    out: list[tuple[int, float]] = []
    for cc in countries:
        if cc not in cache:
            cache[cc] = _country_keys(gazetteer, cc)
        keys, kids = cache[cc]
        for _, score, idx in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit):
            out.append((kids[idx], score))
    out.sort(key=lambda t: -t[1])
    answers[asked] = tuple(out[:limit])
    return out[:limit]


def _country_keys(gazetteer: "Gazetteer", cc: str) -> tuple[list[str], list[int]]:
    """The Latin-script keys of a country's places and their ids, in the order of the query.

    Kept in a file per country beside the index (see :func:`derived`): a process loads the
    2,000-90,000 keys of a country in 0.1-5 ms, where the query took 2-120 ms (the ~57
    countries of a document's first unknown name: 0.12 s)."""
    def query() -> tuple[list[str], list[int]]:
        # duplicates dropped here, first seen first, as SQLite's DISTINCT did (its temporary
        # b-tree cost a third of the query; the order, which breaks ties between equal
        # scores, is the scan's either way)
        rows = dict.fromkeys(gazetteer.con.execute(
            "SELECT k.key, k.key_id FROM places p JOIN names n ON n.place_rowid = p.rowid "
            "JOIN keys k ON k.key_id = n.key_id WHERE p.country_code = ? AND k.latin = 1", (cc,)))
        return [r[0] for r in rows], [r[1] for r in rows]

    if not (len(cc) == 2 and cc.isascii() and cc.isalpha() and cc.isupper()):
        return query()   # (no file named after anything but a country code)
    return derived(gazetteer, f"fuzzy/{cc}", query,
                   lambda v: _is_pair_of(list)(v) and len(v[0]) == len(v[1]))
