"""The event lexicon (``data/lexicon/events.toml``, ``actors.toml``) and a phrase matcher."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, Iterator, TypeVar

from ..paths import read_lexicon

T = TypeVar("T")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=64)
def _all_words(text: str) -> tuple[tuple[tuple[str, int, int], ...], list[int]]:
    out = []
    for m in _WORD.finditer(text):
        w = m.group().lower()
        if "’" in w:
            w = w.replace("’", "'")
        out.append((w, m.start(), m.end()))
    return tuple(out), [w[1] for w in out]


@lru_cache(maxsize=16384)
def words(text: str, start: int = 0, end: int | None = None) -> tuple[tuple[str, int, int], ...]:
    """Lower-cased words of ``text[start:end]`` with their offsets (hyphenated words kept whole).

    The text is split once; a span's words are a slice of that (the event stage asks for the
    words of the same sentences and clauses many times).
    """
    end = len(text) if end is None else end
    ws, starts = _all_words(text)
    i, j = bisect_left(starts, start), bisect_left(starts, end)
    if j > i and ws[j - 1][2] > end:
        j -= 1
    return ws[i:j]


class PhraseMatcher(Generic[T]):
    """Find lexicon phrases (word sequences) in a word list; longest match at each word."""

    def __init__(self, phrases: dict[str, T]):
        self._memo: dict[tuple, tuple] = {}
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for phrase, payload in phrases.items():
            toks = tuple(w for w, _, _ in words(phrase))
            if toks:
                self._by_first.setdefault(toks[0], []).append((toks, payload))
        for v in self._by_first.values():
            v.sort(key=lambda t: -len(t[0]))

    def find(self, text: str, start: int = 0, end: int | None = None) -> tuple[tuple[int, int, str, T], ...]:
        """All matches in ``text[start:end]`` (memoised per text span)."""
        key = (text, start, end)
        hit = self._memo.get(key)
        if hit is None:
            if len(self._memo) > 16384:
                self._memo.clear()
            hit = self._memo[key] = tuple(self.finditer(words(text, start, end)))
        return hit

    def any(self, text: str, start: int = 0, end: int | None = None) -> bool:
        return bool(self.find(text, start, end))

    def finditer(self, ws) -> Iterator[tuple[int, int, str, T]]:
        """Yield (first word index, last word index, phrase, payload), longest first, no overlaps."""
        by_first = self._by_first
        n_words = len(ws)
        i = 0
        while i < n_words:
            options = by_first.get(ws[i][0])
            if options is None:
                i += 1
                continue
            hit = None
            for toks, payload in options:
                n = len(toks)
                if i + n <= n_words and all(ws[i + k][0] == toks[k] for k in range(1, n)):
                    hit = (i, i + n - 1, " ".join(toks), payload)
                    break
            if hit:
                yield hit
                i = hit[1] + 1
            else:
                i += 1


@dataclass(frozen=True, slots=True)
class Trigger:
    role: str
    weight: float
    event_type: str
    sub_event_type: str


@dataclass(frozen=True)
class EventLexicon:
    triggers: PhraseMatcher[Trigger]
    weapons: PhraseMatcher[str]
    intent: PhraseMatcher[bool]
    hedges: PhraseMatcher[bool]
    disputes: PhraseMatcher[bool]
    denials: PhraseMatcher[bool]
    according: PhraseMatcher[bool]
    verbs: frozenset[str]


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    lex = read_lexicon("events")
    trig: dict[str, Trigger] = {}
    for t in lex["trigger"]:
        spec = Trigger(t["role"], float(t["weight"]), t["event_type"], t["sub_event_type"])
        for w in t["words"]:
            trig.setdefault(w, spec)
    weapons = {w: sub for sub, ws in lex["weapons"].items() for w in ws}
    c = lex["claims"]
    flag = lambda ws: PhraseMatcher({w: True for w in ws})  # noqa: E731
    return EventLexicon(PhraseMatcher(trig), PhraseMatcher(weapons), flag(lex["intent"]["words"]),
                        flag(c["hedges"]), flag(c["disputes"]), flag(c["denials"]), flag(c["according"]),
                        frozenset(c["verbs"]))


@lru_cache(maxsize=1)
def actor_lexicon() -> dict:
    return read_lexicon("actors")
