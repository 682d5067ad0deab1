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


_TOKENS = ["killed", "KILLED", "Kill", "skilled", "killkill", "dead", "DEAD-end", "died", "slain", "ſlain", "deaths",
           "death-toll", "fatalities", "Fatalit", "martyr", "MARTYRED", "lost", "Lost", "their", "lives", "LIVES",
           "almost", "glost", "kılled", "\u212aill", "ΣΑΣ", "σ", "’s", "'s", "-", "’", "_dead", "5", "x", ",", ".",
           "\n", "  ", "“", "”", "İ", "ı"]
texts = st.lists(st.sampled_from(_TOKENS), max_size=20).flatmap(
    lambda ts: st.lists(st.sampled_from([" ", "", "-", "'"]), min_size=len(ts), max_size=len(ts)).map(
        lambda seps: "".join(t + s for t, s in zip(ts, seps))))


def _flat(text: str) -> list[tuple[int, int]]:
    from eventmap.events.extract import _FatalHints
    from eventmap.events.lexicon import forget_last_text

    forget_last_text()
    odd = any(c in text for c in "İıſ")
    hints = _FatalHints(text, odd)
    return list(zip(hints.starts, hints.ends))


@settings(max_examples=500, deadline=None)
@given(texts)
def test_fatal_hints_from_words_are_those_of_the_lower_cased_text(text):
    from eventmap.events.extract import _fatal_hints

    odd = any(c in text for c in "İıſ")
    assert _flat(text) == _fatal_hints(text, odd)


def test_fatal_hints_of_odd_texts():
    from eventmap.events.extract import _fatal_hints

    for text in ["", "Nobody", "Twelve were KILLED; 3 lost their lives.", "lost  their lives, lost their LIVES",
                 "ſlain and kılled “dead”", "KİLLED ſix", "ΣΑΣ killed ΟΔΟΣ", "\u212aILLED", "glost their lives"]:
        odd = any(c in text for c in "İıſ")
        assert _flat(text) == _fatal_hints(text, odd), text
