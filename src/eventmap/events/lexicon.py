"""The event lexicon (``data/lexicon/events.toml``, ``actors.toml``) and a phrase matcher."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any, Final, Generic, TypeVar, cast

from ..paths import read_lexicon
from ..text import SIGMA, lower as _lower, token_parts

try:
    from mypy_extensions import i64   # (mypyc's native 64-bit integer: no tag checks in the loops)
except ImportError:                   # (mypy is only needed to compile; pure Python runs without it)
    i64 = int  # type: ignore[misc]

T = TypeVar("T")
_WORD: Final = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)

_Words = tuple[tuple[tuple[str, int, int], ...], list[int], dict[str, list[int]]]


@lru_cache(maxsize=64)
def all_words(text: str) -> _Words:
    """The lower-cased words of a text with their offsets, their start offsets, and the
    positions of each distinct word.

    The words are the text's tokens (text.token_parts, shared with the geoparse stage), joined
    across a single hyphen or apostrophe, as ``_lower(text).replace("’", "'")`` writes them at
    the same offsets: lower-casing changes no character from letter or digit to other or back
    (checked over all of Unicode). Only the dotted capital I lower-cases to two characters;
    a text holding one is read by the pattern (:func:`_pattern_words`).

    Compiled, each word is lower-cased alone instead of the whole text: a token of ASCII
    letters and digits without a capital is its own word (no copy made), other words are
    lower-cased copies. Lower-casing letter by letter is the same as the whole text's for all
    but the capital sigma (a final one depends on the letters around it): a text holding one
    is lower-cased whole, as before. The word tuples and the starts hold token_parts' own
    offset objects, not new ones.
    """
    parts, offsets = token_parts(text)
    boxed = cast("list[object]", offsets)   # (the same list: its int objects, taken as they are)
    words: list[tuple[str, object, object]] = []
    starts: list[object] = []
    positions: dict[str, list[int]] = {}
    lowered = ""
    sigma: i64 = -1       # (whether the text holds a capital sigma: asked at its first non-ASCII word)
    n: i64 = len(parts)
    k: i64 = 1
    while k < n:
        # the word: token k, and the tokens after it each behind one hyphen or apostrophe
        j = k
        start: i64 = offsets[k]
        end: i64 = offsets[k + 1]
        while j + 2 < n:
            c = ord(text[end])
            if offsets[j + 2] != end + 1 or (c != 45 and c != 39 and c != 8217):   # - ' ’
                break
            j += 2
            end = offsets[j + 1]
        upper = False
        wide = False
        i = start
        while i < end:
            c = ord(text[i])
            if c >= 128:
                wide = True
                break
            if 65 <= c <= 90:
                upper = True
            i += 1
        if wide:
            if sigma < 0:
                sigma = 1 if SIGMA in text else 0
                if sigma:
                    lowered = _lower(text).replace("’", "'")
                    if len(lowered) != len(text):
                        return _pattern_words(text)
            if sigma:
                w = lowered[start:end]
            else:
                w = text[start:end].lower()
                if len(w) != end - start:
                    return _pattern_words(text)
                if j > k:
                    w = w.replace("’", "'")
        elif j == k:
            w = parts[k].lower() if upper else parts[k]
        else:
            w = text[start:end].lower() if upper else text[start:end]
        # (the positions are gathered in the same pass: get-or-insert, no list per lookup)
        at = positions.get(w)
        if at is None:
            positions[w] = [len(words)]
        else:
            at.append(len(words))
        first = boxed[k]
        words.append((w, first, boxed[j + 1]))
        starts.append(first)
        k = j + 2
    return cast(Any, tuple(words)), cast("list[int]", starts), positions


def _pattern_words(text: str) -> _Words:
    """:func:`all_words` of a text whose lower-casing is longer than itself, by the pattern."""
    out = tuple((_lower(m.group()).replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text))
    positions: dict[str, list[int]] = {}
    for k, item in enumerate(out):
        positions.setdefault(item[0], []).append(k)
    return out, [w[1] for w in out], positions


_last_words: tuple[str, _Words] | None = None


def text_words(text: str) -> _Words:
    """``all_words(text)``, answered without a cache lookup when the text is the last one asked
    about (the event stage asks some ten times per sentence, and almost always of one text)."""
    global _last_words
    last = _last_words
    if last is not None and last[0] is text:
        return last[1]
    found = all_words(text)
    _last_words = (text, found)
    return found


def forget_last_text() -> None:
    """Let go of the last text's words and the phrase matchers' matches (benchmarks: a text
    timed again must cost what a new one does)."""
    global _last_words
    _last_words = None
    for matcher in _MATCHERS:
        matcher.forget()


def _bisect_left(a: list[int], x: i64, lo: i64 = 0) -> i64:
    """``bisect.bisect_left(a, x, lo)``, compiled: on native ints a third of the library call's
    cost (the event stage bisects word offsets some 2,000 times per document); on 64-bit ones
    (no tag checks) 0.57 of that again (10,000 bisections of 634 offsets: 7.4 M -> 4.2 M
    instructions)."""
    hi: i64 = len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        v: i64 = a[mid]
        if v < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """The positions in ``all_words(text)`` of the words wholly inside ``text[start:end]``."""
    ws, starts, _ = text_words(text)
    return _span_of(ws, starts, start, end)


def _span_of(ws: tuple[tuple[str, int, int], ...], starts: list[int], start: int, end: int) -> tuple[int, int]:
    """:func:`_span` given ``all_words(text)``'s words and starts."""
    i = _bisect_left(starts, start)
    j = _bisect_left(starts, end, i if end >= start else 0)
    if j > i and ws[j - 1][2] > end:
        j -= 1
    return i, j


@lru_cache(maxsize=16384)
def words(text: str, start: int = 0, end: int | None = None) -> tuple[tuple[str, int, int], ...]:
    """Lower-cased words of ``text[start:end]`` with their offsets (hyphenated words kept whole).

    The text is split once; a span's words are a slice of that (the event stage asks for the
    words of the same sentences and clauses many times).
    """
    end = len(text) if end is None else end
    i, j = _span(text, start, end)
    return text_words(text)[0][i:j]


def _follows(ws: tuple[tuple[str, int, int], ...], p: int, toks: tuple[str, ...]) -> bool:
    """Whether the words from position ``p`` on are ``toks`` (its first word already matched)."""
    for k in range(1, len(toks)):
        if ws[p + k][0] != toks[k]:
            return False
    return True


class _TextMatches(Generic[T]):
    """Where a matcher's phrases occur in one text, whatever span is asked about later: the
    word positions at which at least one phrase matches in full (in order), the character
    offsets where those words start, where the shortest phrase found at each ends, and at each
    the phrases found there, longest first, as (words, end offset, phrase, payload)."""

    def __init__(self, text: str, starts: list[int], offsets: list[int], min_ends: list[int],
                 found: list[list[tuple[int, int, str, T]]]) -> None:
        self.text = text
        self.starts = starts
        self.offsets = offsets
        self.min_ends = min_ends
        self.found = found


class PhraseMatcher(Generic[T]):
    """Find lexicon phrases (word sequences) in a text; longest match at each word.

    The event stage asks about the same document sentence by sentence, clause by clause and
    around each trigger, some 600 questions a report over two dozen matchers. So the whole
    document is matched once (the first time it is asked about: each distinct word looked up,
    each phrase checked where its first word occurs), and a question about a span keeps the
    matches that lie wholly inside it: a phrase fits a span when its first word starts in it
    and its last word ends by the span's end (the words of a span are those,
    :func:`_span_of`). That is what matching the span's words alone finds: the greedy walk
    over the span's words (longest phrase at each word, none overlapping) visits the same
    starts in the same order and takes the longest phrase that fits.
    """

    def __init__(self, phrases: dict[str, T]):
        # each entry: the phrase's words, the phrase as found ("attack drones"), its payload
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, T]]] = {}
        # the last two texts' matches (a document's, and a headline asked about in between)
        self._last: _TextMatches[T] | None = None
        self._before: _TextMatches[T] | None = None
        _MATCHERS.append(self)
        for phrase, payload in phrases.items():
            toks = tuple(w for w, _, _ in words(phrase))
            if toks:
                self._by_first.setdefault(toks[0], []).append((toks, " ".join(toks), payload))
        for v in self._by_first.values():
            v.sort(key=lambda t: -len(t[0]))

    def forget(self) -> None:
        """Let go of the texts' matches kept."""
        self._last = self._before = None

    def _matches(self, text: str) -> _TextMatches[T]:
        last = self._last
        if last is not None and last.text is text:
            return last
        before = self._before
        if before is not None and before.text is text:
            self._last, self._before = before, last
            return before
        ws, _, positions = all_words(text)
        n_words = len(ws)
        common = self._by_first.keys() & positions.keys()
        starts: list[int] = []
        offsets: list[int] = []
        min_ends: list[int] = []
        found: list[list[tuple[int, int, str, T]]] = []
        for p in sorted(chain.from_iterable(positions[w] for w in common)):
            here: list[tuple[int, int, str, T]] = []
            for toks, phrase, payload in self._by_first[ws[p][0]]:
                n = len(toks)
                if p + n <= n_words and _follows(ws, p, toks):
                    here.append((n, ws[p + n - 1][2], phrase, payload))
            if here:
                starts.append(p)
                offsets.append(ws[p][1])
                min_ends.append(here[-1][1])    # (longest first: the last is the shortest)
                found.append(here)
        matches = _TextMatches(text, starts, offsets, min_ends, found)
        self._last, self._before = matches, last
        return matches

    def find(self, text: str, start: int = 0, end: int | None = None) -> tuple[tuple[int, int, str, T], ...]:
        """All matches in ``text[start:end]``, as (first word, last word, phrase, payload) with
        word positions counted from the span's first word (those of ``words(text, start, end)``);
        longest first at each word, no overlaps."""
        end = len(text) if end is None else end
        m = self._matches(text)
        offsets = m.offsets
        k0 = _bisect_left(offsets, start)
        if k0 == len(offsets) or offsets[k0] >= end:
            return ()          # no phrase begins in the span: the usual answer, in one bisection
        lo = _bisect_left(text_words(text)[1], start)
        out = []
        free = start           # (where the last match taken ends: the next must start after it)
        for at in range(k0, _bisect_left(offsets, end, k0)):
            if offsets[at] < free or m.min_ends[at] > end:
                continue
            p = m.starts[at]
            for n, stop, phrase, payload in m.found[at]:
                if stop <= end:
                    out.append((p - lo, p - lo + n - 1, phrase, payload))
                    free = stop
                    break
        return tuple(out)

    def any(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """Whether :meth:`find` finds anything in ``text[start:end]`` (without building it)."""
        end = len(text) if end is None else end
        m = self._matches(text)
        offsets = m.offsets
        min_ends = m.min_ends
        for at in range(_bisect_left(offsets, start), len(offsets)):
            if offsets[at] >= end:
                return False
            if min_ends[at] <= end:
                return True
        return False


_MATCHERS: Final[list[PhraseMatcher[Any]]] = []   # (every matcher made: forget_last_text empties them)


@dataclass(frozen=True, slots=True)
class Trigger:
    role: str
    weight: float
    event_type: str
    sub_event_type: str
    mutual: bool = False    # both sides act ("clashed", "fighting"): no side is the target


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
    hypothetical: frozenset[str]
    one_sided: PhraseMatcher[bool]
    civilian_victims: frozenset[str]
    combatants: frozenset[str]
    goods: frozenset[str]
    protesters: PhraseMatcher[bool]
    rioters: PhraseMatcher[bool]
    mob: PhraseMatcher[bool]
    intervention: PhraseMatcher[bool]
    lethal: PhraseMatcher[bool]
    violent: PhraseMatcher[bool]


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    lex = read_lexicon("events")
    trig: dict[str, Trigger] = {}
    for t in lex["trigger"]:
        spec = Trigger(t["role"], float(t["weight"]), t["event_type"], t["sub_event_type"], bool(t.get("mutual", False)))
        for w in t["words"]:
            trig.setdefault(w, spec)
    weapons = {w: sub for sub, ws in lex["weapons"].items() for w in ws}
    c = lex["claims"]
    civ = lex.get("civilian_targets", {})
    crowds = lex.get("crowds", {})
    flag = lambda ws: PhraseMatcher({w: True for w in ws})  # noqa: E731
    return EventLexicon(PhraseMatcher(trig), PhraseMatcher(weapons), flag(lex["intent"]["words"]),
                        flag(c["hedges"]), flag(c["disputes"]), flag(c["denials"]), flag(c["according"]),
                        frozenset(c["verbs"]), frozenset(lex["intent"].get("hypothetical", [])),
                        flag(civ.get("one_sided", [])), frozenset(civ.get("victims", [])),
                        frozenset(civ.get("combatants", [])), frozenset(lex.get("capture", {}).get("goods", [])),
                        *(flag(crowds.get(k, [])) for k in ("protesters", "rioters", "mob", "intervention", "lethal",
                                                            "violent")))


@lru_cache(maxsize=1)
def actor_lexicon() -> dict:
    return read_lexicon("actors")
