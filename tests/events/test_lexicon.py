"""lexicon.PhraseMatcher: the phrases of a lexicon found in a span of a text."""
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.events.lexicon import PhraseMatcher, forget_last_text, words

PHRASES = {"attack": "a", "attack drones": "b", "drones": "c", "shelled": "d", "heavy shelling of": "e",
           "heavy": "f", "not captured": "g", "captured": "h", "o'clock": "i", "ex-mayor": "j"}


def reference_find(phrases: dict, text: str, start: int, end: int) -> tuple:
    """The definition: the span's words alone, walked left to right, the longest phrase that
    starts at each word not inside the last match taken and ends inside the span."""
    ws = [w for w, _, _ in words(text, start, end)]
    table = sorted(((tuple(w for w, _, _ in words(p)), p, v) for p, v in phrases.items()), key=lambda t: -len(t[0]))
    out, p = [], 0
    while p < len(ws):
        for toks, _, payload in table:
            if tuple(ws[p:p + len(toks)]) == toks:
                out.append((p, p + len(toks) - 1, " ".join(toks), payload))
                p += len(toks)
                break
        else:
            p += 1
    return tuple(out)


def test_finds_the_longest_phrase_at_a_word():
    text = "Heavy shelling of the town; attack drones were seen."
    found = PhraseMatcher(PHRASES).find(text)
    assert [(phrase, v) for _, _, phrase, v in found] == [("heavy shelling of", "e"), ("attack drones", "b")]


def test_positions_count_from_the_spans_first_word():
    text = "Residents fled. Troops shelled the village."
    start = text.index("Troops")
    assert PhraseMatcher(PHRASES).find(text, start, len(text)) == ((1, 1, "shelled", "d"),)


def test_a_phrase_that_runs_past_the_span_gives_way_to_a_shorter_one():
    text = "They used attack drones."
    end = text.index(" drones")
    assert PhraseMatcher(PHRASES).find(text, 0, end) == ((2, 2, "attack", "a"),)


def test_any_says_whether_find_finds_something():
    m = PhraseMatcher(PHRASES)
    text = "The town was not captured, officials said."
    assert m.any(text)
    assert not m.any(text, text.index("officials"), len(text))
    assert not m.any(text, 5, 3)


def test_two_texts_asked_about_in_turn_keep_their_own_matches():
    m = PhraseMatcher(PHRASES)
    body, title = "Troops shelled the village.", "Town not captured"
    for _ in range(2):
        assert m.find(body) == ((1, 1, "shelled", "d"),)
        assert m.find(title) == ((1, 2, "not captured", "g"),)


_WORDS = ["attack", "drones", "Attack", "heavy", "shelling", "of", "not", "captured", "shelled", "o'clock",
          "ex-mayor", "ex", "mayor", "the", "İstanbul", "’s", ",", ".", "-"]


# matchers whose phrases share first words (a document is matched for all of them at once)
OTHER = {"attack": "x", "heavy shelling": "y", "not": "z", "shelled the": "w", "the": "v", "ex-mayor": "u"}
_MATCHER, _OTHER = PhraseMatcher(PHRASES), PhraseMatcher(OTHER)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14), st.data())
def test_find_and_any_agree_with_the_definition_on_every_span(tokens, data):
    text = " ".join(tokens)
    for _ in range(2):    # (asked again: answered from the matches kept)
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(0, len(text)))
        for m, phrases in ((_MATCHER, PHRASES), (_OTHER, OTHER)):
            expected = reference_find(phrases, text, start, end)
            assert m.find(text, start, end) == expected
            assert m.any(text, start, end) == bool(expected)


def test_matchers_made_after_a_text_was_matched_and_texts_asked_about_in_turn():
    texts = ["Heavy shelling of the town; attack drones", "Not captured: the ex-mayor shelled the town",
             "attack attack drones heavy"]
    first = PhraseMatcher(PHRASES)
    assert first.find(texts[0]) == reference_find(PHRASES, texts[0], 0, len(texts[0]))
    later = PhraseMatcher(OTHER)
    for _ in range(2):
        for text in texts + texts[::-1]:
            for m, phrases in ((later, OTHER), (first, PHRASES), (_OTHER, OTHER)):
                assert m.find(text) == reference_find(phrases, text, 0, len(text))
                assert m.find(text, 5, len(text) - 3) == reference_find(phrases, text, 5, len(text) - 3)
        forget_last_text()
