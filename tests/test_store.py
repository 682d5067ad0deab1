import contextlib
import sqlite3
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.model import Document, Event
from eventmap.pipeline import ingest
from eventmap.store import Store

TEXT_A = "On November 9, Armenian forces clashed with Azerbaijani units near Karintak, the MoD of Armenia said."
TEXT_B = "Fighting near Karintak on November 9 was heavy, a local official said."


def _docs(*texts):
    return [Document(id=f"d{i}", text=t, publisher=f"Desk {i}", published=date(2020, 11, 10))
            for i, t in enumerate(texts)]


def test_the_same_event_from_two_documents_is_merged_listing_both_sources(small_gazetteer):
    store = Store()
    ingest(_docs(TEXT_A, TEXT_B), small_gazetteer, store)
    assert len(store.events()) == 2
    (merged,) = store.merged_events()
    assert merged.document_id == "d0; d1" and merged.source == "Desk 0; Desk 1"
    assert TEXT_A in merged.notes and TEXT_B in merged.notes


def test_the_merged_event_keeps_the_first_reports_id(small_gazetteer):
    store = Store()
    ingest(_docs(TEXT_A), small_gazetteer, store)
    (alone,) = store.merged_events()
    ingest(_docs(TEXT_A, TEXT_B), small_gazetteer, store)
    (merged,) = store.merged_events()
    assert merged.event_id == alone.event_id


def test_reingesting_a_document_replaces_its_events(small_gazetteer):
    store = Store()
    ingest(_docs(TEXT_A), small_gazetteer, store)
    ingest([Document(id="d0", text="Nothing happened today.")], small_gazetteer, store)
    assert store.events() == [] and store.stats()["documents"] == 1


def test_a_document_is_seen_only_with_the_same_content_and_pipeline(small_gazetteer):
    store = Store()
    (doc,) = _docs(TEXT_A)
    store.ingest(doc, [], [], "v1")
    assert store.seen(doc, "v1")
    assert not store.seen(doc, "v2")
    assert not store.seen(Document(id="d0", text=TEXT_A + " More."), "v1")


def test_the_store_survives_reopening(tmp_path, small_gazetteer):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        ingest(_docs(TEXT_A), small_gazetteer, store)
    with Store(path) as store:
        (e,) = store.events()
    assert e.place_id == "eventmap:karintak" and e.event_date == date(2020, 11, 9)



def _report(i: int) -> tuple[Document, list[Event]]:
    """A document with one event, written directly (no extraction)."""
    doc = Document(id=f"b{i}", text=f"Report {i}.")
    event = Event(event_id=f"e{i}", event_date=date(2020, 11, 9), event_type="Battles", sub_event_type="Armed clash",
                  location="Karintak", place_name="Karintak", place_id=None, country_code=None, admin1=None,
                  latitude=39.8, longitude=46.7, geo_precision=1, notes=f"Report {i}.", document_id=doc.id)
    return doc, [event]


def test_documents_written_in_a_batch_before_an_error_are_kept(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store, pytest.raises(RuntimeError):
        with store.batch(size=100):
            for i in range(3):
                doc, events = _report(i)
                store.ingest(doc, [], events, "v1")
            raise RuntimeError("the next report could not be processed")
    with Store(path) as store:
        assert store.stats()["documents"] == 3 and store.count_events() == 3


def test_a_document_that_fails_to_write_in_a_batch_leaves_no_trace_and_the_others_stay(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store, store.batch(size=100):
        for i in range(3):
            doc, events = _report(i)
            if i == 1:   # not an event: the write fails after the document's row went in
                with pytest.raises(AttributeError):
                    store.ingest(doc, [], events + [object()], "v1")
            else:
                store.ingest(doc, [], events, "v1")
    with Store(path) as store:
        assert store.document_ids() == {"b0", "b2"} and store.count_events() == 2


def test_a_batch_commits_as_it_goes_so_another_connection_sees_the_documents(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store, Store(path) as reader:
        with store.batch(size=2):
            for i in range(3):
                doc, events = _report(i)
                store.ingest(doc, [], events, "v1")
                assert reader.count_events() == (2 if i >= 1 else 0)   # committed after the second
        assert reader.count_events() == 3


OLD_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE documents (
    document_id TEXT PRIMARY KEY, content_hash TEXT, pipeline TEXT, title TEXT, url TEXT,
    publisher TEXT, published TEXT, path TEXT, n_events INTEGER);
CREATE TABLE mentions (
    document_id TEXT, start INTEGER, end INTEGER, surface TEXT, sentence INTEGER, place_id TEXT,
    latitude REAL, longitude REAL, geo_precision INTEGER, score REAL,
    PRIMARY KEY (document_id, start, end));
CREATE TABLE events (
    event_id TEXT PRIMARY KEY, document_id TEXT, record TEXT NOT NULL);
CREATE INDEX events_document ON events(document_id);
"""


def test_a_store_made_with_rowid_tables_and_4k_pages_is_read_and_written_as_a_new_one(tmp_path, small_gazetteer):
    import sqlite3

    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    con = sqlite3.connect(old)
    con.executescript(OLD_SCHEMA)
    con.close()
    for path in (old, new):
        with Store(path) as store:
            ingest(_docs(TEXT_A, TEXT_B), small_gazetteer, store)
            ingest(_docs(TEXT_A), small_gazetteer, store)   # re-ingested: replaced, not added
    with Store(old) as a, Store(new) as b:
        assert a.events() == b.events() and a.event_records() == b.event_records()
        assert a.stats() == b.stats() and a.stats()["mentions"] > 0
        pages = (a.con.execute("PRAGMA page_size").fetchone()[0], b.con.execute("PRAGMA page_size").fetchone()[0])
        assert pages == (4096, 16384)


class _Interrupt:
    """A value sqlite3 adapts by asking it (``__conform__``): a Ctrl-C in the middle of a write."""

    def __conform__(self, protocol):
        raise KeyboardInterrupt


def _tables(store):
    con = store.con
    return [con.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in ("documents", "events", "meta")] + [
        con.execute("SELECT * FROM mentions").fetchall()]


def _mentions(doc, failing=None):
    """Two mentions; the second's score cannot be written when ``failing`` is given (so the
    document fails after its first rows went in)."""
    from eventmap.model import Mention

    return [Mention("Report", 0, 6, score=0.5), Mention("Report", 7, 8, score=failing if failing is not None else 0.25)]


@pytest.mark.parametrize("failing", [object(), _Interrupt()])
def test_a_document_failing_halfway_through_its_rows_leaves_the_store_as_if_never_ingested(tmp_path, failing):
    """Inside a batch a failing document's transaction is rolled back and the batch's earlier
    documents written again: the tables, rowids included, are those of a store that never saw it,
    whether it was new or replaced a document (whose old rows must come back)."""
    got, want = Store(tmp_path / "got.sqlite"), Store(tmp_path / "want.sqlite")
    for store in (got, want):
        doc, events = _report(1)
        store.ingest(doc, _mentions(doc), events, "v0")       # committed before the batch
    with got.batch(size=100), want.batch(size=100):
        for i in range(4):
            doc, events = _report(i)
            want_it = i not in (1, 2)
            if not want_it:
                with pytest.raises((sqlite3.Error, KeyboardInterrupt)):
                    got.ingest(doc, _mentions(doc, failing), events, "v1")
            for store in (got, want) if want_it else ():
                store.ingest(doc, _mentions(doc), events, "v1")
        assert _tables(got) == _tables(want)
    assert _tables(got) == _tables(want)
    assert got.document_ids() == {"b0", "b1", "b3"} and got.con.execute(
        "SELECT pipeline FROM documents WHERE document_id='b1'").fetchone() == ("v0",)


def test_a_failing_document_in_a_transaction_the_batch_did_not_write_alone_is_undone_by_a_savepoint(tmp_path):
    """Rows changed on the connection by something else inside the batch's transaction stay."""
    with Store(tmp_path / "s.sqlite") as store:
        with store.batch(size=100):
            doc, events = _report(0)
            store.ingest(doc, _mentions(doc), events, "v1")
            store.con.execute("INSERT INTO meta VALUES ('note', 'kept')")
            doc, events = _report(1)
            with pytest.raises(sqlite3.Error):
                store.ingest(doc, _mentions(doc, object()), events, "v1")
            doc, events = _report(2)
            store.ingest(doc, _mentions(doc), events, "v1")
        assert store.get_meta("note") == "kept" and store.document_ids() == {"b0", "b2"}
        assert store.stats() == {"documents": 2, "mentions": 4, "events": 2}


def _reference_ingest(con, doc, mentions, events, pipeline):
    """What ingest writes, as the store first wrote it: one statement per row, the document's
    old rows deleted first, every value bound."""
    from eventmap.model import content_id
    from eventmap.store import _encode_reference

    con.execute("DELETE FROM mentions WHERE document_id=?", (doc.id,))
    con.execute("DELETE FROM events WHERE document_id=?", (doc.id,))
    con.execute("INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                (doc.id, content_id(doc.text), pipeline, doc.title, doc.url, doc.publisher,
                 doc.published.isoformat() if doc.published else None, doc.path, len(events)))
    con.executemany("INSERT OR REPLACE INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(doc.id, m.start, m.end, m.surface, m.sentence, m.place.place_id if m.place else None,
                      m.place.lat if m.place else None, m.place.lon if m.place else None, m.geo_precision, m.score)
                     for m in mentions])
    con.executemany("INSERT OR REPLACE INTO events VALUES (?,?,?)",
                    [(e.event_id, e.document_id, _encode_reference(e)) for e in events])


def _all_rows(con):
    return [con.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in ("documents", "events")] + [
        con.execute("SELECT * FROM mentions").fetchall(), con.execute("SELECT typeof(record) FROM events").fetchall()]


_ids = st.sampled_from(["a", "b", "c"])
_maybe = st.none() | st.sampled_from(["x", "Dārayyā"])
_ops = st.lists(st.one_of(
    st.tuples(st.just("ingest"), _ids, _maybe, _maybe, st.none() | st.dates(), st.booleans(),
              st.lists(st.tuples(st.integers(0, 3), st.booleans()), max_size=4),
              st.lists(st.tuples(st.sampled_from(["e1", "e2", "e3"]), _ids), max_size=3)),
    st.tuples(st.just("remove"), _ids)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(_ops, st.booleans())
def test_ingests_and_removals_leave_the_tables_as_the_first_store_did(ops, batched):
    """Whether a document is new (one statement, nothing deleted) or its id has rows anywhere
    (a documents row, or events of other documents naming it), whatever values are None."""
    from eventmap.model import Mention, Place
    from eventmap.store import SCHEMA

    got, want = Store(), sqlite3.connect(":memory:")
    want.executescript(SCHEMA)
    place = Place("geonames:1", "Karintak", "AZ", 39.74, 46.74)
    with got.batch() if batched else contextlib.nullcontext():
        for op in ops:
            if op[0] == "remove":
                got.remove(op[1])
                for table in ("mentions", "events", "documents"):
                    want.execute(f"DELETE FROM {table} WHERE document_id=?", (op[1],))
                continue
            _, doc_id, title, url, published, has_path, mentions, events = op
            doc = Document(doc_id, f"Text of {doc_id}.", title=title, url=url, published=published,
                           path="r.txt" if has_path else None)
            ms = [Mention("Karintak", s, s + 8, place=place if placed else None, score=0.5) for s, placed in mentions]
            es = [Event(eid, published, "Battles", "Armed clash", "Karintak", None, None, None, None, 39.7, None, 1,
                        f"Note {eid}.", owner) for eid, owner in events]
            got.ingest(doc, ms, es, "v1")
            _reference_ingest(want, doc, ms, es, "v1")
        assert _all_rows(got.con) == _all_rows(want)
    assert _all_rows(got.con) == _all_rows(want)
