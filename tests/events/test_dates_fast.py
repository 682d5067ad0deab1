"""The faster forms in events.dates find what the plain scans they replace find."""
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventmap.events.dates import (_LONGER_LOWER, _RELATIVE, _RELATIVE_LOWERED, _relative_matches, _text_hints,
                                   find_dates)
from eventmap.text import CASE_ODD

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
RELATIVE_BITS = st.sampled_from(["On", "on", "last", "LAST", "Monday", "monday", "ſunday", "night", "nıght", "this",
                                 "morning", "İ", "earlier", "today", "5", "12", "two", "days", "ago", "week", "yesterday",
                                 " ", "  ", "\n", "\u2003", ",", "x", "_", "-", "Tonight", "overnight", "late", "early",
                                 "Σ", "é", "mon", "day", "K", "\u212a", "afternoon", "evening", "Friday", "sunday"])


def _plain(text):
    return len(text.lower()) == len(text) and not any(c in text for c in CASE_ODD)


def _old(text, start, end):
    """find_dates' relative scan before: the whole text lower-cased, the span scanned through."""
    if _plain(text):
        return [(m.span(), m.groupdict()) for m in _RELATIVE_LOWERED.finditer(text.lower(), start, end)]
    return [(m.span(), m.groupdict()) for m in _RELATIVE.finditer(text, start, end)]


def test_only_one_character_lower_cases_to_more_than_one():
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) != 1] == [_LONGER_LOWER]


@FAST
@given(st.lists(RELATIVE_BITS, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 400))
def test_relative_dates_found_near_their_key_words_are_those_of_the_span_s_scan(text, start, end):
    end = max(start, min(end, len(text)))
    hints = _text_hints(text)
    assert hints.plain == _plain(text)
    new = [((at, at + len(m.group())), m.groupdict()) for at, m in _relative_matches(text, start, end)]
    assert new == _old(text, start, end)


def test_examples_of_relative_dates():
    for text in ("Shells fell on Sunday.", "It rained lastmonday and  yesterday", "5 days ago, and two days ago",
                 "He said   monday night it was over", "x_today is not, tonight is", "This Morning;this evening",
                 "earlier today last week", "ON   SUNDAY", "on ſunday", "İ on Sunday", "Dağlıq: last nıght, today",
                 "on ſunday night and ſix days ago", "ı yesterdayK tonight", "Σ on Monday Σ"):
        for start in range(0, len(text), 3):
            new = [((at, at + len(m.group())), m.groupdict()) for at, m in
                   _relative_matches(text, start, len(text))]
            assert new == _old(text, start, len(text)), (text, start)
    assert [d.start for d in find_dates("He said monday it was over", published=__import__("datetime").date(2020, 11, 10))] == [7]
