"""The fourth round's faster forms inside recognition equal the definitions they replace."""
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.geoparse.recognise import _lower_words
from eventmap.text import token_parts

# letters and digits, ASCII and not: capitals, letters whose lower case is longer (dotted I),
# the Kelvin sign, a capital sigma (lower-cased by the letters around it), the sharp s
WORD = st.text(alphabet="abzAZ09éÉİıKΣσßĳ", min_size=1, max_size=8)


@settings(max_examples=400, deadline=None)
@given(st.lists(WORD, max_size=20))
def test_lower_words_are_str_lower(words):
    assert _lower_words(words, " ".join(words)) == [w.lower() for w in words]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abzAZ09 ,.-\n'’éÉİΣ", max_size=60))
def test_lower_words_of_a_text_are_str_lower(text):
    words = token_parts(text)[0][1::2]
    assert _lower_words(words, text) == [w.lower() for w in words]


def test_lower_case_ascii_words_are_kept():
    words = ["kabul", "2020", "a1b2", "Kabul", "kAbul", "é"]
    out = _lower_words(words, " ".join(words))
    assert out == ["kabul", "2020", "a1b2", "kabul", "kabul", "é"]
    assert all(out[k] is words[k] for k in range(3))


def test_lower_words_of_nothing():
    assert _lower_words([], "") == []

