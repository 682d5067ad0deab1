"""The faster forms inside recognition equal the definitions they replace."""
from bisect import bisect_left
from itertools import compress
from operator import itemgetter

from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import zipf_frequency

from eventmap.gazetteer.fold import fold
from eventmap.geoparse.recognise import (_abbreviations, _find_abbreviations, _find_abbreviations_in_words,
                                         _fold_word, _rank, _titlecase_sentence, _zipf)
from eventmap.text import token_parts


def _abbreviation_pieces() -> list[str]:
    table = _abbreviations()[0]
    return sorted(table)[:40] + ["W.Va.", "U.S.", "La", "Calif", "Mass", "A", "Ab", "X.", "_", ".", " ", "\n",
                                 "é", "É", "3", "a", "Dr.", "(", "-", "“", "İ", "Ärger", "Bad.", "Very.Long"]


PIECES = st.sampled_from(_abbreviation_pieces())


def _in_words(text: str) -> list[tuple[int, int, str]]:
    parts, offsets = token_parts(text)
    words = parts[1::2]
    caps = list(map(str.isupper, map(itemgetter(0), words)))
    return _find_abbreviations_in_words(text, words, offsets[1::2], offsets[2::2],
                                        list(compress(range(len(words)), caps)))


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_abbreviations_found_from_the_words_are_those_the_text_scan_finds(text):
    assert _in_words(text) == _find_abbreviations(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="LaW.Vv _é3\nSCU", max_size=60))
def test_abbreviations_from_the_words_on_dense_periods_and_capitals(text):
    assert _in_words(text) == _find_abbreviations(text)


def test_abbreviations_in_a_sentence():
    text = "Police in Alexandria, La., and Wheeling, W.Va., said Gov. Smith (Calif.) left."
    assert _in_words(text) == _find_abbreviations(text) != []


@given(st.lists(st.integers(0, 200), max_size=40).map(lambda v: sorted(set(v))),
       st.lists(st.integers(0, 220), max_size=30), st.booleans())
def test_ranks_walked_from_the_one_before_are_bisect_left(values, queries, ascending):
    queries = sorted(queries) if ascending else queries
    k = 0
    for q in queries:
        k = _rank(values, q, k)
        assert k == bisect_left(values, q)


@given(st.lists(st.integers(0, 50), max_size=20).map(sorted), st.integers(0, 60), st.integers(0, 25))
def test_a_rank_is_bisect_left_from_any_start(values, q, k):
    assert _rank(values, q, min(k, len(values))) == bisect_left(values, q)


def _titlecase_by_isupper(words: list[str]) -> bool:
    """(the plain definition)"""
    n = caps = 0
    for w in words:
        if len(w) > 3:
            n += 1
            caps += w[0].isupper()
    return n >= 4 and caps / n >= 0.7


@given(st.lists(st.sampled_from(["Shusha", "Remains", "out", "Of", "Reach", "the", "ÄRGER", "élan", "İzmir",
                                 "Σοφία", "ab", "Abcd", "4444", "x"]), max_size=12))
def test_a_title_case_sentence_is_told_by_the_capitals_of_its_words(words):
    from eventmap.geoparse.recognise import _capitalised

    assert _titlecase_sentence(words, _capitalised(words)[0]) == _titlecase_by_isupper(words)


def test_remembered_word_answers_equal_the_functions():
    for w in ["the", "Karin", "Şuşa", "village", "Dehyak", "", "İstanbul"]:
        assert _fold_word(w) == fold(w) and _fold_word(w) == fold(w)
        assert _zipf(w.lower()) == zipf_frequency(w.lower(), "en")


def _words_of_every_character() -> list[str]:
    """Every code point that can be in a word, first and inside words, next to a capital sigma or not."""
    chars = [chr(c) for c in range(0x110000) if chr(c).isalnum()]
    words = chars + [a + b for a, b in zip(chars, chars[1:])] + ["A" + c for c in chars[::7]]
    return words + ["ΟΔΟΣ", "Σ", "ΣΑ", "ΑΣΑ", "ΑΣ"]


def test_capitals_are_str_isupper_of_the_first_letter():
    from eventmap.geoparse.recognise import _capitalised

    words = _words_of_every_character()
    caps, index = _capitalised(words)
    assert caps == [w[0].isupper() for w in words]
    assert index == [k for k, w in enumerate(words) if w[0].isupper()]


def test_lower_case_words_are_str_lower_whatever_the_build():
    from eventmap.geoparse.recognise import _lower_words

    words = _words_of_every_character()
    plain = [w for w in words if "Σ" not in w]
    assert _lower_words(plain, " ".join(plain)) == [w.lower() for w in plain]
    assert _lower_words(words, " ".join(words)) == [w.lower() for w in words]   # (with a capital sigma)


GAP_BITS = st.sampled_from([",", " ", "  ", "\n", "\t", "\u2003", "and", "or", "And", "an", "o", "nor", "x", ".", ", "])


@settings(max_examples=1000, deadline=None)
@given(st.lists(GAP_BITS, max_size=6).map("".join), st.integers(0, 3), st.integers(0, 3))
def test_a_list_gap_read_in_place_is_the_pattern_s_match(gap, before, after):
    from eventmap.geoparse.recognise import _LIST_GAP, _list_gap

    text = "A" * before + gap + "B" * after
    assert _list_gap(text, before, before + len(gap)) == bool(_LIST_GAP.match(gap))
    assert not _list_gap(text, before + 1, before)   # (mentions that overlap: no gap)
