"""Sentence ends and datelines: how the text stage cuts a report."""
import pytest

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
