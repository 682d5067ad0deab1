"""The event lexicon (``data/lexicon/events.toml``, ``actors.toml``) and a phrase matcher."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, Iterator, TypeVar

from ..paths import read_lexicon

T = TypeVar("T")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Lower-cased words of ``text[start:end]`` with their offsets (hyphenated words kept whole)."""
    end = len(text) if end is None else end
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


class PhraseMatcher(Generic[T]):
    """Find lexicon phrases (word sequences) in a word list; longest match at each word."""

    def __init__(self, phrases: dict[str, T]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for phrase, payload in phrases.items():
            toks = tuple(w for w, _, _ in words(phrase))
            if toks:
                self._by_first.setdefault(toks[0], []).append((toks, payload))
        for v in self._by_first.values():
            v.sort(key=lambda t: -len(t[0]))

    def finditer(self, ws: list[tuple[str, int, int]]) -> Iterator[tuple[int, int, str, T]]:
        """Yield (first word index, last word index, phrase, payload), longest first, no overlaps."""
        i = 0
        while i < len(ws):
            hit = None
            for toks, payload in self._by_first.get(ws[i][0], ()):
                n = len(toks)
                if tuple(w for w, _, _ in ws[i:i + n]) == toks:
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
