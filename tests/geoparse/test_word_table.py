"""Recognition's word table answers exactly what wordfreq's ``zipf_frequency(word, "en")`` does."""
import importlib
import marshal
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import get_frequency_list, zipf_frequency
from wordfreq.tokens import lossy_tokenize

# (the package exports a function of the module's name)
recognise = importlib.import_module("eventmap.geoparse.recognise")


@pytest.fixture(scope="module")
def table():
    return recognise._word_table()


def _plain_letters() -> list[str]:
    """Every letter that makes a plain word on its own (a lower-case letter wordfreq's English
    normalisation leaves alone)."""
    return [c for c in map(chr, range(sys.maxunicode + 1))
            if unicodedata.category(c) == "Ll" and recognise._plain_word(c)]


PLAIN_LETTERS = _plain_letters()


def test_every_plain_letter_stays_inside_one_wordfreq_token():
    for c in PLAIN_LETTERS:
        for word in (c, c + c, "a" + c + "b", c + "ab" + c):
            assert recognise._plain_word(word)
            assert lossy_tokenize(word, "en") == [word], repr(word)


def test_plain_words_of_wordfreqs_list_get_its_values(table):
    checked = 0
    for bucket in get_frequency_list("en"):
        for word in bucket[::7]:
            if recognise._plain_word(word):
                z = table.zipf(word)
                if z >= 0.0:
                    assert z == zipf_frequency(word, "en"), word
                    checked += 1
    assert checked > 30_000


def test_words_missing_from_the_list_get_its_minimum(table):
    for word in ("qqqqqqqq", "xzxzxzxzq", "zqéqz", "ţarţūsqq", "naxçıvanxx"):
        assert recognise._plain_word(word)
        assert table.zipf(word) == zipf_frequency(word, "en")


WORDS = st.text(alphabet=st.sampled_from(list("abcdeiklmnorstuyz") + PLAIN_LETTERS[::40]
                                         + list("ABZÉİIſßﬁ'’-_ 0179\u0301\u00b7ª") + ["ı", "ā", "ç", "ş", "ḩ"]),
                max_size=12)


@settings(max_examples=1500, deadline=None)
@given(WORDS)
def test_zipf_equals_wordfreq(word):
    assert recognise._zipf_frequency(word) == zipf_frequency(word, "en")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PLAIN_LETTERS), st.sampled_from(PLAIN_LETTERS), st.sampled_from(PLAIN_LETTERS))
def test_words_of_plain_letters_are_plain_to_wordfreq(a, b, c):
    word = a + b + c
    assert recognise._plain_word(word)
    assert lossy_tokenize(word, "en") == [word]
    assert recognise._zipf_frequency(word) == zipf_frequency(word, "en")


def test_saved_table_is_read_back_and_rebuilt_for_another_wordfreq(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTMAP_CACHE_DIR", str(tmp_path))
    words = ["village", "the", "army", "qqqqqqqq", "naxçıvan", "shusha", "said"]
    built = recognise._load_word_table()
    saved = tmp_path / recognise._WORD_TABLE_FILE
    assert saved.exists()
    read = recognise._load_word_table()
    for word in words:
        assert read.zipf(word) == built.zipf(word) == zipf_frequency(word, "en")
    # a table saved for other wordfreq files, or damaged, is not used: it is built again
    for content in (marshal.dumps(("another wordfreq", (), 0.0, (), ())), b"not a table"):
        saved.write_bytes(content)
        again = recognise._load_word_table()
        assert [again.zipf(w) for w in words] == [zipf_frequency(w, "en") for w in words]
        assert marshal.loads(saved.read_bytes())[0] == recognise._wordfreq_key()


def test_small_tables_answer_alike():
    small = recognise._build_word_table(16)
    for word in ("village", "the", "qqqqqqqq", "naxçıvan", "a", "z"):
        assert small.zipf(word) == zipf_frequency(word, "en")
