from datetime import date

from eventmap.events.dates import find_dates

PUBLISHED = date(2020, 11, 10)


def _one(text):
    (d,) = find_dates(text, published=PUBLISHED)
    return d


def test_an_ordinal_date_without_a_year_takes_the_publication_year():
    assert _one("On November 9th, troops advanced.").date == date(2020, 11, 9)


def test_a_date_after_publication_belongs_to_the_previous_year():
    assert _one("On December 28 the talks began.").date == date(2019, 12, 28)


def test_a_night_range_gives_start_and_end():
    d = _one("On the night of November 8-9, a crew fired.")
    assert (d.date, d.end_date) == (date(2020, 11, 8), date(2020, 11, 9))


def test_an_abbreviated_month_is_read():
    assert _one("Fighting resumed on Oct. 12 near the town.").date == date(2020, 10, 12)


def test_a_day_month_year_date_is_read():
    assert _one("On 21 March 2020, militants attacked.").date == date(2020, 3, 21)


def test_yesterday_is_the_day_before_publication():
    d = _one("Yesterday, shelling resumed.")
    assert d.date == date(2020, 11, 9) and d.method == "relative"


def test_a_weekday_is_the_most_recent_one_before_publication():
    assert _one("Shells fell on Sunday.").date == date(2020, 11, 8)


def test_an_impossible_date_is_not_a_date():
    assert find_dates("It happened on February 30.", published=PUBLISHED) == []


def test_dates_inside_hyphenated_and_possessive_words_are_read():
    # the cheap pass that skips date-free sentences looks inside "mid-November" and "army's"
    for text in ("The strike of mid-November 9 hit the bridge.", "The army's November 9 offensive stalled.",
                 "Clashes resumed on 2020-11-09 near the town."):
        assert _one(text).date == date(2020, 11, 9), text


def test_a_weekday_written_with_a_long_s_is_read_like_any_other():
    # the pattern's IGNORECASE takes "ſ" for "s"; the weekday table is spelled in ASCII (this raised KeyError)
    found = find_dates("On ſunday, troops shelled the town again today.", published=PUBLISHED)
    assert [d.date for d in found] == [date(2020, 11, 8), date(2020, 11, 10)]


def test_a_number_of_days_written_with_a_long_s_is_read():
    assert _one("ſix days ago troops shelled the town.").date == date(2020, 11, 4)
