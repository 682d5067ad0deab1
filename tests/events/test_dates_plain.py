"""find_dates finds what plain scans of the span find: each pattern's finditer, no per-text hints
beyond which spans may hold a date at all (the hint words), no bisection."""
import calendar
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventmap.events.dates import (_MONTHS, _NUM, _PATTERNS, _RELATIVE, _WEEKDAYS, _date_hints, _explicit_matches,
                                   _text_hints, _years, find_dates)

FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BITS = st.sampled_from([
    "On", "November", "Nov.", "nov", "sept", "ſept", "MAY", "May", "march", "Dec", "9", "9th", "30", "12", "2020", "1999",
    "19", "20", "-", "–", "—", "to", "TO", "and", "through", "until", "of", "in", "early", "mid-", "_", "'", "’", "st",
    "nd", "th", "TH", "ſt", "İ", " ", "  ", "\n", "\u2003", ",", ".", "%", "٣", "2020-11-09", "x", "é", "Σ",
    "on", "last", "Monday", "sunday", "ſunday", "night", "nıght", "this", "morning", "earlier", "today", "two", "days",
    "ago", "week", "yesterday", "Tonight", "overnight", "late"])
PUBLISHED = st.sampled_from([None, date(2020, 11, 10), date(2020, 12, 15), date(2021, 1, 3), date(2020, 3, 1)])


def _year_for(month, day, published):
    if published is None:
        return None
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        return published.year
    return published.year - 1 if candidate > published + timedelta(days=31) else published.year


def _make(y, m, d):
    try:
        return date(y, m, d) if y is not None else None
    except ValueError:
        return None


def _spelled(word):
    """A matched word as the tables spell it: the pattern's IGNORECASE takes the long s for "s"
    and the dotless and dotted i for "i" ("ſunday", "nıght")."""
    return word.lower().replace("ſ", "s").replace("ı", "i").replace("i\u0307", "i")


def _month(text):
    return _MONTHS.get(_spelled(text or "").rstrip("."))


def plain_find_dates(text, start=0, end=None, published=None):
    """find_dates as a scan: every pattern's finditer over the span, in order, each date kept
    where no earlier one stands (the hint words alone decide whether a span is looked at)."""
    end = len(text) if end is None else end
    explicit_hints, relative_hints = _date_hints(text)
    explicit = any(start <= a < end for a in explicit_hints)
    relative = published is not None and any(start <= a < end for a in relative_hints)
    found, taken = [], []

    def keep(a, b, d1, d2, precision, method):
        found.append((a, b, d1, d2, precision, method))
        taken.append((a, b))

    for kind, pattern in _PATTERNS if explicit else ():
        for m in pattern.finditer(text, start, end):
            a, b = m.span()
            if any(x < b and a < y for x, y in taken):
                continue
            g = m.groupdict()
            month = int(g["m"]) if kind == "iso" else _month(g.get("m"))
            if not month:
                continue
            year = int(g["y"]) if g.get("y") else None
            if kind == "month":
                d0 = _make(year, month, 1)
                if d0:
                    keep(a, b, d0, d0.replace(day=calendar.monthrange(d0.year, month)[1]), 3, "explicit")
                continue
            day = int(g["d"])
            year = _year_for(month, day, published) if year is None else year
            d1, d2 = _make(year, month, day), None
            if d1 is None:
                continue
            if kind in ("md-range", "dm-range"):
                if kind == "dm-range":
                    d1 = _make(year, _month(g.get("m0")) or month, day)
                d2 = _make(year, (_month(g.get("m2")) or month) if kind == "md-range" else month, int(g["d2"]))
                if d1 is None or d2 is None or d2 < d1 or (d2 - d1).days > 31:
                    continue
            keep(a, b, d1, d2, 1 if d2 is None or (d2 - d1).days <= 1 else 2, "explicit")
    for m in _RELATIVE.finditer(text, start, end) if relative else ():
        a, b = m.span()
        if any(x < b and a < y for x, y in taken):
            continue
        rel, n, wd = _spelled(m.group("rel")), m.group("n"), m.group("wd")
        d2, precision = None, 1
        if wd:
            d1 = published - timedelta(days=(published.weekday() - _WEEKDAYS[_spelled(wd)]) % 7)
        elif n:
            d1 = published - timedelta(days=int(n) if n.isdigit() else _NUM[_spelled(n)])
        elif rel == "yesterday":
            d1 = published - timedelta(days=1)
        elif rel in ("last night", "overnight"):
            d1, d2 = published - timedelta(days=1), published
        elif rel == "last week":
            d1, d2, precision = published - timedelta(days=7), published - timedelta(days=1), 2
        else:
            d1 = published
        keep(a, b, d1, d2, precision, "relative")
    return sorted(found, key=lambda d: d[0])


def _found(text, start, end, published):
    return [(d.start, d.end, d.date, d.end_date, d.precision, d.method) for d in find_dates(text, start, end, published)]


def _same(text, start, end, published):
    """find_dates and the plain scans give the same dates."""
    return _found(text, start, end, published) == plain_find_dates(text, start, end, published)


@FAST
@given(st.lists(BITS, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 400), PUBLISHED)
def test_find_dates_finds_what_plain_scans_of_the_span_find(text, start, end, published):
    end = max(start, min(end, len(text)))
    assert _same(text, start, end, published)


@FAST
@given(st.lists(BITS, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 400))
def test_each_pattern_is_tried_where_its_matches_begin(text, start, end):
    end = max(start, min(end, len(text)))
    hints = _text_hints(text)
    years = _years(text, start, end)
    for kind, pattern in _PATTERNS:
        assert [m.span() for m in _explicit_matches(kind, pattern, hints, text, start, end, years)] == \
            [m.span() for m in pattern.finditer(text, start, end)], kind


def test_years_are_where_the_year_gate_matches():
    import re

    for text in ("", "2020", "20192020", "19 20", "x1999-", "2020٣٣", "202", "1920201", "x2019x"):
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                assert _years(text, start, end) == \
                    [p for p in range(start, end) if re.match(r"(?:19|20)\d\d", text[p:end])], (text, start, end)


def test_examples_agree_with_the_plain_scans():
    published = date(2020, 11, 10)
    texts = ["On November 9th, the Armenian forces struck.", "On the night of November 8-9, a crew fired.",
             "Fighting on Nov. 8 to 12 and on 3–5 December 2019.", "From 8 to 10 of November, and 9 Nov 2020.",
             "In mid-November 2020 and during March 2019.", "2020-11-09 and 1999-13-01.", "May 5 % of them may 7",
             "It rained lastmonday and  yesterday", "On ſunday, Nov. 9", "İstanbul, November 9-10: on Sunday",
             "the army’s November 9 offensive", "", "November", "9 November", "Nov 30 – Dec 2", "Tuesday night",
             "x Monday morning and 5 days ago, two days ago", "Dağlıq: last nıght, today", "on ſunday today"]
    for text in texts:
        for start in range(0, len(text) + 1, 3):
            for end in (len(text), max(start, len(text) - 4)):
                assert _same(text, start, end, published), (text, start, end)


@FAST
@given(st.integers(1, 14), st.integers(-1, 40), st.dates(date(1901, 1, 1), date(2099, 12, 31)))
def test_the_year_inferred_is_that_of_the_date_and_its_cut_off(month, day, published):
    from eventmap.events.dates import _year_for as year_for

    assert year_for(month, day, published) == _year_for(month, day, published)
    assert year_for(month, day, None) is None


def test_the_character_classes_by_code_point_are_the_str_methods():
    import sys

    from eventmap.events.dates import _digit_at, _is_word, _letter_at, _space_at, _word_at

    for c in map(chr, range(sys.maxunicode + 1)):
        assert (_letter_at(c, 0), _digit_at(c, 0), _space_at(c, 0), _word_at(c, 0)) == \
            (c.isalpha(), c.isdecimal(), c.isspace(), _is_word(c)), c


def test_forgetting_the_last_text_changes_no_answer():
    from eventmap.events.dates import forget_last_text

    text = "On November 9th and yesterday, troops advanced."
    first = _found(text, 0, len(text), date(2020, 11, 10))
    forget_last_text()
    assert _found(text, 0, len(text), date(2020, 11, 10)) == first
