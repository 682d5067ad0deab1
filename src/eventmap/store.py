"""The embedded event store: documents, mentions and events in one SQLite file.

* ``ingest`` replaces everything known of a document (its mentions and events) in one
  transaction, so a crash leaves either the old or the new state of that document. Inside
  ``with store.batch():`` documents are committed together, every ``size`` documents or
  ``seconds`` (a commit costs about as much as writing a whole report's events); each
  document still lands whole or not at all, and what was written before an exception is
  committed on the way out.
* ``seen`` tells whether a document with this content was already processed by this pipeline
  version (incremental runs skip it).
* ``events()`` returns the sentence-level events; ``merged_events()`` folds the same event
  reported by several documents (same date, type, sub-type and place) into one event that lists
  every source, keeping the first report's id so the id is stable across reruns.
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import date
from functools import lru_cache
from json.encoder import encode_basestring
from math import isfinite
from operator import attrgetter
from pathlib import Path
from typing import Iterable, Iterator

from .errors import EventmapError
from .model import Document, Event, Mention

# mentions are keyed by (document, start, end) and written, never read back one by one: a
# table clustered on that key (WITHOUT ROWID) is one b-tree to fill where a rowid table with
# its key's index is two. Stores made before keep their rowid table; the statements are the same.
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY, content_hash TEXT, pipeline TEXT, title TEXT, url TEXT,
    publisher TEXT, published TEXT, path TEXT, n_events INTEGER);
CREATE TABLE IF NOT EXISTS mentions (
    document_id TEXT, start INTEGER, end INTEGER, surface TEXT, sentence INTEGER, place_id TEXT,
    latitude REAL, longitude REAL, geo_precision INTEGER, score REAL,
    PRIMARY KEY (document_id, start, end)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY, document_id TEXT, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_document ON events(document_id);
"""
_STATUS_RANK = {"reported": 0, "claimed": 1, "disputed": 2, "denied": 3}
_EVENT_FIELDS = [f.name for f in fields(Event)]


class StoreError(EventmapError, RuntimeError):
    """The event store cannot be opened or written."""


_SORTED_FIELDS = sorted(_EVENT_FIELDS)
_SORTED_VALUES = attrgetter(*_SORTED_FIELDS)
_DATE_FIELDS = ("event_date", "event_date_end", "published")
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _encode_reference(e: Event) -> str:
    """An event as JSON with sorted keys (dates as ISO strings): the definition of the stored
    record, which :func:`_encode` computes faster."""
    d = dict(zip(_SORTED_FIELDS, _SORTED_VALUES(e)))
    for name in _DATE_FIELDS:
        v = d[name]
        if v is not None:
            d[name] = v.isoformat()
    return _ENCODER.encode(d)


# The fast form writes what the encoder above writes, value by value, into a template of the
# record whose keys are encoded once. Each value's text comes from the function json's own
# encoder applies to a value of that exact type (Modules/_json.c, ensure_ascii off): a str
# through encode_basestring, an int through int.__repr__, a finite float through
# float.__repr__, True/False/None as true/false/null. A value of any other type (a str or int
# subclass, a datetime, a date outside the date fields, ...) raises KeyError in _encode and
# that event goes through _encode_reference.
@lru_cache(maxsize=4096)
def _nonzero_float_text(v: float) -> str:
    """json's text of a float other than zero. Equal floats other than 0.0 and -0.0 have the
    same repr (NaN equals nothing, so it is only found again as the same object, still NaN),
    and a report's events repeat their places' coordinates and a few confidences."""
    return float.__repr__(v) if isfinite(v) else _ENCODER.encode(v)


def _float_text(v: float) -> str:
    return _nonzero_float_text(v) if v else float.__repr__(v)   # 0.0 and -0.0 are equal keys


@lru_cache(maxsize=4096)
def _date_text(d: date) -> str:
    """A date field as the reference writes it (its ISO string, encoded): a report's events
    share a few dates, and date.isoformat goes through sprintf."""
    return _ENCODER.encode(d.isoformat())


_NONE_TEXT = {None: "null"}.__getitem__
_VALUE_TEXT = {str: encode_basestring, type(None): _NONE_TEXT, bool: {True: "true", False: "false"}.__getitem__,
               int: int.__repr__, float: _float_text}
_DATE_TEXT = {date: _date_text, type(None): _NONE_TEXT}
_PLAIN_VALUES = attrgetter(*(name for name in _SORTED_FIELDS if name not in _DATE_FIELDS))
_DATE_VALUES = attrgetter(*_DATE_FIELDS)
# where the date fields go among the sorted fields (inserted in this order, each index counts
# the ones inserted before it)
_DATE_AT = tuple(_SORTED_FIELDS.index(name) for name in _DATE_FIELDS)
assert list(_DATE_AT) == sorted(_DATE_AT)
# the record's text before each value: the opening brace or the separator, then the key. A
# record is these and the values' texts, alternately, then the closing brace: joined in one
# pass ("".join sizes the result once), where str % copied the template piece by piece and
# re-read each value's width.
_HEADS = [("{" if k == 0 else ", ") + f"{_ENCODER.encode(name)}: " for k, name in enumerate(_SORTED_FIELDS)]
_N = len(_SORTED_FIELDS)


def _encode(e: Event) -> str:
    """An event as JSON with sorted keys (dates as ISO strings): exactly
    :func:`_encode_reference` (stored records and snapshots compare these texts), without
    building a dict or encoding the keys again for every event (the keys' texts are
    :data:`_HEADS`)."""
    try:
        parts = [_VALUE_TEXT[type(v)](v) for v in _PLAIN_VALUES(e)]
        d0, d1, d2 = _DATE_VALUES(e)
        parts.insert(_DATE_AT[0], _DATE_TEXT[type(d0)](d0))
        parts.insert(_DATE_AT[1], _DATE_TEXT[type(d1)](d1))
        parts.insert(_DATE_AT[2], _DATE_TEXT[type(d2)](d2))
    except KeyError:
        return _encode_reference(e)
    out = [""] * (2 * _N + 1)
    out[0:2 * _N:2] = _HEADS
    out[1::2] = parts
    out[2 * _N] = "}"
    return "".join(out)


def _decode(s: str) -> Event:
    d = json.loads(s)
    for name in ("event_date", "event_date_end", "published"):
        if d.get(name):
            d[name] = date.fromisoformat(d[name])
    return Event(**{k: v for k, v in d.items() if k in _EVENT_FIELDS})


# A document's rows, ready to write: (document_id, its documents row, its mentions rows, its
# events rows). Everything that can fail in Python (reading the objects, encoding the events) is
# done before the first write.
_Rows = tuple[str, tuple, list[tuple], list[tuple]]


def _rows(doc: Document, mentions: Iterable[Mention], events: list[Event], pipeline: str) -> _Rows:
    from .model import content_id

    return (doc.id,
            (doc.id, content_id(doc.text), pipeline, doc.title, doc.url, doc.publisher,
             doc.published.isoformat() if doc.published else None, doc.path, len(events)),
            [(doc.id, m.start, m.end, m.surface, m.sentence, m.place.place_id if m.place else None,
              m.place.lat if m.place else None, m.place.lon if m.place else None, m.geo_precision,
              m.score) for m in mentions],
            [(e.event_id, e.document_id, _encode(e)) for e in events])


# One row per INSERT (executemany): a statement that inserts several rows opens a statement
# journal inside a transaction (it could fail after its first rows, and SQLite must be able to
# undo it alone), which copies every page it touches before changing it, 16 KiB each. One-row
# statements need none, and cost less in all: 3 % fewer instructions in the store stage than up
# to 32 rows to a statement, once documents no longer need a savepoint each (see Store.ingest),
# which would copy the pages instead.
def _write(con: sqlite3.Connection, rows: _Rows) -> None:
    doc_id, doc_row, mention_rows, event_rows = rows
    con.execute("DELETE FROM mentions WHERE document_id=?", (doc_id,))
    con.execute("DELETE FROM events WHERE document_id=?", (doc_id,))
    con.execute("INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?)", doc_row)
    if mention_rows:
        con.executemany("INSERT OR REPLACE INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?)", mention_rows)
    if event_rows:
        con.executemany("INSERT OR REPLACE INTO events VALUES (?,?,?)", event_rows)


class Store:
    """An embedded SQLite store of documents, mentions and events (``":memory:"`` for none on disk)."""

    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.con = sqlite3.connect(self.path, timeout=30)
            # a new store's pages hold 16 KiB (SQLite's default is 4): an event's record is about
            # 800 bytes, and fewer, larger pages cost fewer splits as a report's rows go in
            # (1.4 % fewer instructions in the store). A store file keeps the size it was made with.
            self.con.execute("PRAGMA page_size=16384")
            self.con.execute("PRAGMA journal_mode=WAL" if self.path != ":memory:" else "PRAGMA journal_mode=MEMORY")
            # in WAL mode, NORMAL syncs at checkpoints rather than at every commit: a crash still
            # leaves each document's transaction whole or absent (SQLite's documented guarantee);
            # only the last commits before a power cut may be lost, and a rerun redoes them
            self.con.execute("PRAGMA synchronous=NORMAL")
            # a page cache of up to 64 MiB (SQLite's default is 2 MiB, 125 of these pages): event
            # ids are hashes, so each report's rows land all over the id index, and with the
            # default cache a growing store re-reads those pages from the file for every report
            # (over 1,500 dense reports: 2.23 against 2.31 ms a report at best, 2.43 against 2.55
            # in the median of six runs each)
            self.con.execute("PRAGMA cache_size=-65536")
            self.con.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable eventmap store ({exc})") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None
        self._batch: tuple[int, float] | None = None   # (documents, seconds) between commits
        self._pending = 0
        self._since = 0.0
        # the rows of the documents written in the batch's open transaction, which it began
        # itself (None: not known to hold only those), and the connection's count of changed
        # rows after the last of them
        self._written: list[_Rows] | None = None
        self._changes = 0

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def seen(self, doc: Document, pipeline: str) -> bool:
        """True when this document, with this content, was processed by this pipeline version."""
        from .model import content_id

        row = self.con.execute("SELECT content_hash, pipeline FROM documents WHERE document_id=?",
                               (doc.id,)).fetchone()
        return row is not None and row[0] == content_id(doc.text) and row[1] == pipeline

    @contextmanager
    def batch(self, size: int = 100, seconds: float = 2.0):
        """Commit the documents ingested inside the block together, every ``size`` documents or
        ``seconds``, and at the end (also when the block raises: what was written stays)."""
        outer = self._batch
        self._batch = (size, seconds)
        self._since = time.monotonic()
        try:
            yield self
        finally:
            self._batch = outer
            if self.con.in_transaction:
                self.con.commit()
            self._pending = 0
            self._written = None

    def ingest(self, doc: Document, mentions: Iterable[Mention], events: Iterable[Event], pipeline: str) -> None:
        """Replace what the store knows of ``doc`` by these mentions and events."""
        events = list(events)
        rows = _rows(doc, mentions, events, pipeline)
        con = self.con
        if self._batch is None:
            with con:
                _write(con, rows)
            return
        # Inside a batch, a failure must undo that document only. The batch's transaction is
        # begun here and holds nothing but the documents written since (self._written): a
        # failure rolls it back and writes them again, which leaves the store as before the
        # failing document (the same statements from the same state) without a savepoint per
        # document, whose journal copies every page the document touches (with one-row
        # statements, 7 % of the store stage's instructions). In a transaction the batch did not
        # begin, or in which something else changed rows, a savepoint undoes the document.
        if not con.in_transaction:
            con.execute("BEGIN")
            self._written = []
        elif self._written is not None and con.total_changes != self._changes:
            self._written = None
        written = self._written
        if written is None:
            con.execute("SAVEPOINT document")
            try:
                _write(con, rows)
            except BaseException:
                con.execute("ROLLBACK TO document")
                con.execute("RELEASE document")
                raise
            con.execute("RELEASE document")
        else:
            try:
                _write(con, rows)
            except BaseException:
                self._rewrite(written)
                raise
            written.append(rows)
            self._changes = con.total_changes
        self._pending += 1
        size, seconds = self._batch
        if self._pending >= size or time.monotonic() - self._since >= seconds:
            con.commit()
            self._pending = 0
            self._written = None
            self._since = time.monotonic()

    def _rewrite(self, written: list[_Rows]) -> None:
        """Roll the batch's transaction back and write its documents again."""
        con = self.con
        con.rollback()
        try:
            con.execute("BEGIN")
            for rows in written:
                _write(con, rows)
        except BaseException:
            # (they are lost, not partly written: uncommitted, as if the process had stopped)
            con.rollback()
            self._written = None
            self._pending = 0
            raise
        self._changes = con.total_changes

    def get_meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT v FROM meta WHERE k=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.con:
            self.con.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (key, value))

    @staticmethod
    def content_hash(doc: Document) -> str:
        from .model import content_id

        return content_id(doc.text)

    def document_versions(self) -> dict[str, tuple[str, str | None]]:
        """document_id -> (content hash, where it came from)."""
        return {r[0]: (r[1], r[2]) for r in self.con.execute("SELECT document_id, content_hash, path FROM documents")}

    def event_records(self, document_ids: Iterable[str] | None = None) -> dict[str, str]:
        """event_id -> its stored record (to tell what a run added, removed or changed), for all
        events or for those of some documents."""
        if document_ids is None:
            return dict(self.con.execute("SELECT event_id, record FROM events").fetchall())
        ids = list(document_ids)
        out: dict[str, str] = {}
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            out.update(self.con.execute(
                f"SELECT event_id, record FROM events WHERE document_id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def count_events(self) -> int:
        return self.con.execute("SELECT count(*) FROM events").fetchone()[0]

    def remove(self, document_id: str) -> None:
        with self.con:
            for table in ("mentions", "events", "documents"):
                self.con.execute(f"DELETE FROM {table} WHERE document_id=?", (document_id,))

    # -- reading -------------------------------------------------------------------------------
    def document_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT document_id FROM documents")}

    def events(self) -> list[Event]:
        """Every sentence-level event, in the stable export order."""
        from .export import sort_events

        return sort_events(_decode(r[0]) for r in self.con.execute("SELECT record FROM events"))

    def merged_events(self) -> list[Event]:
        """Events with the same event reported by several documents folded into one."""
        from .export import sort_events

        groups: dict[tuple, list[Event]] = {}
        for e in self.events():
            groups.setdefault(merge_key(e), []).append(e)
        out = []
        for group in groups.values():
            if len({e.document_id for e in group}) < 2:
                out.extend(group)
            else:
                out.append(merge(group))
        return sort_events(out)

    def stats(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "mentions", "events")}


def merge_key(e: Event) -> tuple:
    where = e.place_id or (e.location or "").lower()
    return (e.event_date, e.event_type, e.sub_event_type, where)


def _join(values: Iterator[str | None]) -> str | None:
    seen = list(dict.fromkeys(v for v in values if v))
    return "; ".join(seen) if seen else None


def merge(group: list[Event]) -> Event:
    """One event from the reports of several documents: the first report, listing every source."""
    group = sorted(group, key=lambda e: (e.published or date.max, e.document_id, e.sentence_start))
    first = group[0]
    status = max((e.claim_status for e in group), key=lambda s: _STATUS_RANK.get(s, 0))
    fatalities = [e.fatalities for e in group if e.fatalities is not None]
    return replace(
        first,
        claimed_by=_join(e.claimed_by for e in group), claim_status=status,
        fatalities=max(fatalities) if fatalities else None,
        source=_join(e.source or e.document_id for e in group),
        source_url=_join(e.source_url for e in group),
        document_id=_join(e.document_id for e in group),
        notes=" | ".join(dict.fromkeys(e.notes for e in group)),
        confidence=round(min(1.0, max(e.confidence for e in group) + 0.05 * (len(group) - 1)), 3),
        geo_precision=min(e.geo_precision for e in group),
    )
