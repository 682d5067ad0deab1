"""The store's fast event encoder writes exactly what its reference definition writes: the
stored records, and the snapshots hashed over them, must not change with the encoder."""
import math
from dataclasses import fields
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.model import Document, Event
from eventmap.store import Store, _decode, _encode, _encode_reference, _encode_utf8, _Records


class Tag(str):
    """A str subclass: json encodes it as a string, the fast path must hand it over."""


_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["", ": nan", "x: inf", "Dārayyā", "\"quoted\"\n\\", "\u2028\x00\x1f", "{0}", "{}", "%s"])
_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), _text, _text.map(Tag),
    st.dates(), st.datetimes(), st.lists(st.integers(), max_size=3))
_date_value = st.one_of(st.none(), st.dates(), st.datetimes())
_DATES = {"event_date", "event_date_end", "published"}


def _outcome(fn, e):
    try:
        return ("ok", fn(e))
    except Exception as exc:  # the fast path must fail exactly where the reference fails
        return ("raises", type(exc))


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries({f.name: (_date_value if f.name in _DATES else _scalar) for f in fields(Event)}))
def test_the_fast_encoder_writes_the_reference_record_for_any_values(values):
    e = Event(**values)
    assert _outcome(_encode, e) == _outcome(_encode_reference, e)


_plain = st.one_of(st.none(), _text)


@settings(max_examples=300, deadline=None)
@given(st.builds(
    Event, event_id=_text, event_date=st.none() | st.dates(), event_type=_text, sub_event_type=_text,
    location=_text, place_name=_plain, place_id=_plain, country_code=_plain, admin1=_plain,
    latitude=st.none() | st.floats(-90, 90), longitude=st.none() | st.floats(-180, 180),
    geo_precision=st.integers(0, 3), notes=_text, document_id=_text, event_date_end=st.none() | st.dates(),
    time_precision=st.integers(1, 3), fatalities=st.none() | st.integers(0, 10**6), published=st.none() | st.dates(),
    confidence=st.floats(0, 1), sentence_start=st.integers(0, 10**6), sentence_end=st.integers(0, 10**6)))
def test_a_well_formed_event_is_encoded_as_the_reference_and_read_back_equal(e):
    text = _encode(e)
    assert text == _encode_reference(e)
    assert _decode(text) == e


def test_non_finite_floats_are_written_as_json_writes_them():
    e = Event("e", date(2020, 1, 2), "Battles", "Armed clash", "X", None, None, None, None,
              math.nan, math.inf, 1, "n", "d", confidence=-math.inf, published=datetime(2020, 1, 2, 3, 4))
    assert _encode(e) == _encode_reference(e)
    assert '"latitude": NaN' in _encode(e) and '"longitude": Infinity' in _encode(e)


def test_zero_and_negative_zero_keep_their_signs_whichever_comes_first():
    def at(lat):
        return Event("e", None, "Battles", "Armed clash", "X", None, None, None, None, lat, 1.5, 1, "n", "d")

    for first, second in ((0.0, -0.0), (-0.0, 0.0)):
        assert _encode(at(first)) == _encode_reference(at(first))
        assert _encode(at(second)) == _encode_reference(at(second))
    assert '"latitude": -0.0' in _encode(at(-0.0)) and '"latitude": 0.0' in _encode(at(0.0))


def _report_event(**values):
    base = dict(event_id="e1", event_date=date(2020, 11, 9), event_type="Battles", sub_event_type="Armed clash",
                location="Karin-Tak", place_name="Karintak", place_id="eventmap:karintak", country_code="AZ",
                admin1="Şuşa", latitude=39.742917, longitude=46.7438238, geo_precision=2,
                notes="On November 9th, the Armenian forces reportedly struck and “destroyed” a group near Dārayyā.",
                document_id="d1", published=date(2020, 11, 10), confidence=0.97)
    return Event(**{**base, **values})


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({f.name: (_date_value if f.name in _DATES else _scalar) for f in fields(Event)}))
def test_the_stored_bytes_are_the_reference_records_utf8(values):
    e = Event(**values)
    assert _outcome(_encode_utf8, e) == _outcome(lambda e: _encode_reference(e).encode(), e)


def test_consecutive_events_sharing_values_are_each_written_as_the_reference_writes_them():
    """(the store's encoder keeps each field's last value and piece: equal values, equal objects,
    and values of another type in the same field)"""
    events = [_report_event(), _report_event(event_id="e2"), _report_event(latitude=-0.0, geo_precision=True),
              _report_event(latitude=0.0, geo_precision=1, notes="x"), _report_event(admin1=Tag("Şuşa")),
              _report_event(admin1="Şuşa", event_date=datetime(2020, 11, 9, 6)), _report_event(fatalities=3),
              _report_event(fatalities=3.0), _report_event(fatalities=True), _report_event(location=None),
              _report_event(fatalities=10 ** 20), _report_event(fatalities=10 ** 20 + 0),
              _report_event(location=None, sentence_start=[1]), _report_event(notes="".join(["x"]))]
    records = _Records()
    for e in events + events[::-1] + events:
        assert records.utf8(e) == _encode_reference(e).encode()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.fixed_dictionaries({f.name: (_date_value if f.name in _DATES else _scalar) for f in fields(Event)}),
                max_size=6))
def test_a_run_of_events_through_one_encoder_gives_each_its_reference_record(runs):
    records = _Records()
    for values in runs + runs[::-1]:
        e = Event(**values)
        assert _outcome(records.utf8, e) == _outcome(lambda e: _encode_reference(e).encode(), e)


def test_the_store_holds_each_record_as_text_equal_to_the_reference():
    e = _report_event()
    store = Store()
    store.ingest(Document("d1", "Report."), [], [e], "v1")
    assert store.con.execute("SELECT typeof(record), record FROM events").fetchall() == [("text", _encode_reference(e))]
    assert store.event_records() == {"e1": _encode_reference(e)} and store.events() == [e]


def test_a_text_with_a_lone_surrogate_is_encoded_as_the_reference_does_and_not_stored():
    """It has no UTF-8 form: the record is the reference's, and the store refuses the document
    as it always has (SQLite takes UTF-8), leaving no trace of it."""
    e = _report_event(notes="broken \ud800 text")
    assert _encode(e) == _encode_reference(e)
    store = Store()
    with pytest.raises(UnicodeEncodeError):
        store.ingest(Document("d1", "Report."), [], [e], "v1")
    assert store.stats() == {"documents": 0, "mentions": 0, "events": 0}
