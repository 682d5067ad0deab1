"""Sentence ends: where the text stage cuts a paragraph into sentences."""
from eventmap.text import sentences


def _cut(text):
    return [text[s.start:s.end] for s in sentences(text)]


def test_an_initial_does_not_end_a_sentence():
    assert _cut("Troops led by John F. Kennedy crossed the river.") == [
        "Troops led by John F. Kennedy crossed the river."]


def test_a_number_before_a_period_ends_a_sentence():
    assert _cut("Fatalities coded as 0. Rebels reported two more attacks.") == [
        "Fatalities coded as 0.", "Rebels reported two more attacks."]
