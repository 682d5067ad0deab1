"""A document's mentions go in by multi-row INSERT OR IGNORE statements when their keys ascend
(store._write_mentions): the tables must hold what one INSERT OR REPLACE per row writes, for any
number of mentions (the statements' sizes), keys in or out of order, repeated, not ints, and a
document written again or failing halfway."""
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.model import Document, Mention, Place
from eventmap.store import SCHEMA, Store

_PLACES = [None, Place("geonames:1", "Karintak", "AZ", 39.74, 46.74), Place("x:2", "Dārayyā", "SY", -0.0, 1e300)]


def _reference(con, doc, mentions):
    con.execute("DELETE FROM mentions WHERE document_id=?", (doc.id,))
    con.executemany("INSERT OR REPLACE INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(doc.id, m.start, m.end, m.surface, m.sentence, m.place.place_id if m.place else None,
                      m.place.lat if m.place else None, m.place.lon if m.place else None, m.geo_precision, m.score)
                     for m in mentions])


def _mentions_table(con):
    return con.execute("SELECT *, typeof(start), typeof(score) FROM mentions").fetchall()


_surfaces = st.sampled_from(["Karintak", "Dārayyā", "“Shusha”", "", "Ο Σ", "it’s", "\U0001f600"])
_mention = st.tuples(st.integers(-3, 200), st.integers(0, 3), _surfaces, st.sampled_from(range(3)),
                     st.floats(allow_nan=False) | st.none())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_mention, max_size=140), min_size=1, max_size=3), st.booleans(), st.booleans())
def test_mentions_are_written_as_one_statement_per_row_writes_them(docs, ascending, batched):
    got, want = Store(), sqlite3.connect(":memory:")
    want.executescript(SCHEMA)
    for k, rows in enumerate(docs):
        if ascending:
            rows = sorted({(s, e): (s, e, *rest) for s, e, *rest in rows}.values())
        doc = Document("d" if k % 2 else "e", "Text.")
        ms = [Mention(surface, s, s + e, sentence=k, place=_PLACES[p], score=score)
              for s, e, surface, p, score in rows]
        if batched:
            with got.batch():
                got.ingest(doc, ms, [], "v1")
        else:
            got.ingest(doc, ms, [], "v1")
        _reference(want, doc, ms)
        assert _mentions_table(got.con) == _mentions_table(want)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 63, 64, 65, 127, 128, 129, 300])
def test_every_count_of_mentions_is_written_whole(n):
    store = Store()
    ms = [Mention(f"Place {k}", 3 * k, 3 * k + 2, sentence=k // 10, place=_PLACES[k % 3], score=k / 7) for k in range(n)]
    store.ingest(Document("d", "Text."), ms, [], "v1")
    want = sqlite3.connect(":memory:")
    want.executescript(SCHEMA)
    _reference(want, Document("d", "Text."), ms)
    assert _mentions_table(store.con) == _mentions_table(want)


def test_keys_that_are_not_ints_or_repeat_go_in_as_before():
    """A float key equal to an int one, a repeated key (the last row wins, as with OR REPLACE)."""
    for ms in ([Mention("A", 0, 4), Mention("B", 0, 4)], [Mention("A", 0, 4), Mention("B", 0.0, 4)],
               [Mention("A", 5, 9), Mention("B", 0, 4)], [Mention("A", True, 4), Mention("B", 1, 4)]):
        store = Store()
        store.ingest(Document("d", "Text."), ms, [], "v1")
        want = sqlite3.connect(":memory:")
        want.executescript(SCHEMA)
        _reference(want, Document("d", "Text."), ms)
        assert _mentions_table(store.con) == _mentions_table(want)


def test_a_mention_that_cannot_be_bound_fails_the_document_in_a_batch_and_leaves_the_others():
    store = Store()
    with store.batch():
        store.ingest(Document("a", "Text."), [Mention("A", 0, 4)], [], "v1")
        with pytest.raises(sqlite3.Error):
            store.ingest(Document("b", "Text."), [Mention("A", k, k + 1, score=object() if k == 70 else 0.5)
                                                  for k in range(100)], [], "v1")
        store.ingest(Document("c", "Text."), [Mention("C", 0, 4)], [], "v1")
    assert store.document_ids() == {"a", "c"}
    assert store.con.execute("SELECT document_id, surface FROM mentions").fetchall() == [("a", "A"), ("c", "C")]


def _events_table(con):
    return con.execute("SELECT rowid, *, typeof(record) FROM events ORDER BY rowid").fetchall()


def _event(event_id, owner):
    from eventmap.model import Event

    return Event(event_id, None, "Battles", "Armed clash", "Karintak", None, None, None, None, 39.7, None, 1,
                 f"Note {event_id} ‘x’.", owner)


@pytest.mark.parametrize("n", [1, 2, 31, 32, 33, 100])
@pytest.mark.parametrize("clash", [None, "first", "last", "repeat", "foreign"])
def test_events_are_written_as_one_statement_per_row_writes_them(n, clash):
    """A document's own events with distinct ids, or one whose id another document's event has
    (deleted, as OR REPLACE does), repeated in the document, or an event of another document."""
    from eventmap.store import _encode

    got, want = Store(), sqlite3.connect(":memory:")
    want.executescript(SCHEMA)
    other = [_event("o1", "x"), _event("o2", "x")]
    events = [_event(f"e{k}", "d") for k in range(n)]
    if clash == "first":
        events[0] = _event("o2", "d")
    elif clash == "last":
        events[-1] = _event("o1", "d")
    elif clash == "repeat":
        events.append(_event("e0", "d"))
    elif clash == "foreign":
        events.insert(n // 2, _event("f", "x"))
    for doc, evs in ((Document("x", "Other."), other), (Document("d", "Text."), events),
                     (Document("d", "Text again."), events[::-1])):
        with got.batch():
            got.ingest(doc, [], evs, "v1")
        want.execute("DELETE FROM events WHERE document_id=?", (doc.id,))
        want.executemany("INSERT OR REPLACE INTO events VALUES (?,?,?)",
                         [(e.event_id, e.document_id, _encode(e)) for e in evs])
        assert _events_table(got.con) == _events_table(want)
