"""lexicon.all_words: the lower-cased words of a text, each word lower-cased alone (compiled, no
copy of a word already in lower case) against the plain definition, the whole text lower-cased."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.events.lexicon import all_words, text_words
from eventmap.text import lower, token_parts

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_JOINERS = frozenset(("-", "'", "’"))


def all_words_reference(text: str):
    """The definition: the text lower-cased whole (its curly apostrophes straight), read at the
    offsets of its tokens joined across one hyphen or apostrophe; a text whose lower-casing is
    longer than itself (a dotted capital I) read by the pattern, each word lower-cased alone."""
    lowered = lower(text).replace("’", "'")
    if len(lowered) == len(text):
        parts, offsets = token_parts(text)
        out, k = [], 1
        while k < len(parts):
            j = k
            while j + 2 < len(parts) and parts[j + 1] in _JOINERS:
                j += 2
            out.append((lowered[offsets[k]:offsets[j + 1]], offsets[k], offsets[j + 1]))
            k = j + 2
        out = tuple(out)
    else:
        out = tuple((lower(m.group()).replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text))
    positions: dict[str, list[int]] = {}
    for k, (w, _, _) in enumerate(out):
        positions.setdefault(w, []).append(k)
    return out, [s for _, s, _ in out], positions


def _same(text: str) -> None:
    all_words.cache_clear()
    found = all_words(text)
    expected = all_words_reference(text)
    assert found == expected
    assert list(found[2]) == list(expected[2])          # (the distinct words in order of first use)
    assert all(type(s) is int for s in found[1])


# letters whose lower-casing is odd: capitals and not (ASCII and not), a dotted capital I (two
# letters lower-cased), the capital sigma (final or not by the letters around it), a Kelvin sign,
# a titlecase digraph, a ligature, a German sharp s, a Roman numeral, a combining accent
_BITS = ["a", "b", "Z", "Q", "9", "é", "É", "İ", "ı", "Σ", "σ", "ς", "ΑΣ", "Ω", "\u212a", "ǅ", "ﬁ", "ß", "Ⅻ",
         "\u0301", "ſ", "-", "'", "’", "--", "''", " ", "  ", ".", ",", "_", "\n", "“"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_BITS), max_size=25).map("".join))
def test_the_words_are_those_of_the_text_lower_cased_whole(text):
    _same(text)


def test_texts_with_no_words_and_with_odd_letters():
    for text in ["", " ", "’", "-'-", "Don’t STOP the Nagorno-Karabakh O'Neill’s ex-mayor",
                 "ΟΔΟΣ.Α ΟΔΟΣ", "İstanbul’s army", "Şuşa, Tərtər and ǅemal", "ŞUŞA ﬁre", "a’b’c-d'e"]:
        _same(text)


def test_a_word_already_in_lower_case_is_the_token_itself():
    text = "the army shelled the village"
    ws, _, _ = all_words(text)
    parts, _ = token_parts(text)
    assert [w for w, _, _ in ws] == parts[1::2]


def test_text_words_answers_the_last_text_without_looking_it_up():
    a, b = "Troops shelled it.", "Troops shelled it!"
    assert text_words(a)[0] is text_words(a)[0]
    assert text_words(b) == all_words(b)
    assert text_words(a) == all_words(a)
