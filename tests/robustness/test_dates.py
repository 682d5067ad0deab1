"""Dates that do not exist ("February 30") and sentences stuffed with dates."""
import time
from datetime import date

import pytest

from eventmap.events.dates import find_dates
from eventmap.model import Document
from eventmap.pipeline import process_document

PUB = date(2021, 3, 10)


@pytest.mark.parametrize("text", ["On February 30, 2021 troops advanced.", "On 30 February troops advanced.",
                                  "On February 29, 2021 troops advanced.", "Troops advanced on 2021-02-30.",
                                  "Fighting on 31 April and later.",
                                  "On February 99 troops advanced.", "On 2021-13-01 troops advanced."])
def test_an_impossible_date_is_not_a_date(text):
    assert find_dates(text, published=PUB) == []


def test_a_range_ending_on_a_day_that_does_not_exist_keeps_at_most_its_first_day():
    found = find_dates("Fighting on February 28-30, 2021.", published=PUB)
    assert [(d.date, d.end_date) for d in found] in ([], [(date(2021, 2, 28), None)])


def test_february_29_of_a_leap_year_is_a_date():
    (d,) = find_dates("On February 29, 2020 troops advanced.", published=PUB)
    assert d.date == date(2020, 2, 29)


def test_an_event_dated_february_30_falls_back_to_another_date(small_gazetteer):
    doc = Document(id="d", text="On February 30, Armenian forces shelled Shusha.\n", published=PUB)
    _, events = process_document(doc, small_gazetteer)
    assert events
    for e in events:
        assert e.event_date is None or e.event_date <= PUB
        assert e.date_method != "explicit"


def test_thousands_of_dates_in_one_sentence_are_found_in_linear_time():
    # the overlap check used to scan every date already found: quadratic in a date-stuffed sentence
    text = "Shelling on November 9, " * 8000
    t0 = time.monotonic()
    found = find_dates(text, published=date(2020, 11, 10))
    assert time.monotonic() - t0 < 3
    assert len(found) == 8000 and all(f.date == date(2020, 11, 9) for f in found)


def test_overlapping_patterns_still_claim_each_span_once():
    text = "From 9-10 November 2020 and on November 9, 2020, and 2020-11-08, then yesterday."
    found = find_dates(text, published=date(2020, 11, 12))
    spans = [(d.start, d.end) for d in found]
    assert all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))
    assert [text[a:b] for a, b in spans] == ["9-10 November 2020", "November 9, 2020", "2020-11-08", "yesterday"]
