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
import datetime as _dt
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from ..text import CASE_ODD
from .lexicon import _bisect_left, all_words

_MONTHS: Final = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
MONTH: Final = (r"(?P<{n}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
                r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
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
# a range word. Each gate is a part of its pattern, so a span without it has no such date.
# (Searched for only in texts whose hints are not exact, see _TextHints; elsewhere each pattern
# is tried at the places it can begin, _explicit_matches.)
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


def _key(word: str) -> str:
    """A word the patterns matched (IGNORECASE) as the tables above spell it: lower-cased, with
    the letters IGNORECASE takes for an ASCII one and str.lower keeps apart (long s for "s",
    dotless and dotted i for "i": "ſunday", "Laſt nıght") written as that letter."""
    low = word.lower()
    if low.isascii():
        return low
    return low.replace("\u017f", "s").replace("\u0131", "i").replace("i\u0307", "i")
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
# what str.find looks for instead: each key word holds one of these, in one run of word
# characters ("yesterday", "Monday" hold "day"; "tonight", "overnight" "night")
_KEY_FINDS: Final = ("day", "night", "morning", "afternoon", "evening", "week", "ago")
_KEY_SPAN: Final = 16   # (a key word found is kept as one int: its offset times this, plus its length)
# every explicit pattern holds, at a word start, a month's beginning or a year and a hyphen, and
# the relative one a relative word: a text's are found once, from its words, and each kind of
# pattern runs only in spans holding its hints (a span without any has no date: most sentences)
_MONTH_PREFIXES: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RELATIVE_PREFIXES: Final = ("yesterday", "today", "tonight", "morning", "afternoon", "evening", "night", "overnight", "week",
                      "ago", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_LONGER_LOWER: Final = "\u0130"   # the one character whose lower case is longer (two)
_MONTH_HEADS: Final = frozenset(_MONTH_PREFIXES)   # (the long s, "ſept", matches "sept" under re.I)
_RELATIVE_HEADS: Final = frozenset(p[:3] for p in _RELATIVE_PREFIXES)


class _TextHints:
    """What find_dates keeps of the last text it saw (a document is asked sentence by sentence):
    where each kind of date may begin, found once per text; a sentence's are then a bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        explicit, relative, days = _hint_offsets(text)
        self.explicit = explicit    # offsets where an explicit date may begin
        self.relative = relative    # offsets of relative date words
        self.days = days            # offsets where a day-first date may begin (``\\b\\d``)
        # a letter that lower-cases to two ("İ") shifts the offsets of the word parts after it;
        # it is the only letter that does (CASE_ODD; its test checks every code point), so
        # looking for it tells what ``len(text.lower()) == len(text)`` tells, without lower-casing
        self.exact = _LONGER_LOWER not in text    # every month-like word start is among ``explicit``
        # no letter of CASE_ODD is in the text (it may be matched lower-cased)
        self.plain = self.exact and not any(c in text for c in CASE_ODD)
        # where a month's name may begin (the hints that are letters), and for each, where the
        # day of "November 9" would begin after it (-1: no digit follows the name, its full stop
        # and white space) and whether a range's separator may follow that day ("November 8-9")
        # (wanted only where the hints are exact)
        self.months: list[int] = []
        self.month_days: list[int] = []
        self.month_ranges: list[bool] = []
        for a in explicit if self.exact else []:
            if _letter_at(text, a):
                day = _day_after_month(text, a)
                self.months.append(a)
                self.month_days.append(day)
                self.month_ranges.append(day >= 0 and _range_may_follow(text, day))


# (character classes by code point, the str method called only past ASCII: compiled, a method
# call on a one-character string costs some 300 instructions, these a few)
def _letter_at(text: str, i: int) -> bool:
    """``text[i].isalpha()``."""
    c = ord(text[i])
    if c < 128:
        return 97 <= (c | 32) <= 122
    return text[i].isalpha()


def _digit_at(text: str, i: int) -> bool:
    """``text[i].isdecimal()`` (what ``\\d`` matches)."""
    c = ord(text[i])
    if c < 128:
        return 48 <= c <= 57
    return text[i].isdecimal()


def _space_at(text: str, i: int) -> bool:
    """``text[i].isspace()`` (what ``\\s`` matches; in ASCII also the separators \\x1c-\\x1f)."""
    c = ord(text[i])
    if c < 128:
        return c == 32 or 9 <= c <= 13 or 28 <= c <= 31
    return text[i].isspace()


def _word_at(text: str, i: int) -> bool:
    """``_is_word(text[i])`` (what ``\\w`` matches)."""
    c = ord(text[i])
    if c < 128:
        return 97 <= (c | 32) <= 122 or 48 <= c <= 57 or c == 95
    return text[i].isalnum()


def _day_after_month(text: str, a: int) -> int:
    """Where the day of a month-first date ("November 9", "Nov. 9") whose month's name begins at
    ``a`` begins, or -1 when none can: the name (letters: the patterns' month names match only
    letters, and are followed by neither) runs to the end of the letters, then an optional full
    stop, white space, and a digit."""
    n = len(text)
    i = a
    while i < n and _letter_at(text, i):
        i += 1
    if i < n and text[i] == ".":
        i += 1
    j = i
    while j < n and _space_at(text, j):
        j += 1
    return j if i < j < n and _digit_at(text, j) else -1


def _range_may_follow(text: str, day: int) -> bool:
    """Whether a range separator (RANGE_SEP: white space, then a dash or "to", "and", "through",
    "until") may follow the day whose digits begin at ``day``: the day is its run of digits,
    perhaps with an ordinal's two letters, and the separator's first character after white space
    is a dash or a t, a or u (no other letter matches those under re.I)."""
    n = len(text)
    k = day
    while k < n and _digit_at(text, k):
        k += 1
    for x in (k, k + 2):
        while x < n and _space_at(text, x):
            x += 1
        if x < n and text[x] in "-–—tTaAuU":
            return True
    return False


def _years(text: str, start: int, end: int) -> list[int]:
    """The offsets where ``(?:19|20)\\d\\d`` matches in ``text[start:end]`` (overlapping ones
    too), sorted (a sentence's, looked for only in a sentence with an explicit hint)."""
    found: list[int] = []
    if end - start < 4:
        return found
    for century in ("19", "20"):
        p = text.find(century, start, end - 2)
        while p >= 0:
            if _digit_at(text, p + 2) and _digit_at(text, p + 3):
                found.append(p)
            p = text.find(century, p + 1, end - 2)
    if len(found) > 1:
        found.sort()
    return found


# (explicit, relative, days) offsets in a word, or () for a word with none; variable-length, so
# that compiled it is a Python tuple, the memo's own: a fixed-length tuple type is unboxed, and
# boxed anew (twice) per word
_Parts = tuple[tuple[int, ...], ...]
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
    found = (tuple(explicit), tuple(relative), tuple(days)) if explicit or relative or days else ()
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
    # each distinct word once, by key: its positions are looked up only for the few words that
    # hold a hint (iterating the items built a tuple per word: 0.25 M -> 0.08 M a report)
    # (the memo read here, _parts_of called only for a word not in it: a call per word spared)
    memo = _word_parts
    for w in positions:
        parts = memo.get(w)
        if parts is None:
            parts = _parts_of(w)
        if not parts:
            continue
        ks = positions[w]
        for i in parts[0]:
            explicit.extend([starts[k] + i for k in ks])
        for i in parts[1]:
            relative.extend([starts[k] + i for k in ks])
        for i in parts[2]:
            days.extend([starts[k] + i for k in ks])
    # ("2020-": the year's hyphen may also end the word, so it is checked in the text)
    explicit = [a for a in explicit if text[a:a + 1].isalpha() or text.startswith("-", a + 4)]
    days = [a for a in days if not (text[a - 1:a].isalnum() or text[a - 1:a] == "_")]
    explicit.sort()
    relative.sort()
    days.sort()
    return explicit, relative, days


def _hinted(hints: list[int], start: int, end: int) -> bool:
    k = _bisect_left(hints, start)
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
    hints = _LAST.hints
    if hints.text is not text:
        hints = _TextHints(text)
        _LAST.hints = hints
    return hints


class _Last:
    """The hints of the last text asked about (a native attribute: no module dictionary lookup),
    and the last publication date a year was inferred for, 31 days on (``_year_for``), as
    ``(year * 100 + month) * 100 + day``."""

    def __init__(self) -> None:
        self.hints = _TextHints("")
        self.published: date | None = None
        self.cutoff = 0


_LAST: Final = _Last()


def forget_last_text() -> None:
    """Let go of the last text's hints (benchmarks: a text timed again must cost what a new one does)."""
    _LAST.hints = _TextHints("")
    _LAST.published = None


def _date_hints(text: str) -> tuple[list[int], list[int]]:
    hints = _text_hints(text)
    return hints.explicit, hints.relative


def _hints_are_exact(text: str) -> bool:
    """True when every word start of ``text`` that begins like a month is among its hints."""
    return _text_hints(text).exact


def _relative_matches(text: str, start: int, end: int) -> list[tuple[int, re.Match[str]]]:
    """(offset in ``text``, match) of each relative date in ``text[start:end]``, as
    ``_RELATIVE.finditer(text, start, end)`` finds them."""
    base, matches = _relative_found(text, start, end, _text_hints(text))
    return [(base + m.start(), m) for m in matches]


def _relative_found(text: str, start: int, end: int, hints: _TextHints) -> tuple[int, list[re.Match[str]]]:
    """The relative dates in ``text[start:end]``, as ``_RELATIVE.finditer(text, start, end)``
    finds them, matched in ``text`` (offset 0) or in a string that begins at the offset
    returned. Their key words are found in the span lower-cased: only the span and the character
    before it (what ``\\b`` at the span's start looks at), not the text. A plain text (no letter
    of CASE_ODD) is matched lower-cased too, as the case-insensitive pattern would (its test);
    in another one whose offsets lower-casing keeps (no "İ") the dotless ı and the long s, which
    re.I matches with i and s, are made those to find the key words, and the text itself is
    matched; in the rest a key pattern finds them (_relative_scan)."""
    if not hints.exact:
        return 0, _relative_scan(_RELATIVE, _RELATIVE_KEY, text, start, end)
    base = start - 1 if start > 0 else 0
    lowered = text[base:end].lower()
    if hints.plain:
        return base, _matches_at(_RELATIVE_LOWERED, lowered, _key_starts(lowered, start - base), len(lowered))
    folded = lowered.replace("ı", "i").replace("ſ", "s")
    return 0, _matches_at(_RELATIVE, text, [base + p for p in _key_starts(folded, start - base)], end)


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
            while i > pos and _word_at(s, i - 1):
                i -= 1
        else:
            while i > pos and _space_at(s, i - 1):
                i -= 1
    return i


def _relative_scan(pattern: re.Pattern[str], key: re.Pattern[str], s: str, pos: int, end: int) -> list[re.Match[str]]:
    """``pattern.finditer(s, pos, end)``, tried only near the key words. Every relative date holds
    a key word (the pattern's words for a day, a time of day, "week" or "ago"), and every place
    a key word is found lies inside one of the key pattern's matches (a scan finds a match there
    or earlier, overlapping it); a date begins within :func:`_back_over_prefix` of its key's match,
    at a word boundary (``\\b``). Those places alone are tried, left to right, none inside the
    last date found, which is what finditer's scan finds; the rest of the span is not scanned."""
    keys: list[int] = []
    for km in key.finditer(s, pos, end):
        a, b = km.span()
        keys.append(a * _KEY_SPAN + b - a)
    return _matches_at(pattern, s, _starts_near(s, keys, pos), end)


def _key_starts(s: str, pos: int) -> list[int]:
    """Where a relative date can begin in ``s[pos:]`` (lower-cased), as _relative_scan finds
    those places, with the key words' places found by ``str.find``: each key word holds one of
    _KEY_FINDS inside its run of word characters, so that the earliest place a date holding it
    may begin (_back_over_prefix) is the same from either, and every place each stands covers
    what the key pattern's matches cover. A span's relative dates in 0.1 M instructions a report
    instead of 0.55 M (the key pattern's scan, an alternation of 17 words tried at every
    character, was most of it)."""
    keys: list[int] = []
    end = len(s)
    for word in _KEY_FINDS:
        n = len(word)
        q = s.find(word, pos, end)
        while q >= 0:
            keys.append(q * _KEY_SPAN + n)
            q = s.find(word, q + 1, end)
    if not keys:
        return keys
    keys.sort()
    return [p for p in _starts_near(s, keys, pos) if _may_begin_relative(s, p)]


# how a relative date begins: with one of these words (or a prefix of one, "lastmonday"), a
# digit, or white space before a weekday (the pattern's "(?:on|last|early|late)?\s*" empty)
_RELATIVE_FIRSTS: Final = ("yesterday", "today", "tonight", "this", "last", "overnight", "earlier", "two", "three", "four",
                           "five", "six", "seven", "on", "early", "late", "monday", "tuesday", "wednesday", "thursday",
                           "friday", "saturday", "sunday")
_RELATIVE_HEADS_2: Final = frozenset(w[:2] for w in _RELATIVE_FIRSTS)
_WEEKDAY_NAMES: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_HEADS_2: Final = frozenset(w[:2] for w in _WEEKDAY_NAMES)


def _may_begin_relative(s: str, p: int) -> bool:
    """Whether a relative date may begin at ``p`` in the lower-cased ``s``: a cheap look at its
    beginning spares the pattern's match at most places _starts_near gives (the other words and
    the white space before them: some 2,000 instructions each)."""
    if _space_at(s, p):
        q = p + 1
        while q < len(s) and _space_at(s, q):
            q += 1
        return s[q:q + 2] in _WEEKDAY_HEADS_2 and s.startswith(_WEEKDAY_NAMES, q)
    if not _letter_at(s, p):
        return True
    # (the first two letters first: a slice and a set lookup, cheaper than startswith's call)
    return s[p:p + 2] in _RELATIVE_HEADS_2 and s.startswith(_RELATIVE_FIRSTS, p)


def _starts_near(s: str, keys: list[int], pos: int) -> list[int]:
    """The places a relative date can begin near the key words at ``keys`` (sorted, each its
    offset times _KEY_SPAN plus its length): the word boundaries from _back_over_prefix of each
    to its end, each once, in order (the earliest place is the same or later for a later key)."""
    starts: list[int] = []
    for v in keys:
        k = v // _KEY_SPAN
        lo = _back_over_prefix(s, k, pos)
        if starts and lo <= starts[-1]:
            lo = starts[-1] + 1
        for p in range(lo, k + v % _KEY_SPAN):
            if (p > 0 and _word_at(s, p - 1)) != _word_at(s, p):
                starts.append(p)
    return starts


_NUM: Final = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    date: _dt.date           # (the module's name: a field called "date" hides the class in here)
    end_date: _dt.date | None
    precision: int
    method: str  # "explicit" | "relative"

    def __init__(self, start: int, end: int, date: _dt.date, end_date: _dt.date | None, precision: int,
                 method: str) -> None:
        # written out (the dataclass keeps a class's own __init__): compiled, a mention is then
        # built natively, not by the interpreted __init__ dataclasses generates (9,800
        # instructions a mention -> 480; object.__setattr__ as a frozen dataclass's own would)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "date", date)
        object.__setattr__(self, "end_date", end_date)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "method", method)


def _year_for(month: int, day: int, published: date | None) -> int | None:
    """The year of a date written without one: the publication's, or the year before when the
    date would fall more than 31 days after the publication. Worked out on integers (building
    the date and the cut-off each time cost 6,000 instructions a date)."""
    if published is None:
        return None
    year = published.year
    if not _is_date(year, month, day):
        return year
    last = _LAST
    if last.published is not published:
        later = published + timedelta(days=31)
        last.cutoff = (later.year * 100 + later.month) * 100 + later.day
        last.published = published
    if (year * 100 + month) * 100 + day > last.cutoff:
        year -= 1
    return year


_MONTH_LENGTHS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_date(y: int, m: int, d: int) -> bool:
    """Whether ``date(y, m, d)`` is a date, for a year within date's range."""
    if not (1 <= m <= 12 and d >= 1):
        return False
    if m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
        return d <= 29
    return d <= _MONTH_LENGTHS[m - 1]


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

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, a: int, b: int) -> bool:
        k = _bisect_right(self.starts, a)
        if k > 0 and self.ends[k - 1] > a:
            return False
        return not (k < len(self.starts) and self.starts[k] < b)

    def add(self, a: int, b: int) -> None:
        k = _bisect_right(self.starts, a)
        self.starts.insert(k, a)
        self.ends.insert(k, b)


def _bisect_right(a: list[int], x: int) -> int:
    """``bisect.bisect_right(a, x)``, compiled (a third of the library call's cost)."""
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _between(hints: list[int], start: int, end: int) -> list[int]:
    """The offsets of ``hints`` (sorted) in ``[start, end)``."""
    k = _bisect_left(hints, start)
    return hints[k:_bisect_left(hints, end, k)]


def _explicit_matches(kind: str, pattern: re.Pattern[str], hints: _TextHints, text: str, start: int,
                      end: int, years: list[int]) -> list[re.Match[str]]:
    """``pattern.finditer(text, start, end)``, the pattern of ``kind``, tried where it can match.

    Each kind is tried only where its date can begin: an ISO date at a year (of ``years``, the
    span's) followed by a hyphen; a month-first date at a month's name followed by a day (and,
    for a range, by a separator after it); a day-first date at a word's digits before the span's
    last month's name. A month's date needs a year in the span (its gate), and a text whose word
    offsets are not exact (see _TextHints) has its spans searched as the gates let them."""
    if kind == "iso":
        return _matches_at(pattern, text, [p for p in years if text.startswith("-", p + 4)], end)
    if kind == "month":
        return list(pattern.finditer(text, start, end)) if years else []
    if not hints.exact:
        return list(pattern.finditer(text, start, end)) if _GATES[kind].search(text, start, end) else []
    months = hints.months
    if kind in _AT_MONTH:
        ranged = kind == "md-range"
        at: list[int] = []
        for i in range(_bisect_left(months, start), _bisect_left(months, end)):
            day = hints.month_days[i]
            if 0 <= day < end and (hints.month_ranges[i] or not ranged):
                at.append(months[i])
        return _matches_at(pattern, text, at, end)
    # (kind in _AT_DAY) a day-first date ends with a month's name, after its day
    last = _bisect_left(months, end) - 1
    if last < 0 or months[last] <= start:
        return []
    return _matches_at(pattern, text, _between(hints.days, start, months[last]), end)


def find_dates(text: str, start: int = 0, end: int | None = None, published: date | None = None) -> list[DateMention]:
    """All dates stated in ``text[start:end]``, earliest offset first, non-overlapping."""
    end = len(text) if end is None else end
    found: list[DateMention] = []
    hints = _text_hints(text)
    explicit = _hinted(hints.explicit, start, end)
    relative = published is not None and _hinted(hints.relative, start, end)
    if not (explicit or relative):
        return found
    taken = _Taken()
    years = _years(text, start, end) if explicit else []
    for kind, pat in _PATTERNS if explicit else ():
        for m in _explicit_matches(kind, pat, hints, text, start, end, years):
            a, b = m.span()
            if not taken.free(a, b):
                continue
            g = m.groupdict()
            month = _MONTHS.get(_key(g.get("m") or "").rstrip("."), None)
            if kind == "iso":
                month = int(g["m"])
            if not month:
                continue
            year = int(g["y"]) if g.get("y") else None
            if kind == "month":
                d0 = _make(year, month, 1)
                if d0:
                    last = calendar.monthrange(d0.year, month)[1]
                    found.append(DateMention(a, b, d0, d0.replace(day=last), 3, "explicit"))
                    taken.add(a, b)
                continue
            day = int(g["d"])
            if year is None:
                year = _year_for(month, day, published)
            d1 = _make(year, month, day)
            if d1 is None:
                continue
            d2 = None
            if kind in ("md-range", "dm-range"):
                m_start = _MONTHS.get(_key(g.get("m0") or "").rstrip("."), month) if kind == "dm-range" else month
                m_end = _MONTHS.get(_key(g.get("m2") or "").rstrip("."), month) if kind == "md-range" else month
                if kind == "dm-range":
                    d1 = _make(year, m_start, day)
                d2 = _make(year, m_end, int(g["d2"]))
                if d1 is None or d2 is None or d2 < d1 or (d2 - d1).days > 31:
                    continue
            precision = 1 if d2 is None or (d2 - d1).days <= 1 else 2
            found.append(DateMention(a, b, d1, d2, precision, "explicit"))
            taken.add(a, b)
    if relative and published is not None:
        base, matches = _relative_found(text, start, end, hints)
        for m in matches:
            a, b = m.span()
            a += base
            b += base
            if not taken.free(a, b):
                continue
            rel, n, wd = m.groups()   # (the groups rel, n and wd: one call, not three)
            rel = _key(rel)
            d2 = None
            precision = 1
            if wd:
                delta = (published.weekday() - _WEEKDAYS[_key(wd)]) % 7
                d1 = published - timedelta(days=delta)
            elif n:
                n = _key(n)
                d1 = published - timedelta(days=int(n) if n.isdigit() else _NUM[n])
            elif rel in ("yesterday",):
                d1 = published - timedelta(days=1)
            elif rel in ("last night", "overnight"):
                d1, d2 = published - timedelta(days=1), published
            elif rel == "last week":
                d1, d2, precision = published - timedelta(days=7), published - timedelta(days=1), 2
            else:
                d1 = published
            found.append(DateMention(a, b, d1, d2, precision, "relative"))
            taken.add(a, b)
    if not _in_order(found):
        found.sort(key=_start_of)
    return found


def _in_order(found: list[DateMention]) -> bool:
    """Whether ``found`` is sorted by start already (most are: one date, or explicit dates alone)."""
    for k in range(1, len(found)):
        if found[k].start < found[k - 1].start:
            return False
    return True


def _start_of(d: DateMention) -> int:
    return d.start
