"""The fourth round's faster forms in text segmentation equal the definitions they replace."""
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.text import _blank_without_break, sentences, token_parts, token_parts_reference

# white space of every kind (ASCII, separators, a non-breaking and an ideographic space), line
# breaks, closers and letters
BITS = st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000.”’)a", max_size=12)


@settings(max_examples=500, deadline=None)
@given(BITS, st.integers(0, 12), st.integers(0, 12))
def test_blank_without_break_is_the_slice_test(text, a, b):
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    want = not text[start:end].strip() and "\n" not in text[start:end]
    assert _blank_without_break(text, start, end) == want


def test_blank_without_break_of_nothing():
    assert _blank_without_break("", 0, 0)
    assert _blank_without_break("a. B", 2, 2)


def test_abbreviations_and_sentence_ends_after_odd_white_space():
    # (as at 1fa7d5a, where the gap after a period was sliced and stripped)
    text = ("Gen.\u00a0Smith came. He left.\u2003Then Mr.\nJones. Oct. 12 was cold.\x1cNext. "
            "Mr.\u2003Nobody. St.\u0085Louis.")
    assert [text[s:e] for s, e in sentences(text)] == [
        "Gen.\u00a0Smith came.", "He left.", "Then Mr.", "Jones.", "Oct. 12 was cold.", "Next.",
        "Mr.\u2003Nobody.", "St.\u0085Louis."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "Bé", "3", " ", ", ", ". ", ",", ".", " ,", "  ", ",  ", "\n", "’"]),
                max_size=20).map("".join))
def test_token_parts_with_comma_and_period_gaps_are_the_split(text):
    assert token_parts(text) == token_parts_reference(text)
