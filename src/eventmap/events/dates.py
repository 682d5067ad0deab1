"""Dates in report text: explicit, ranges, relative to publication, with the year inferred.

Returns spans so callers can tell which date a sentence states. ``time_precision`` follows
ACLED: 1 the day is known, 2 within a week (ranges, "last week"), 3 within a month.
Hand-written rather than dateparser: dateparser parses one string it is given, while a report
needs every date *found* in running text with its span, and a missing year inferred from the
publication date; dateparser is used by the sources stage for metadata dates.
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
import datetime as _dt
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, NamedTuple

from ..text import CASE_ODD
from .lexicon import all_words

_MONTHS: Final = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
MONTH: Final = r"(?P<{n}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DAY: Final = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR: Final = r"(?:,?\s+(?P<{n}>(?:19|20)\d\d))?"
RANGE_SEP: Final = r"\s*(?:-|–|—|to|and|through|until)\s*"

_PATTERNS: Final = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("md-range", re.compile(r"\b" + MONTH.format(n="m") + r"\s+" + DAY.format(n="d") + RANGE_SEP
                            + r"(?:" + MONTH.format(n="m2") + r"\s+)?" + DAY.format(n="d2") + r"\b" + YEAR.format(n="y"),
                            re.I)),
    ("dm-range", re.compile(r"\b" + DAY.format(n="d") + r"(?:\s+" + MONTH.format(n="m0") + r")?" + RANGE_SEP
                            + DAY.format(n="d2") + r"\s+(?:of\s+)?" + MONTH.format(n="m") + r"\b" + YEAR.format(n="y"), re.I)),
    ("md", re.compile(r"\b" + MONTH.format(n="m") + r"\s+" + DAY.format(n="d") + r"\b(?!\s*%)" + YEAR.format(n="y"), re.I)),
    ("dm", re.compile(r"\b" + DAY.format(n="d") + r"\s+(?:of\s+)?" + MONTH.format(n="m") + r"\b" + YEAR.format(n="y"), re.I)),
    ("month", re.compile(r"\b(?:in|during|since|throughout|early|late|mid-?)\s+" + MONTH.format(n="m") + r"\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
]
# what each pattern cannot match without (a cheap search that spares the pattern's own scan of
# most sentences holding a month's name): iso and month dates hold a year, a month's name is
# followed by whitespace and a day's digit, and a day before its month by whitespace, a dash or
# a range word. Each gate is a part of its pattern, so a span without it has no such date
_GATES: Final = {
    "iso": re.compile(r"(?:19|20)\d\d-"),
    "md-range": re.compile(r"\s\d"),
    "dm-range": re.compile(r"\d(?:st|nd|rd|th)?(?:\s|-|–|—|to|and|through|until)", re.I),
    "md": re.compile(r"\s\d"),
    "dm": re.compile(r"\d(?:st|nd|rd|th)?\s", re.I),
    "month": re.compile(r"(?:19|20)\d\d"),
}
# the patterns whose matches begin with a month's name, at a word start: at an explicit hint
_AT_MONTH: Final = frozenset(("md-range", "md"))
# the patterns whose matches begin with a day's digits after a word boundary: where a word (or a
# part of a hyphenated word) begins with a digit after no word character (see _hint_offsets)
_AT_DAY: Final = frozenset(("dm-range", "dm"))
_WEEKDAYS: Final = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_RELATIVE: Final = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night|"
    r"overnight|earlier today|last week|(?P<n>\d+|two|three|four|five|six|seven) days ago|"
    r"(?:on|last|early|late)?\s*(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:night|morning|evening|afternoon))?)\b", re.I)
_RELATIVE_LOWERED: Final = re.compile(_RELATIVE.pattern)   # (for lower-cased text: see CASE_ODD)
# the words of which every relative date holds one (see _relative_scan)
_KEY_WORDS: Final = ("yesterday|today|tonight|morning|afternoon|evening|night|overnight|week|ago|"
                     "monday|tuesday|wednesday|thursday|friday|saturday|sunday")
_RELATIVE_KEY: Final = re.compile(_KEY_WORDS, re.I)
_RELATIVE_KEY_LOWERED: Final = re.compile(_KEY_WORDS)
# every explicit pattern holds, at a word start, a month's beginning or a year and a hyphen, and
# the relative one a relative word: a text's are found once, from its words, and each kind of
# pattern runs only in spans holding its hints (a span without any has no date: most sentences)
_MONTH_PREFIXES: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RELATIVE_PREFIXES: Final = ("yesterday", "today", "tonight", "morning", "afternoon", "evening", "night", "overnight", "week",
                      "ago", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_LONGER_LOWER: Final = "\u0130"   # the one character whose lower case is longer (two)
_MONTH_HEADS: Final = frozenset(_MONTH_PREFIXES)   # (the long s, "ſept", matches "sept" under re.I)
_RELATIVE_HEADS: Final = frozenset(p[:3] for p in _RELATIVE_PREFIXES)


class _TextHints(NamedTuple):
    """What find_dates keeps of the last text it saw (a document is asked sentence by sentence)."""

    text: str
    explicit: list[int]         # offsets where an explicit date may begin
    relative: list[int]         # offsets of relative date words
    exact: bool                 # every month-like word start is among ``explicit``
    plain: bool                 # no letter of CASE_ODD is in the text (it may be matched lower-cased)
    days: list[int]             # offsets where a day-first date may begin (``\\b\\d``)


_last_hints = _TextHints("", [], [], True, True, [])


_Parts = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]
_NO_PARTS: Final[_Parts] = ((), (), ())
_word_parts: Final[dict[str, _Parts]] = {}


def _parts_of(w: str) -> _Parts:
    """Where in the word ``w`` (at its start or after a hyphen or apostrophe) an explicit date,
    a relative one and a day's digits may begin; kept per word, as words recur from report to
    report (a bounded memo of a pure function)."""
    found = _word_parts.get(w)
    if found is not None:
        return found
    explicit: list[int] = []
    relative: list[int] = []
    days: list[int] = []
    i = 0
    while True:
        head = w[i:i + 3]
        if head in _MONTH_HEADS or head.replace("ſ", "s") in _MONTH_HEADS \
                or (w.startswith(("19", "20"), i) and w[i + 2:i + 4].isdigit()):
            explicit.append(i)
        elif head in _RELATIVE_HEADS and w.startswith(_RELATIVE_PREFIXES, i):
            relative.append(i)
        if head[:1].isdecimal():
            days.append(i)
        if "-" not in w and "'" not in w:
            break
        nxt = [k for k in (w.find("-", i), w.find("'", i)) if k >= 0]
        if not nxt:
            break
        i = min(nxt) + 1
    found = (tuple(explicit), tuple(relative), tuple(days)) if explicit or relative or days else _NO_PARTS
    if len(_word_parts) >= 200_000:
        _word_parts.clear()
    _word_parts[w] = found
    return found


def _hint_offsets(text: str) -> tuple[list[int], list[int], list[int]]:
    """Where an explicit date, a relative one and a day-first one may be: the starts of words
    (and of the parts of hyphenated words, "mid-November") that begin like a month or like
    "2020-", of those that begin like a weekday or a relative date word, and of those that begin
    with a digit after no word character (where ``\\b\\d`` matches: every digit is inside a word,
    and a digit after a non-word character begins a word or a part of one)."""
    _, starts, positions = all_words(text)
    explicit: list[int] = []
    relative: list[int] = []
    days: list[int] = []
    for w, ks in positions.items():   # each distinct word once
        parts = _parts_of(w)
        if parts is _NO_PARTS:
            continue
        for i in parts[0]:
            explicit.extend([starts[k] + i for k in ks])
        for i in parts[1]:
            relative.extend([starts[k] + i for k in ks])
        for i in parts[2]:
            days.extend([starts[k] + i for k in ks])
    # ("2020-": the year's hyphen may also end the word, so it is checked in the text)
    explicit = [a for a in explicit if text[a:a + 1].isalpha() or text.startswith("-", a + 4)]
    days = [a for a in days if not (text[a - 1:a].isalnum() or text[a - 1:a] == "_")]
    return sorted(explicit), sorted(relative), sorted(days)


def _hinted(hints: list[int], start: int, end: int) -> bool:
    k = bisect_left(hints, start)
    return k < len(hints) and hints[k] < end


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int], end: int) -> list[re.Match[str]]:
    """``pattern.finditer(text, starts[0], end)`` for a pattern that can only match at one of
    ``starts`` (sorted): tried there alone, left to right, none overlapping the last found."""
    out: list[re.Match[str]] = []
    after = -1
    for at in starts:
        if at < after:
            continue
        m = pattern.match(text, at, end)
        if m is not None:
            out.append(m)
            after = max(m.end(), at + 1)
    return out


def _text_hints(text: str) -> _TextHints:
    global _last_hints
    if _last_hints.text is not text:
        explicit, relative, days = _hint_offsets(text)
        # a letter that lower-cases to two ("İ") shifts the offsets of the word parts after it;
        # it is the only letter that does (CASE_ODD; its test checks every code point), so
        # looking for it tells what ``len(text.lower()) == len(text)`` tells, without lower-casing
        exact = _LONGER_LOWER not in text
        plain = exact and not any(c in text for c in CASE_ODD)
        _last_hints = _TextHints(text, explicit, relative, exact, plain, days)
    return _last_hints


def _date_hints(text: str) -> tuple[list[int], list[int]]:
    hints = _text_hints(text)
    return hints.explicit, hints.relative


def _hints_are_exact(text: str) -> bool:
    """True when every word start of ``text`` that begins like a month is among its hints."""
    return _text_hints(text).exact


def _relative_matches(text: str, start: int, end: int, plain: bool) -> list[tuple[int, re.Match[str]]]:
    """(offset in ``text``, match) of each relative date in ``text[start:end]``, as
    ``_RELATIVE.finditer(text, start, end)`` finds them. A plain text (no letter of CASE_ODD) is
    matched lower-cased, as the case-insensitive pattern would (its test): only the span and the
    character before it (what ``\\b`` at the span's start looks at) are lower-cased, not the text."""
    if not plain:
        return [(m.start(), m) for m in _relative_scan(_RELATIVE, _RELATIVE_KEY, text, start, end)]
    base = start - 1 if start > 0 else 0
    lowered = text[base:end].lower()
    return [(base + m.start(), m)
            for m in _relative_scan(_RELATIVE_LOWERED, _RELATIVE_KEY_LOWERED, lowered, start - base, len(lowered))]


def _is_word(c: str) -> bool:
    """A character ``\\w`` matches."""
    return c.isalnum() or c == "_"


def _back_over_prefix(s: str, k: int, pos: int) -> int:
    """The earliest place (not before ``pos``) where a relative date holding the key word found at
    ``k`` can begin: before its key a relative date holds at most "this ", "last ", "earlier ",
    "N days ", "on" or white space, that is, the rest of the key's word and at most two words
    each followed by white space."""
    i = k
    for phase in range(5):
        if phase % 2 == 0:
            while i > pos and _is_word(s[i - 1]):
                i -= 1
        else:
            while i > pos and s[i - 1].isspace():
                i -= 1
    return i


def _relative_scan(pattern: re.Pattern[str], key: re.Pattern[str], s: str, pos: int, end: int) -> list[re.Match[str]]:
    """``pattern.finditer(s, pos, end)``, tried only near the key words. Every relative date holds
    a key word (the pattern's words for a day, a time of day, "week" or "ago"), and every place
    a key word is found lies inside one of the key pattern's matches (a scan finds a match there
    or earlier, overlapping it); a date begins within :func:`_back_over_prefix` of its key's match,
    at a word boundary (``\\b``). Those places alone are tried, left to right, none inside the
    last date found, which is what finditer's scan finds; the rest of the span is not scanned."""
    starts: list[int] = []
    for km in key.finditer(s, pos, end):
        lo = _back_over_prefix(s, km.start(), pos)
        if starts and lo <= starts[-1]:
            lo = starts[-1] + 1
        for p in range(lo, km.end()):
            if (p > 0 and _is_word(s[p - 1])) != _is_word(s[p]):
                starts.append(p)
    return _matches_at(pattern, s, starts, end)


_NUM: Final = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    date: _dt.date           # (the module's name: a field called "date" hides the class in here)
    end_date: _dt.date | None
    precision: int
    method: str  # "explicit" | "relative"


def _year_for(month: int, day: int, published: date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        return year
    if candidate > published + timedelta(days=31):
        year -= 1
    return year


def _make(y: int | None, m: int, d: int) -> date | None:
    if y is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None  # "February 30": not a date


class _Taken:
    """Non-overlapping spans already claimed by a date, sorted, so checking one is a bisection.

    A plain list scanned on every match made a sentence holding thousands of dates quadratic.
    """

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, a: int, b: int) -> bool:
        k = bisect_right(self.starts, a)
        if k > 0 and self.ends[k - 1] > a:
            return False
        return not (k < len(self.starts) and self.starts[k] < b)

    def add(self, a: int, b: int) -> None:
        k = bisect_right(self.starts, a)
        self.starts.insert(k, a)
        self.ends.insert(k, b)


def find_dates(text: str, start: int = 0, end: int | None = None, published: date | None = None) -> list[DateMention]:
    """All dates stated in ``text[start:end]``, earliest offset first, non-overlapping."""
    end = len(text) if end is None else end
    found: list[DateMention] = []
    hints = _text_hints(text)
    explicit_hints = hints.explicit
    explicit = _hinted(explicit_hints, start, end)
    relative = published is not None and _hinted(hints.relative, start, end)
    if not (explicit or relative):
        return found
    taken = _Taken()
    free = taken.free

    at_month = explicit_hints[bisect_left(explicit_hints, start):bisect_left(explicit_hints, end)]
    days = hints.days
    at_day = days[bisect_left(days, start):bisect_left(days, end)]
    for kind, pat in _PATTERNS if explicit else ():
        if _GATES[kind].search(text, start, end) is None:
            continue
        if kind in _AT_DAY and hints.exact:
            matches = _matches_at(pat, text, at_day, end)
        elif kind in _AT_MONTH and hints.exact:
            matches = _matches_at(pat, text, at_month, end)
        else:
            matches = list(pat.finditer(text, start, end))
        for m in matches:
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            month = _MONTHS.get((g.get("m") or "").lower().rstrip("."), None)
            if kind == "iso":
                month = int(g["m"])
            if not month:
                continue
            year = int(g["y"]) if g.get("y") else None
            if kind == "month":
                d0 = _make(year, month, 1)
                if d0:
                    last = calendar.monthrange(d0.year, month)[1]
                    found.append(DateMention(m.start(), m.end(), d0, d0.replace(day=last), 3, "explicit"))
                    taken.add(m.start(), m.end())
                continue
            day = int(g["d"])
            if year is None:
                year = _year_for(month, day, published)
            d1 = _make(year, month, day)
            if d1 is None:
                continue
            d2 = None
            if kind in ("md-range", "dm-range"):
                m_start = _MONTHS.get((g.get("m0") or "").lower().rstrip("."), month) if kind == "dm-range" else month
                m_end = _MONTHS.get((g.get("m2") or "").lower().rstrip("."), month) if kind == "md-range" else month
                if kind == "dm-range":
                    d1 = _make(year, m_start, day)
                d2 = _make(year, m_end, int(g["d2"]))
                if d1 is None or d2 is None or d2 < d1 or (d2 - d1).days > 31:
                    continue
            precision = 1 if d2 is None or (d2 - d1).days <= 1 else 2
            found.append(DateMention(m.start(), m.end(), d1, d2, precision, "explicit"))
            taken.add(m.start(), m.end())
    if relative and published is not None:
        for at, m in _relative_matches(text, start, end, hints.plain):
            if not free(at, at + len(m.group())):
                continue
            rel = m.group("rel").lower()
            d2 = None
            precision = 1
            if m.group("wd"):
                wd = _WEEKDAYS[m.group("wd").lower()]
                delta = (published.weekday() - wd) % 7
                d1 = published - timedelta(days=delta)
            elif m.group("n"):
                n = m.group("n").lower()
                d1 = published - timedelta(days=int(n) if n.isdigit() else _NUM[n])
            elif rel in ("yesterday",):
                d1 = published - timedelta(days=1)
            elif rel in ("last night", "overnight"):
                d1, d2 = published - timedelta(days=1), published
            elif rel == "last week":
                d1, d2, precision = published - timedelta(days=7), published - timedelta(days=1), 2
            else:
                d1 = published
            found.append(DateMention(at, at + len(m.group()), d1, d2, precision, "relative"))
            taken.add(at, at + len(m.group()))
    found.sort(key=lambda d: d.start)
    return found
