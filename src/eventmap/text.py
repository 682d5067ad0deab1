"""Text segmentation shared by the stages: paragraphs, sentences and word tokens, with offsets.

Every span is a pair of character offsets into the document text (end exclusive), so any stage
can quote ``text[start:end]`` verbatim.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

# the letters that match an ASCII letter under re.I without lower-casing to it, or lower-case to
# two letters: dotted and dotless I, and the long s (every code point checked, in the tests).
# In a text without them, a re.I pattern of lower-case ASCII literals matches the lower-cased
# text, case-sensitively, at the same offsets (the event stage's faster case-insensitive tests)
CASE_ODD: Final = ("\u0130", "\u0131", "\u017f")
_TOKEN: Final = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN_SPLIT: Final = re.compile(r"([^\W_]+)", re.UNICODE)   # the same tokens, with the gaps between them
_PARA_BREAK: Final = re.compile(r"\n[ \t\r\f\v]*\n|\n(?=[ \t]*[•\-*]\s)")
# Sentence ends: . ! ? (and closing quotes/brackets) followed by space and an upper-case letter,
# a digit or an opening quote; or a line break.
# (the punctuation is matched, not looked behind for: a pattern that opens with a character set
# lets the regex engine skip ahead, and the split point is the end of group 1)
_SENT_END: Final = re.compile(r"""([.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9А-ЯЁ])|\n+""")
_SENT_MARKS: Final = (".", "!", "?", "\n")   # where a sentence end can begin: found first, then matched
_LAST_WORD: Final = re.compile(r"([\w.]+)\.$")
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


_new_span = tuple.__new__


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
    spans, pos = [], 0
    for m in _PARA_BREAK.finditer(text):
        if text[pos:m.start()].strip():
            spans.append(_strip(text, pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append(_strip(text, pos, len(text)))
    return spans


def _strip(text: str, start: int, end: int) -> Span:
    if start < end and not text[start].isspace() and not text[end - 1].isspace():
        return _new_span(Span, (start, end))
    seg = text[start:end]
    right = start + len(seg.rstrip())
    return Span(min(start + len(seg) - len(seg.lstrip()), right), right)


def _sentence_ends(text: str, start: int, end: int):
    """``_SENT_END.finditer(text, start, end)``, but trying the pattern only where it can begin:
    at the marks of ``_SENT_MARKS``, each found with ``str.find`` (a plain scan for one character
    costs a fraction of the regex engine's test of a character set at every position)."""
    after = start
    match = _SENT_END.match
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
        m = match(text, at, end)
        if m is not None:
            yield m
            after = m.end()


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` as spans of ``text``."""
    end = len(text) if end is None else end
    out, pos = [], start
    for m in _sentence_ends(text, start, end):
        cut = m.end(1)
        if cut < 0:
            # a single line break inside a paragraph ends a sentence only after closing
            # punctuation or a short, heading-like line; otherwise it is a soft wrap
            cut = m.start()
            if m.end() - cut == 1:
                line_start = text.rfind("\n", start, cut) + 1
                before = text[line_start:cut].rstrip()
                if before and before[-1] not in ".!?:\"”’)" and len(before) >= _SOFT_WRAP_MIN:
                    continue
        elif text[cut - 1] == "." and not text[cut:m.end()].strip() and "\n" not in text[cut:m.end()]:
            # an abbreviation ("Oct. 12", "Mr. Aliyev", "U.S. troops") does not end a sentence.
            # Only the last few characters can hold one; a word cut by that window is longer
            # than any abbreviation
            lo = max(pos, cut - _ABBREV_WINDOW)
            word = _LAST_WORD.search(text, lo, cut)
            if word and (word.start() > lo or lo == pos or not (text[lo - 1].isalnum() or text[lo - 1] in "._")):
                w = word.group(1)
                if (len(w) == 1 and not w.isdigit()) or w.lower() in ABBREVIATIONS:
                    continue     # (an initial, "John F. Kennedy"; a digit is no initial: "coded as 0. Taliban")
        span = _strip(text, pos, cut)
        if span.end > span.start:
            out.append(span)
        pos = m.end()
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

    This is ``_TOKEN_SPLIT.split(text)`` with running offsets, computed at a third of the cost:
    the text is cut at white space first (which is never part of a token), and most of the
    pieces are a whole token ("village") or a token and one mark ("said."), which ``isalnum``
    says without the regex; only the rest ("(AP)", "Dehyak-e") go through the pattern.
    """
    parts: list[str] = []
    offsets: list[int] = [0]
    split = _TOKEN_SPLIT.split
    gap = 0       # where the gap before the next token began
    pos = 0
    for chunk in text.split():
        # only white space lies between pos and the chunk: after a chunk (pos > 0: text[pos]
        # is white space), a chunk whose first letter is the very next character starts there
        if pos > 0 and text[pos + 1] == chunk[0]:
            at = pos + 1
        else:
            at = text.find(chunk, pos)
        pos = at + len(chunk)
        if chunk.isalnum():
            parts.append(text[gap:at])
            parts.append(chunk)
            offsets.append(at)
            offsets.append(pos)
            gap = pos
        elif chunk[:-1].isalnum():
            parts.append(text[gap:at])
            parts.append(chunk[:-1])
            offsets.append(at)
            offsets.append(pos - 1)
            gap = pos - 1
        else:
            sub = split(chunk)
            n = len(sub)
            if n > 1:   # (else no token: the chunk belongs to the gap)
                at += len(sub[0])
                parts.append(text[gap:at])
                offsets.append(at)
                for k in range(1, n - 1):
                    part = sub[k]
                    parts.append(part)
                    at += len(part)
                    offsets.append(at)
                gap = at
    parts.append(text[gap:])
    offsets.append(len(text))
    return parts, offsets


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word tokens (runs of letters and digits) of ``text[start:end]`` as (start, end) pairs.

    Plain tuples rather than :class:`Span`: this runs over every word of every report.
    """
    end = len(text) if end is None else end
    return [m.span() for m in _TOKEN.finditer(text, start, end)]
