from hypothesis import given
from hypothesis import strategies as st

from eventmap.gazetteer.fold import fold, fold_keys


def test_hyphens_spaces_and_case_do_not_matter():
    assert fold("Karin-Tak") == fold("Karintak") == fold("Karin Tak") == fold("KARIN TAK") == "karintak"


def test_diacritics_do_not_matter():
    assert fold("Füzuli") == fold("Fuzuli")
    assert fold("Tərtər") == fold("Terter")


def test_azerbaijani_letters_are_also_indexed_under_their_english_digraphs():
    assert fold("Shusha") in fold_keys("Şuşa")
    assert fold("Shusha") in fold_keys("ŞUŞA")


def test_other_scripts_are_transliterated():
    assert fold("Степанакерт") == "stepanakert"


@given(st.text())
def test_folding_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(st.text())
def test_a_fold_is_lower_case_ascii_letters_and_digits(s):
    assert all(c.isascii() and (c.islower() or c.isdigit()) for c in fold(s))
