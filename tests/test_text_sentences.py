"""Sentence ends and datelines: how the text stage cuts a report."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap import text as T
from eventmap.text import dateline, sentences


def _cut(text):
    return [text[s.start:s.end] for s in sentences(text)]


def test_an_initial_does_not_end_a_sentence():
    assert _cut("Troops led by John F. Kennedy crossed the river.") == [
        "Troops led by John F. Kennedy crossed the river."]


def test_a_number_before_a_period_ends_a_sentence():
    assert _cut("Fatalities coded as 0. Rebels reported two more attacks.") == [
        "Fatalities coded as 0.", "Rebels reported two more attacks."]


@pytest.mark.parametrize("text, place", [
    ("KYIV, March 3 (Wire) - Shelling went on.", "KYIV"),
    ("BEIRUT (Wire) -- A strike hit a car.", "BEIRUT"),
    ("NEW YORK, United States - Police said.", "NEW YORK, United States"),
])
def test_a_wire_dateline_is_found_with_its_place(text, place):
    start, place_end, end = dateline(text)
    assert text[start:place_end] == place and text[end:end + 1].isupper()


def test_a_dateline_after_a_headline_is_found():
    text = "Strikes hit the port. ODESA (Wire) - Drones struck the port overnight."
    start, place_end, _ = dateline(text)
    assert text[start:place_end] == "ODESA"


def test_a_sentence_in_capitals_with_no_dash_is_no_dateline():
    assert dateline("NATO said on Monday it would meet.") == (0, 0, 0)


_LAST_WORD = re.compile(r"([\w.]+)\.$")


def _sentences_by_the_patterns(text, start=0, end=None):
    """The plain definition of ``sentences``: the sentence-end pattern's matches, and the last
    word before a period found by a pattern too."""
    end = len(text) if end is None else end
    out, pos = [], start
    for m in T._SENT_END.finditer(text, start, end):
        cut = m.end(1)
        if cut < 0:
            cut = m.start()
            if m.end() - cut == 1:
                line_start = text.rfind("\n", start, cut) + 1
                before = text[line_start:cut].rstrip()
                if before and before[-1] not in ".!?:\"”’)" and len(before) >= T._SOFT_WRAP_MIN:
                    continue
        elif text[cut - 1] == "." and not text[cut:m.end()].strip() and "\n" not in text[cut:m.end()]:
            lo = max(pos, cut - T._ABBREV_WINDOW)
            word = _LAST_WORD.search(text, lo, cut)
            if word and (word.start() > lo or lo == pos or not (text[lo - 1].isalnum() or text[lo - 1] in "._")):
                w = word.group(1)
                if (len(w) == 1 and not w.isdigit()) or w.lower() in T.ABBREVIATIONS:
                    continue
        span = T._strip(text, pos, cut)
        if span.end > span.start:
            out.append(span)
        pos = m.end()
    span = T._strip(text, pos, end)
    if span.end > span.start:
        out.append(span)
    return out


SENTENCE_BITS = st.sampled_from(["Mr", "U.S", "Oct", "a", "Word", "9", ".", "!", "?", "...", "\n", "\n\n", " ", "  ",
                                 "\"", "”", "’", "'", ")", "]", "(", "[", "“", "‘", "Шуша", "Ёж", "e.g", "-", "•",
                                 "\t", "_", "x_y", "é", "\u2003", "\x1c", "\u00a0", "ab.cd", "St", "F", "Z", "0",
                                 "A long enough line of words that wraps softly over"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(SENTENCE_BITS, max_size=40).map("".join), st.integers(0, 30), st.integers(0, 400))
def test_sentences_cut_by_hand_are_those_the_patterns_cut(text, start, end):
    start, end = min(start, len(text)), min(max(start, end), len(text))
    expected = [(m.start(), m.end(1), m.end()) for m in T._SENT_END.finditer(text, start, end)]
    cuts = T._sentence_cuts(text, start, end)
    assert list(zip(cuts[0::3], cuts[1::3], cuts[2::3])) == expected
    assert sentences(text, start, end) == _sentences_by_the_patterns(text, start, end)


@pytest.mark.parametrize("text", ["", ".", "a. B", "Mr. Smith went. He said.", "U.S. troops. Then",
                                  "x_y. Z", "é. Ё", "“Yes.” “No”", "Oct. 12. Then", "The end.\nNext line",
                                  "A.\u2003B", "A.\x1cB", "0. Taliban", "F. Kennedy"])
def test_sentences_on_short_texts(text):
    assert sentences(text) == _sentences_by_the_patterns(text)


def test_white_space_told_from_the_code_is_str_isspace():
    chars = "".join(map(chr, range(0x3100))) + "\u3000\ufeff\U0001d400"
    assert [T._space_at(chars, k) for k in range(len(chars))] == [c.isspace() for c in chars]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "a\n\nb", " a \n \n b ", "a\n\n \n\nb\n", "a\n• b\n- c",
                                  "\n\n\na", "a\n\t\n"])
def test_paragraphs_skip_blocks_of_white_space(text):
    expected = []
    pos = 0
    for m in T._PARA_BREAK.finditer(text):
        if text[pos:m.start()].strip():
            expected.append(T._strip(text, pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        expected.append(T._strip(text, pos, len(text)))
    assert T.paragraphs(text) == expected


PARAGRAPH_BITS = st.sampled_from(["a", "Word.", " ", "\n", "\n\n", "\t", "\r", "\f", "\v", "\u2003", "•", "-", "*",
                                  "• x", "- y", "\n- z", "\n \t\n", "\x1c"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(PARAGRAPH_BITS, max_size=30).map("".join))
def test_paragraph_breaks_found_by_hand_are_the_pattern_s_matches(text):
    breaks = T._paragraph_breaks(text)
    assert list(zip(breaks[0::2], breaks[1::2])) == [m.span() for m in T._PARA_BREAK.finditer(text)]
