"""Text segmentation shared by the stages: paragraphs, sentences and word tokens, with offsets.

Every span is a pair of character offsets into the document text (end exclusive), so any stage
can quote ``text[start:end]`` verbatim.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

try:
    from mypy_extensions import i64   # (mypyc's native 64-bit integer: no tag checks in the loops)
except ImportError:                   # (mypy is only needed to compile; pure Python runs without it)
    i64 = int  # type: ignore[misc]

# the letters that match an ASCII letter under re.I without lower-casing to it, or lower-case to
# two letters: dotted and dotless I, and the long s (every code point checked, in the tests).
# In a text without them, a re.I pattern of lower-case ASCII literals matches the lower-cased
# text, case-sensitively, at the same offsets (the event stage's faster case-insensitive tests)
CASE_ODD: Final = ("\u0130", "\u0131", "\u017f")
_TOKEN: Final = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN_SPLIT: Final = re.compile(r"([^\W_]+)", re.UNICODE)   # the same tokens, with the gaps between them
_PARA_BREAK: Final = re.compile(r"\n[ \t\r\f\v]*\n|\n(?=[ \t]*[•\-*]\s)")   # (matched by hand: _paragraph_breaks)
# Sentence ends: . ! ? (and closing quotes/brackets) followed by space and an upper-case letter,
# a digit or an opening quote; or a line break.
# (the punctuation is matched, not looked behind for: a pattern that opens with a character set
# lets the regex engine skip ahead, and the split point is the end of group 1)
_SENT_END: Final = re.compile(r"""([.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9А-ЯЁ])|\n+""")
_SENT_MARKS: Final = (".", "!", "?", "\n")   # where a sentence end can begin: found first, then matched
_ABBREV_WINDOW: Final = 8  # longer than any abbreviation with its period ("approx.")
_SOFT_WRAP_MIN: Final = 50  # a line this long that ends mid-sentence is wrapped, not ended
# words written with a period that does not end a sentence (titles, months, US states, "e.g.")
ABBREVIATIONS: Final = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "sgt", "st", "mt", "ft",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "inc", "corp", "co", "jr", "sr", "rev", "gov", "sen", "rep", "u.s", "u.k",
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky",
    "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa",
    "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "e.g", "i.e", "approx", "dept", "est", "fig",
}


class Span(NamedTuple):
    """Character offsets into a text, end exclusive."""

    start: int
    end: int


# a Span made as its class's own __new__ makes it, without calling that (interpreted) function;
# both names Final, so that the compiled module reads them without a look-up in its globals
_new_span: Final = tuple.__new__
_SPAN: Final = Span


# A wire dateline opening a report ("KYIV, March 3 (Reuters) -", "BEIRUT (AP) --", "NEW YORK -"): the
# place in capitals a reporter files from, maybe a country, a day and an agency, then a dash
_DATELINE: Final = re.compile(
    r"\s*(?P<place>[A-Z][A-Z'’.\-]+(?:\s[A-Z][A-Z'’.\-]+){0,3}(?:,\s[A-Z][A-Za-z'’.\-]+(?:\s[A-Z][A-Za-z'’.\-]+){0,2})?)"
    r"(?:,\s(?:[A-Z][a-z]{2,8}\.?\s\d{1,2}|\d{1,2}\s[A-Z][a-z]{2,8}))?"
    r"[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*(?:-{1,2}|[–—])[ \t]+")


def dateline(text: str) -> tuple[int, int, int]:
    """Where a wire dateline opening ``text`` (or its second sentence or line, after a headline)
    starts, where its place ends and where it ends ((0, 0, 0) without one): where the reporter
    files from and the day, not where or when anything happened."""
    at = 0
    for _ in range(3):
        m = _DATELINE.match(text, at)
        if m is not None:
            return m.start("place"), m.end("place"), m.end()
        nxt = _HEADLINE_END.search(text, at, min(len(text), at + 300))
        if nxt is None:
            break
        at = nxt.end()
    return 0, 0, 0


_HEADLINE_END: Final = re.compile(r"[.!?]\s+|\n+")


def paragraphs(text: str) -> list[Span]:
    """Blocks of text separated by blank lines (or bullet lines)."""
    spans: list[Span] = []
    pos = 0
    breaks = _paragraph_breaks(text)
    for k in range(0, len(breaks), 2):
        span = _strip(text, pos, breaks[k])   # (empty when the block is white space only)
        if span.end > span.start:
            spans.append(span)
        pos = breaks[k + 1]
    span = _strip(text, pos, len(text))
    if span.end > span.start:
        spans.append(span)
    return spans


def _paragraph_breaks(text: str) -> list[int]:
    """Where each match of ``_PARA_BREAK.finditer(text)`` starts and ends (a flat list), matched
    by hand at each line break: neither alternative can backtrack to a different match (the
    blanks it skips are no line break, no bullet), so one forward scan decides each."""
    out: list[int] = []
    n = len(text)
    at = text.find("\n")
    while at >= 0:
        j = at + 1
        while j < n and ord(text[j]) in _LINE_BLANKS:      # '\n[ \t\r\f\v]*\n'
            j += 1
        if j < n and ord(text[j]) == 10:
            out.append(at)
            out.append(j + 1)
            at = text.find("\n", j + 1)
            continue
        j = at + 1
        while j < n and (ord(text[j]) == 32 or ord(text[j]) == 9):   # '\n(?=[ \t]*[•\-*]\s)'
            j += 1
        if j + 1 < n and ord(text[j]) in _BULLETS and _space_at(text, j + 1):
            out.append(at)
            out.append(at + 1)
        at = text.find("\n", at + 1)
    return out


_LINE_BLANKS: Final = frozenset(map(ord, " \t\r\f\v"))
_BULLETS: Final = frozenset(map(ord, "•-*"))


def _strip(text: str, start: int, end: int) -> Span:
    if start < end and not _space_at(text, start) and not _space_at(text, end - 1):
        return _new_span(_SPAN, (start, end))
    seg = text[start:end]
    right = start + len(seg.rstrip())
    return _new_span(_SPAN, (min(start + len(seg) - len(seg.lstrip()), right), right))


def _space_at(text: str, k: int) -> bool:
    """``text[k].isspace()``, told from the character's code when it is ASCII."""
    c = ord(text[k])
    if c < 128:
        return c == 32 or 9 <= c <= 13 or 28 <= c <= 31
    return text[k].isspace()


# (as character codes) what may follow the punctuation of a sentence end; what may come before
# the capital (or digit) that begins the next sentence
_CLOSERS: Final = frozenset(map(ord, "\"'”’)]"))
_OPENERS: Final = frozenset(map(ord, "\"'“‘(["))


def _sentence_cuts(text: str, start: int, end: int) -> list[int]:
    """``_SENT_END.finditer(text, start, end)`` (the pattern's matches) as a flat list of numbers,
    three a match: where it starts, where its group 1 (the punctuation) ends (-1 for a run of
    line breaks) and where it ends. The pattern is matched by hand at each mark of ``_SENT_MARKS``
    (each found with ``str.find``, a fraction of the regex engine's test at every position): it never
    backtracks to a different match (a closer or an opener is no white space, no white space
    begins a sentence), so one forward scan decides it, without the regex engine's call and the
    match object's methods (``sentences``: 0.54 M -> 0.24 M instructions a report)."""
    out: list[int] = []
    after = start
    marks: list[str] = []
    nexts: list[int] = []        # the next position of each mark still found in the span
    for mark in _SENT_MARKS:
        at = text.find(mark, start, end)
        if at >= 0:
            marks.append(mark)
            nexts.append(at)
    while nexts:
        k, at = 0, nexts[0]      # the nearest mark
        for i in range(1, len(nexts)):
            if nexts[i] < at:
                k, at = i, nexts[i]
        following = text.find(marks[k], max(at + 1, after), end)
        if following >= 0:
            nexts[k] = following
        else:
            del nexts[k]
            del marks[k]
        if at < after:
            continue
        j = at + 1
        if ord(text[at]) == 10:             # "\n+"
            while j < end and ord(text[j]) == 10:
                j += 1
            out.append(at)
            out.append(-1)
            out.append(j)
            after = j
            continue
        while j < end and ord(text[j]) in _CLOSERS:   # '([.!?])["'”’)\]]*'
            j += 1
        e = j
        while e < end and _space_at(text, e):     # '\s+'
            e += 1
        if e == j:
            continue
        c = e + 1 if e < end and ord(text[e]) in _OPENERS else e   # '(?=["'“‘(\[]?[A-Z0-9А-ЯЁ])'
        if c < end:
            o = ord(text[c])
            if 65 <= o <= 90 or 48 <= o <= 57 or 0x410 <= o <= 0x42F or o == 0x401:
                out.append(at)
                out.append(at + 1)
                out.append(e)
                after = e
    return out


def _last_word_start(text: str, lo: int, cut: int) -> int:
    """Where the pattern ``([\\w.]+)\\.$`` searched for in ``text[lo:cut]`` (``cut - 1`` holding a
    period) begins, or -1: the run of word characters and periods that ends just before that
    period, from ``lo`` at the earliest; the word is ``text[start:cut - 1]``."""
    k = cut - 2
    while k >= lo:
        c = ord(text[k])
        if not (97 <= c <= 122 or 65 <= c <= 90 or 48 <= c <= 57 or c == 95 or c == 46
                or (c >= 128 and text[k].isalnum())):
            break
        k -= 1
    return k + 1 if k + 1 <= cut - 2 else -1


def _blank_without_break(text: str, start: int, end: int) -> bool:
    """``not text[start:end].strip() and "\n" not in text[start:end]``, read in place (no slices)."""
    k = start
    while k < end and ord(text[k]) != 10 and _space_at(text, k):
        k += 1
    return k == end


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` as spans of ``text``."""
    end = len(text) if end is None else end
    out: list[Span] = []
    pos = start
    cuts = _sentence_cuts(text, start, end)
    for x in range(0, len(cuts), 3):
        m_start, cut, m_end = cuts[x], cuts[x + 1], cuts[x + 2]
        if cut < 0:
            # a single line break inside a paragraph ends a sentence only after closing
            # punctuation or a short, heading-like line; otherwise it is a soft wrap
            cut = m_start
            if m_end - cut == 1:
                line_start = text.rfind("\n", start, cut) + 1
                before = text[line_start:cut].rstrip()
                if before and before[-1] not in ".!?:\"”’)" and len(before) >= _SOFT_WRAP_MIN:
                    continue
        elif ord(text[cut - 1]) == 46 and _blank_without_break(text, cut, m_end):
            # an abbreviation ("Oct. 12", "Mr. Aliyev", "U.S. troops") does not end a sentence.
            # Only the last few characters can hold one; a word cut by that window is longer
            # than any abbreviation
            lo = max(pos, cut - _ABBREV_WINDOW)
            w_start = _last_word_start(text, lo, cut)
            if w_start >= 0 and (w_start > lo or lo == pos or not (text[lo - 1].isalnum() or text[lo - 1] in "._")):
                w = text[w_start:cut - 1]
                if (len(w) == 1 and not w.isdigit()) or w.lower() in ABBREVIATIONS:
                    continue     # (an initial, "John F. Kennedy"; a digit is no initial: "coded as 0. Taliban")
        span = _strip(text, pos, cut)
        if span.end > span.start:
            out.append(span)
        pos = m_end
    span = _strip(text, pos, end)
    if span.end > span.start:
        out.append(span)
    return out


@lru_cache(maxsize=8)
def document_sentences(text: str) -> tuple[tuple[Span, ...], tuple[int, ...]]:
    """Every sentence of every paragraph of ``text``, and the index of each one's paragraph.

    Remembered for the last few texts: the geoparse and event stages both segment a document.
    """
    spans: list[Span] = []
    para: list[int] = []
    for pi, p in enumerate(paragraphs(text)):
        found = sentences(text, p.start, p.end)
        spans.extend(found)
        para.extend([pi] * len(found))
    return tuple(spans), tuple(para)


SIGMA: Final = "\u03a3"   # the one letter mypyc's str.lower turns otherwise than Python's (see lower)
_PY_LOWER = str.lower   # (called through this name, Python's own, also in the compiled build)


def lower(text: str) -> str:
    """``text.lower()`` as Python computes it. Compiled, ``text.lower()`` is mypyc's lower-casing,
    which is Python's for every character but the capital sigma (Python makes it a final "ς"
    or a "σ" by the letters around it, mypyc always "σ"): a text holding one goes to Python's."""
    return _PY_LOWER(text) if SIGMA in text else text.lower()


@lru_cache(maxsize=8)
def token_parts(text: str) -> tuple[list[str], list[int]]:
    """``text`` cut into gaps and word tokens, alternately (gap, token, gap, ..., gap), and the
    offset where each part starts (then the text's length). Remembered for the last few texts:
    the geoparse and event stages both cut a document into words. The lists are shared: read,
    never change, them.

    This is ``_TOKEN_SPLIT.split(text)`` with running offsets (``token_parts_reference``): a
    token is a maximal run of the characters ``str.isalnum`` accepts, which is what the
    pattern's ``[^\\W_]`` matches. Compiled, one scan of the character codes finds them at a
    fraction of the cost of cutting the text at white space first and testing each chunk
    (0.84 M -> 0.62 M instructions a report in the benchmark).
    """
    parts: list[str] = []
    offsets: list[int] = [0]
    n: i64 = len(text)
    gap: i64 = 0       # where the gap before the next token began
    i: i64 = 0
    c: i64 = 0
    at: i64 = 0
    while i < n:
        c = ord(text[i])
        if c < 128:
            if not (97 <= c <= 122 or 65 <= c <= 90 or 48 <= c <= 57):
                i += 1
                continue
        elif not text[i].isalnum():
            i += 1
            continue
        at = i    # a token begins: run to its end
        i += 1
        while i < n:
            c = ord(text[i])
            if c < 128:
                if not (97 <= c <= 122 or 65 <= c <= 90 or 48 <= c <= 57):
                    break
            elif not text[i].isalnum():
                break
            i += 1
        # (the commonest gaps, one space and a comma or period before one, are the constants: no
        # slice made and freed)
        if at == gap + 1 and ord(text[gap]) == 32:
            parts.append(" ")
        elif at == gap + 2 and ord(text[gap + 1]) == 32 and ord(text[gap]) == 44:
            parts.append(", ")
        elif at == gap + 2 and ord(text[gap + 1]) == 32 and ord(text[gap]) == 46:
            parts.append(". ")
        else:
            parts.append(text[gap:at])
        parts.append(text[at:i])
        offsets.append(at)
        offsets.append(i)
        gap = i
    parts.append(text[gap:])
    offsets.append(n)
    return parts, offsets


def token_parts_reference(text: str) -> tuple[list[str], list[int]]:
    """The plain definition of :func:`token_parts` (the tests hold the two equal)."""
    parts = _TOKEN_SPLIT.split(text)
    offsets = [0]
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    return parts, offsets


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word tokens (runs of letters and digits) of ``text[start:end]`` as (start, end) pairs.

    Plain tuples rather than :class:`Span`: this runs over every word of every report.
    """
    end = len(text) if end is None else end
    return [m.span() for m in _TOKEN.finditer(text, start, end)]
