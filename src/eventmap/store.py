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
from json.encoder import encode_basestring
from operator import attrgetter
from pathlib import Path
from typing import Any, Final, Iterable, Iterator, cast

from .errors import EventmapError
from .model import Document, Event, Mention, content_id

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


# The event store cannot be opened or written. (Made by type(), the same class as a class
# statement makes: mypyc, which compiles this module, compiles no class with two builtin bases.)
StoreError = cast("type[EventmapError]", type("StoreError", (EventmapError, RuntimeError), {
    "__doc__": "The event store cannot be opened or written.", "__module__": __name__}))


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


# The fast form writes what the encoder above writes, in UTF-8 (the store binds the bytes and
# SQLite takes them as the text, see _write), value by value after the texts of the keys, which
# are encoded once. Each value's text comes from the function json's own encoder applies to a
# value of that exact type (Modules/_json.c, ensure_ascii off): a str through
# encode_basestring, an int through int.__repr__, a finite float through float.__repr__,
# True/False/None as true/false/null. A value of any other type (a str or int subclass, a
# datetime, a date outside the date fields, ...) sends the event through _encode_reference.
# This module is compiled with mypyc (setup.py): the loop below runs as C.
#
# Joined as a str, most records (those with a character past U+00FF) had every ASCII piece
# widened to two bytes a character, and were then encoded to UTF-8 to be bound; as UTF-8 bytes
# the record is joined by copying its pieces (2.5 % fewer instructions in the store stage). It
# is a bytearray because sqlite3 binds bytes through its adapters, whose failed __conform__
# lookup on every record cost another 3.6 %.
_N: Final = len(_SORTED_FIELDS)
_FIELD_NAMES: Final = tuple(_SORTED_FIELDS)
# a record is a piece for each field (the opening brace or the separator, the key, the value's
# text), then the closing brace
_HEADS: Final = tuple((("{" if k == 0 else ", ") + _ENCODER.encode(name) + ": ").encode()
                      for k, name in enumerate(_SORTED_FIELDS))
_JOIN: Final = bytearray().join
# how each field's value is written: a date field's date as its ISO string; the event's id and
# its source sentence, which no event of another sentence has, by encode_basestring each time;
# other texts' pieces are kept by _Records, since a report's events repeat their types, places,
# actors, sources and document id
_PLAIN: Final = 0
_ONCE: Final = 1
_DATE: Final = 2
_KINDS: Final = tuple(_DATE if name in _DATE_FIELDS else _ONCE if name in ("event_id", "notes") else _PLAIN
                      for name in _SORTED_FIELDS)
# The texts of values seen before: of floats other than zero (0.0 and -0.0 are equal keys with
# different texts; a NaN equals nothing, so it is only found again as the same object, still
# NaN), of ints (a report's sentence offsets recur) and of dates (date.isoformat goes through
# sprintf), emptied when full.
_CACHE_SIZE: Final = 4096
_FLOATS: Final[dict[object, bytes]] = {}
_INTS: Final[dict[object, bytes]] = {}
_DATES: Final[dict[object, bytes]] = {}
_NON_FINITE: Final = {"nan": b"NaN", "inf": b"Infinity", "-inf": b"-Infinity"}
# (final names are read as C statics, where imported ones are looked up in the module's dict)
_ESCAPE: Final = encode_basestring
_DATE_TYPE: Final = date


def _float_utf8(v: object) -> bytes:
    text = _FLOATS.get(v)
    if text is None:
        r = repr(v)   # (float.__repr__: v is a float)
        text = _NON_FINITE[r] if r in _NON_FINITE else r.encode()
        if r == "0.0" or r == "-0.0":
            return text
        if len(_FLOATS) >= _CACHE_SIZE:
            _FLOATS.clear()
        _FLOATS[v] = text
    return text


def _int_utf8(v: object) -> bytes:
    text = _INTS.get(v)
    if text is None:
        text = str(v).encode()   # (int.__repr__: v is an int)
        if len(_INTS) >= _CACHE_SIZE:
            _INTS.clear()
        _INTS[v] = text
    return text


def _date_utf8(v: object) -> bytes:
    text = _DATES.get(v)
    if text is None:
        text = _ENCODER.encode(str(v)).encode()   # (date.__str__ is date.isoformat: v is a date)
        if len(_DATES) >= _CACHE_SIZE:
            _DATES.clear()
        _DATES[v] = text
    return text


def _value_utf8(kind: int, v: object) -> bytes | None:
    """The text of a field's value in the record, or None when the value's type is not one of
    those above."""
    # (dispatched on t, not on type(v), so that v stays the object it is: narrowed to a float,
    # mypyc would unbox it and box a new one for _FLOATS)
    t = type(v)
    if v is None:
        return b"null"
    if kind == _DATE:
        return _date_utf8(v) if t is _DATE_TYPE else None
    if t is str:
        return _ESCAPE(cast(str, v)).encode()
    if t is float:
        return _float_utf8(v)
    if t is int:
        return _int_utf8(v)
    if t is bool:
        return b"true" if v else b"false"
    return None


_NOTHING: Final = object()   # (the value of no field: one not seen yet)


class _Records:
    """Writes events' records one after another, remembering each field's last value and its
    piece of the record: consecutive events share most of their values, often the same objects
    (found by identity, which costs no hashing; held here, a value cannot be freed and its
    address taken by another), else equal ones (a sentence's events have the same source
    sentence and offsets; equal values of these exact types have the same text, which floats
    do not: 0.0 and -0.0). A record is the pieces joined, so a piece found again costs nothing.
    Each field's pieces for texts seen before are kept too (emptied when full). A store has its
    own: not shared between threads."""

    def __init__(self) -> None:
        self.values: list[object] = [_NOTHING] * _N
        self.pieces: list[bytes] = [b""] * _N + [b"}"]
        self.texts: list[dict[str, bytes]] = [{} for _ in range(_N)]

    def utf8(self, e: Event) -> bytearray:
        """:func:`_encode_reference`'s text in UTF-8, without building a dict or encoding the
        keys again for every event (UnicodeEncodeError for a text with a lone surrogate, which
        has no UTF-8 form)."""
        values = self.values
        pieces = self.pieces
        for k in range(_N):
            v: object = getattr(e, _FIELD_NAMES[k])
            seen = values[k]
            t = type(v)
            if seen is v or (t is type(seen) and (t is str or t is int or t is _DATE_TYPE) and v == seen):
                continue
            kind = _KINDS[k]
            if t is str and kind == _PLAIN:
                texts = self.texts[k]
                piece = texts.get(cast(str, v))
                if piece is None:
                    piece = _HEADS[k] + _ESCAPE(cast(str, v)).encode()
                    if len(texts) >= _CACHE_SIZE:
                        texts.clear()
                    texts[cast(str, v)] = piece
            else:
                text = _value_utf8(kind, v)
                if text is None:
                    return bytearray(_encode_reference(e).encode())
                piece = _HEADS[k] + text
            values[k] = v
            pieces[k] = piece
        return _JOIN(pieces)


def _encode_utf8(e: Event) -> bytearray:
    """:meth:`_Records.utf8` of one event."""
    return _Records().utf8(e)


def _encode(e: Event) -> str:
    """An event as JSON with sorted keys (dates as ISO strings): exactly
    :func:`_encode_reference` (stored records and snapshots compare these texts)."""
    try:
        return _encode_utf8(e).decode()
    except UnicodeEncodeError:
        return _encode_reference(e)


def _decode(s: str) -> Event:
    d = json.loads(s)
    for name in ("event_date", "event_date_end", "published"):
        if d.get(name):
            d[name] = date.fromisoformat(d[name])
    return Event(**{k: v for k, v in d.items() if k in _EVENT_FIELDS})


# A document's rows, ready to write: (document_id, its documents row, its mentions' values, whether
# those can go in by the multi-row statements of _write_mentions, its events rows, whether those
# can go in by _write_events' multi-row statements). Everything that can fail in Python (reading
# the objects, encoding the events) is done before the first write.
_Rows = tuple[Any, tuple, list, bool, list[tuple], bool]
# a mention's values in its row after the document's id
_MENTION_VALUES: Final = 9


def _rows(doc: Any, mentions: Iterable[Any], events: list[Any], pipeline: str, records: _Records) -> _Rows:
    # (the objects are typed Any: their values go into the rows as they are, unchecked)
    doc_id = doc.id
    published = doc.published
    doc_row = (doc_id, content_id(doc.text), pipeline, doc.title, doc.url, doc.publisher,
               published.isoformat() if published else None, doc.path, len(events))
    values: list = []
    # whether the mentions' keys (start, end) are ints in strictly ascending order (as the
    # recogniser gives them), so no two are the same key (see _write_mentions)
    ascending = type(doc_id) is str
    last_start = last_end = -1
    for m in mentions:
        start = m.start
        end = m.end
        if ascending:
            if type(start) is int and type(end) is int and (
                    not values or cast(int, start) > last_start
                    or (cast(int, start) == last_start and cast(int, end) > last_end)):
                last_start = cast(int, start)
                last_end = cast(int, end)
            else:
                ascending = False
        place = m.place
        if place:
            values += (start, end, m.surface, m.sentence, place.place_id, place.lat, place.lon, m.geo_precision,
                       m.score)
        else:
            values += (start, end, m.surface, m.sentence, None, None, None, m.geo_precision, m.score)
    event_rows = [(e.event_id, e.document_id, records.utf8(e)) for e in events]
    # whether the events are the document's own (its id) with distinct ids (see _write_events)
    own = type(doc_id) is str
    if own:
        ids: set[str] = set()
        for row in event_rows:
            event_id = row[0]
            if type(event_id) is not str or row[1] != doc_id:
                own = False
                break
            ids.add(cast(str, event_id))
        own = own and len(ids) == len(event_rows)
    return doc_id, doc_row, values, ascending, event_rows, own


# A documents row's statements, for each set of its values that are None: those are written
# as NULL in the statement rather than bound, since sqlite3 binds None through its adapters (a
# failed __conform__ lookup for each). The first inserts the row only if nothing in the store
# has the document's id (no row of it in any table: a new document, whose old rows need not be
# deleted); the second replaces the row.
_DOCUMENT_STATEMENTS: Final[dict[int, tuple[str, str]]] = {}


def _document_statements(doc_row: tuple) -> tuple[str, str, tuple]:
    nulls = 0
    for k in range(len(doc_row)):
        if doc_row[k] is None:
            nulls |= 1 << k
    statements = _DOCUMENT_STATEMENTS.get(nulls)
    if statements is None:
        terms: list[str] = []
        n = 0
        for k in range(len(doc_row)):
            if nulls >> k & 1:
                terms.append("NULL")
            else:
                n += 1
                terms.append(f"?{n}")
        values = ",".join(terms)
        doc_id = terms[0]
        statements = (f"INSERT INTO documents SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM events WHERE "
                      f"document_id={doc_id}) AND NOT EXISTS (SELECT 1 FROM mentions WHERE document_id={doc_id}) "
                      "ON CONFLICT DO NOTHING",
                      f"INSERT OR REPLACE INTO documents VALUES ({values})")
        _DOCUMENT_STATEMENTS[nulls] = statements
    return statements[0], statements[1], tuple([v for v in doc_row if v is not None])


# A document's mentions go in by statements of up to _MOST_MENTIONS rows each (the largest
# power of two of those left, so a few statements serve every count), its id bound once as ?1,
# where executemany runs a statement per row: each costs a step of the statement, each of its
# text values a bind (which copies it), and their sum was most of what a mention cost in SQLite.
# The statements are INSERT OR IGNORE: with OR REPLACE, or no conflict clause, a statement of
# several rows could stop halfway (a NULL key, a key met twice) and SQLite would open a
# statement journal for it, copying every page it touches (which made it dearer than
# executemany). OR IGNORE writes the same rows as OR REPLACE when no two rows have the same
# key and the store has no row with one: _write deletes the document's old rows first, and
# _rows tells whether the keys are distinct ints in ascending order (else, and for a document
# id that is not a str, the rows go in as before, one OR REPLACE statement each).
_MOST_MENTIONS: Final = 64
_MENTION_STATEMENTS: Final[dict[int, str]] = {}


def _mention_statement(n: int) -> str:
    statement = _MENTION_STATEMENTS.get(n)
    if statement is None:
        # ("?" numbers a parameter one past the largest yet: ?2 to ?10 in the first row)
        statement = "INSERT OR IGNORE INTO mentions VALUES " + ",".join(["(?1" + ",?" * _MENTION_VALUES + ")"] * n)
        _MENTION_STATEMENTS[n] = statement
    return statement


def _write_mentions(con: sqlite3.Connection, doc_id: Any, values: list, ascending: bool) -> None:
    total = len(values) // _MENTION_VALUES
    if not ascending:
        con.executemany("INSERT OR REPLACE INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?)",
                        [(doc_id, *values[k * _MENTION_VALUES:(k + 1) * _MENTION_VALUES]) for k in range(total)])
        return
    done = 0
    while done < total:
        n = _MOST_MENTIONS
        while n > total - done:
            n >>= 1
        params = [doc_id]
        params += values[done * _MENTION_VALUES:(done + n) * _MENTION_VALUES]
        con.execute(_mention_statement(n), params)
        done += n


# A document's events go in the same way when they are its own with distinct ids (the document
# id bound once): a row is then left out by OR IGNORE only when another document's event has
# its id, which OR REPLACE would have deleted. When the statements' count of rows written says
# so, the rows they wrote (those of the document's id: its old rows were deleted first) are
# deleted, and every row goes in as before, one OR REPLACE statement each; the rowids are the
# same (a new row's is one past the largest).
_MOST_EVENTS: Final = 32
_EVENT_STATEMENTS: Final[dict[int, str]] = {}


def _event_statement(n: int) -> str:
    statement = _EVENT_STATEMENTS.get(n)
    if statement is None:
        statement = ("INSERT OR IGNORE INTO events (document_id, event_id, record) VALUES "
                     + ",".join(["(?1,?,CAST(? AS TEXT))"] * n))
        _EVENT_STATEMENTS[n] = statement
    return statement


def _write_events(con: sqlite3.Connection, doc_id: Any, rows: list[tuple], own: bool) -> None:
    if own:
        total = len(rows)
        done = written = 0
        while done < total:
            n = _MOST_EVENTS
            while n > total - done:
                n >>= 1
            params = [doc_id]
            for k in range(done, done + n):
                row = rows[k]
                params.append(row[0])
                params.append(row[2])
            written += con.execute(_event_statement(n), params).rowcount
            done += n
        if written == total:
            return
        con.execute("DELETE FROM events WHERE document_id=?", (doc_id,))
    # (the record's UTF-8 bytes, taken as text: the same TEXT value as its str would be)
    con.executemany("INSERT OR REPLACE INTO events VALUES (?,?,CAST(? AS TEXT))", rows)


# A document's rows: its documents row (replacing an old one's rows), then its mentions and
# events, by the multi-row statements above or, where those cannot serve, one OR REPLACE
# statement a row (executemany: with OR REPLACE a multi-row statement would open a statement
# journal, see above).
def _write(con: sqlite3.Connection, rows: _Rows) -> None:
    doc_id, doc_row, mention_values, ascending, event_rows, own = rows
    insert, replace, values = _document_statements(doc_row)
    if con.execute(insert, values).rowcount == 0:
        # (the store has rows of this id: the same as deleting them before the insert)
        con.execute("DELETE FROM mentions WHERE document_id=?", (doc_id,))
        con.execute("DELETE FROM events WHERE document_id=?", (doc_id,))
        con.execute(replace, values)
    if mention_values:
        _write_mentions(con, doc_id, mention_values, ascending)
    if event_rows:
        _write_events(con, doc_id, event_rows, own)


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
        self._records = _Records()

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def seen(self, doc: Document, pipeline: str) -> bool:
        """True when this document, with this content, was processed by this pipeline version."""
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
        rows = _rows(doc, mentions, events, pipeline, self._records)
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
        document_id=_join(e.document_id for e in group),  # type: ignore[arg-type]  # (as before: None if no id)
        notes=" | ".join(dict.fromkeys(e.notes for e in group)),
        confidence=round(min(1.0, max(e.confidence for e in group) + 0.05 * (len(group) - 1)), 3),
        geo_precision=min(e.geo_precision for e in group),
    )
