"""Text segmentation shared by the stages: paragraphs, sentences and word tokens, with offsets.

Every span is a pair of character offsets into the document text (end exclusive), so any stage
can quote ``text[start:end]`` verbatim.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n|\n(?=[ \t]*[•\-*]\s)")
# Sentence ends: . ! ? (and closing quotes/brackets) followed by space and an upper-case letter,
# a digit or an opening quote; or a line break.
_SENT_END = re.compile(r"""(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9А-ЯЁ])|\n+""")
_LAST_WORD = re.compile(r"([\w.]+)\.$")
_ABBREV_WINDOW = 32  # longer than any abbreviation, so a cut word is never taken for one
_SOFT_WRAP_MIN = 50  # a line this long that ends mid-sentence is wrapped, not ended
_ABBREV = {
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
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` as spans of ``text``."""
    end = len(text) if end is None else end
    out, pos = [], start
    for m in _SENT_END.finditer(text, start, end):
        if m.group() == "\n":
            # a single line break inside a paragraph ends a sentence only after closing
            # punctuation or a short, heading-like line; otherwise it is a soft wrap
            line_start = text.rfind("\n", start, m.start()) + 1
            before = text[line_start:m.start()].rstrip()
            if before and before[-1] not in ".!?:\"”’)" and len(before) >= _SOFT_WRAP_MIN:
                continue
        if m.group().strip() == "" and "\n" not in m.group():
            # an abbreviation ("Oct. 12", "Mr. Aliyev", "U.S. troops") does not end a sentence
            # only the tail can hold an abbreviation: searching the whole sentence so far made
            # "Mr. Mr. Mr. ..." quadratic
            word = _LAST_WORD.search(text, max(pos, m.start() - _ABBREV_WINDOW), m.start())
            if word and (word.group(1).lower() in _ABBREV or len(word.group(1)) == 1):
                continue
        if text[pos:m.start()].strip():
            out.append(_strip(text, pos, m.start()))
        pos = m.end()
    if text[pos:end].strip():
        out.append(_strip(text, pos, end))
    return out


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word tokens (runs of letters and digits) of ``text[start:end]`` as (start, end) pairs.

    Plain tuples rather than :class:`Span`: this runs over every word of every report.
    """
    end = len(text) if end is None else end
    return [m.span() for m in _TOKEN.finditer(text, start, end)]
