"""The pipeline end to end: sources -> geoparse -> events -> export / render."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError
from .events import extract_events
from .export import write_geojson
from .gazetteer import Gazetteer
from .geoparse import geoparse
from .model import Document, Event, Mention
from .sources import read_documents
from .store import Store

PIPELINE_VERSION = "1"  # bump when extraction rules change in a way that must re-process documents


@dataclass
class MapResult:
    """What :func:`map_reports` did."""

    documents: int = 0
    events: list[Event] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


def process_document(doc: Document, gazetteer: Gazetteer, online=None) -> tuple[list[Mention], list[Event]]:
    """Geoparse one document and extract its events (``online``: an optional OnlineGeocoder).

    A document over the per-report size limit raises :class:`InputError` (readers enforce it
    too; this covers documents built in Python).
    """
    from .sources.read import check_length

    check_length(doc.text, doc.path or doc.id)
    mentions = geoparse(doc.text, gazetteer, online=online)
    return mentions, extract_events(doc, mentions, gazetteer)


def extract(documents: Iterable[Document], gazetteer: Gazetteer) -> list[Event]:
    """Events of many documents, in document order."""
    out: list[Event] = []
    for doc in documents:
        out.extend(process_document(doc, gazetteer)[1])
    return out


def pipeline_version(gazetteer: Gazetteer) -> str:
    """What a processed document depends on: the extraction rules, the lexicons and the gazetteer."""
    import hashlib

    from . import __version__
    from .paths import data_dir

    h = hashlib.sha256(f"{__version__}:{PIPELINE_VERSION}:{gazetteer.fingerprint()}".encode())
    lex = data_dir() / "lexicon"
    for p in sorted(lex.glob("*")) if lex.is_dir() else []:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


@contextmanager
def fewer_collections(threshold: int = 10_000) -> Iterator[None]:
    """Run the cyclic garbage collector's youngest pass every ``threshold`` allocations, not
    Python's default 700, until the block ends (the thresholds are then put back).

    Processing a report allocates and frees hundreds of thousands of small objects, nearly
    none of them in reference cycles; at the default every few hundred of them set off a pass,
    and passes were about 4 % of a report's instructions (2 % fewer in all with this, counted
    by callgrind over the first 80 reports of a process). Cycles are still collected, a little
    later. Nothing changes when the collector is disabled or already runs less often.
    """
    import gc

    old = gc.get_threshold()
    if 0 < old[0] < threshold:
        gc.set_threshold(threshold, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def ingest(documents: Iterable[Document], gazetteer: Gazetteer, store: Store, online=None,
           progress: bool | None = None) -> int:
    """Process documents into the store; return how many were processed (a progress bar on a terminal)."""
    import sys

    version = pipeline_version(gazetteer)
    show = sys.stderr.isatty() if progress is None else progress
    if show:   # (tqdm imported only when shown: otherwise 0.02 s of a new process, for nothing)
        from tqdm import tqdm

        documents = tqdm(documents, desc="documents", unit=" docs", file=sys.stderr, leave=False)
    n = 0
    with store.batch(), fewer_collections():
        for doc in documents:
            mentions, events = process_document(doc, gazetteer, online)
            store.ingest(doc, mentions, events, version)
            n += 1
    return n


def map_reports(inputs: Iterable[str | Path], out_dir: str | Path = "maps", *, published: date | None = None,
                gazetteer: Gazetteer | None = None, title: str | None = None,
                skip_bad: bool = True, store: Store | None = None, online=None, offline: bool = False,
                tiles: str | None = None, attribution: str | None = None) -> MapResult:
    """Read reports, extract their events, write ``events.geojson`` and ``map.html`` to ``out_dir``.

    Events go through the store (``store``, or an in-memory one), so the same event reported by
    several documents is mapped once, listing every source. A bad input is skipped and listed in
    ``errors`` (``skip_bad=True``) or raises.
    """
    from .render import render_map, save_map   # (folium and pandas: 0.45 s, which no stage needs)

    gazetteer = gazetteer or Gazetteer()
    store = store or Store()
    result = MapResult()
    docs = read_documents(inputs, published, on_error=result.errors.append if skip_bad else None)
    result.documents = ingest(docs, gazetteer, store, online)
    result.events = store.merged_events()
    out_dir = Path(out_dir)
    result.outputs.append(write_geojson(result.events, out_dir / "events.geojson"))
    fmap = render_map(result.events, title=title or "eventmap", offline=offline, tiles=tiles,
                      attribution=attribution)
    result.outputs.append(save_map(fmap, out_dir / "map.html"))
    return result
