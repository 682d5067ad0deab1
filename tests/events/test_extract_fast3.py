"""The faster forms of the third round in events.extract agree with their plain definitions."""
import hashlib
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.events.extract import _event_id, _top_two


def _plain_event_id(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["AM", "AZ", "TR", "RU", "", "İ", "ſ"]), st.integers(1, 4)), max_size=12))
def test_top_two_is_most_common_two(pairs):
    counts: dict[str, int] = {}
    plain: Counter[str] = Counter()
    for key, n in pairs:
        counts[key] = counts.get(key, 0) + n
        plain[key] += n
    assert _top_two(counts) == [k for k, _ in plain.most_common(2)]


def test_top_two_breaks_ties_by_first_count():
    assert _top_two({}) == []
    assert _top_two({"AM": 2}) == ["AM"]
    assert _top_two({"AM": 1, "AZ": 1, "TR": 1}) == ["AM", "AZ"]
    assert _top_two({"AM": 1, "AZ": 2, "TR": 2}) == ["AZ", "TR"]
    assert _top_two({"AM": 3, "AZ": 1, "TR": 2}) == ["AM", "TR"]


@settings(max_examples=200, deadline=None)
@given(st.text(), st.integers(-5, 10**6), st.text(), st.text(), st.one_of(st.none(), st.text()))
def test_event_id_is_the_hash_of_the_joined_parts(doc_id, start, event_type, sub, where):
    assert _event_id(doc_id, start, event_type, sub, where) == _plain_event_id(doc_id, start, event_type, sub, where)


def test_event_id_of_odd_parts():
    assert _event_id("d’1", 0, "Battles", "Armed clash", None) == _plain_event_id("d’1", 0, "Battles", "Armed clash", None)
    assert _event_id("", 12, "", "", "Şuşa") == _plain_event_id("", 12, "", "", "Şuşa")
