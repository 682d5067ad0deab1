"""The event lexicon (``data/lexicon/events.toml``, ``actors.toml``) and a phrase matcher."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
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


class _Last:
    """The last texts asked about (native attributes: no module dictionary lookup): the last
    text's words, and every phrase matcher's matches in the last two texts."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.words: _Words | None = None
        self.matches: _AllMatches | None = None
        self.matches_before: _AllMatches | None = None


_LAST: Final = _Last()


def text_words(text: str) -> _Words:
    """``all_words(text)``, answered without a cache lookup when the text is the last one asked
    about (the event stage asks some ten times per sentence, and almost always of one text)."""
    last = _LAST
    found = last.words
    if found is not None and last.text is text:
        return found
    found = all_words(text)
    last.text = text
    last.words = found
    return found


def forget_last_text() -> None:
    """Let go of the last text's words and the phrase matchers' matches (benchmarks: a text
    timed again must cost what a new one does)."""
    _LAST.text = _LAST.words = None
    _LAST.matches = _LAST.matches_before = None
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
    if j > i and _ends(ws)[j - 1][2] > end:
        j -= 1
    return i, j


def _texts(ws: tuple[tuple[str, int, int], ...]) -> tuple[tuple[str, ...], ...]:
    """``ws`` typed so that a word's text is read alone (compiled, ``ws[k][0]`` unboxes the
    whole (word, start, end) tuple: its two ints too)."""
    return cast("tuple[tuple[str, ...], ...]", ws)


def _ends(ws: tuple[tuple[str, int, int], ...]) -> tuple[tuple[int, ...], ...]:
    """``ws`` typed so that a word's start or end is read alone (as :func:`_texts`)."""
    return cast("tuple[tuple[int, ...], ...]", ws)


@lru_cache(maxsize=16384)
def words(text: str, start: int = 0, end: int | None = None) -> tuple[tuple[str, int, int], ...]:
    """Lower-cased words of ``text[start:end]`` with their offsets (hyphenated words kept whole).

    The text is split once; a span's words are a slice of that (the event stage asks for the
    words of the same sentences and clauses many times).
    """
    end = len(text) if end is None else end
    i, j = _span(text, start, end)
    return text_words(text)[0][i:j]


class _Phrase:
    """A phrase of a matcher: its words, how many, the phrase as found ("attack drones"), its
    payload, and which matcher's it is (its place in ``_MATCHERS``)."""

    def __init__(self, slot: i64, toks: tuple[str, ...], payload: object) -> None:
        self.slot = slot
        self.toks = toks
        self.n: i64 = len(toks)
        self.phrase = " ".join(toks)
        self.payload = payload


class _TextMatches:
    """Where one matcher's phrases occur in one text, whatever span is asked about later: the
    word positions at which at least one of them matches in full (in order), the offsets
    where those words start, and where the shortest phrase found at each ends. The phrases
    found at the k-th, longest first, are ``phrases[first[k]:first[k + 1]]``, ending at
    ``stops[first[k]:first[k + 1]]`` (flat lists: no list or tuple per match)."""

    def __init__(self, text: str, word_starts: list[int]) -> None:
        self.text = text
        self.word_starts = word_starts     # all_words(text)'s starts
        self.at: list[int] = []
        self.offsets: list[int] = []
        self.min_ends: list[int] = []
        self.first: list[int] = [0]
        self.stops: list[int] = []
        self.phrases: list[_Phrase] = []


class _AllMatches:
    """Every matcher's matches in one text (None for a matcher that finds nothing in it)."""

    def __init__(self, text: str) -> None:
        self.text = text
        ws, starts, _ = text_words(text)
        found: list[_TextMatches | None] = [None] * len(_MATCHERS)
        texts = _texts(ws)
        ends = _ends(ws)
        by_first = _BY_FIRST
        n_words: i64 = len(ws)
        p: i64 = 0
        while p < n_words:
            phrases = by_first.get(texts[p][0])
            if phrases is not None:
                for ph in phrases:
                    n = ph.n
                    if p + n > n_words:
                        continue
                    q: i64 = 1
                    if n > 1:
                        toks = ph.toks
                        while q < n and texts[p + q][0] == toks[q]:
                            q += 1
                        if q < n:
                            continue
                    stop: i64 = ends[p + n - 1][2]
                    m = found[ph.slot]
                    if m is None:
                        m = found[ph.slot] = _TextMatches(text, starts)
                    if m.at and m.at[-1] == p:
                        m.min_ends[-1] = stop      # (a shorter phrase at the same word)
                    else:
                        if m.at:
                            m.first.append(len(m.stops))
                        m.at.append(p)
                        m.offsets.append(starts[p])
                        m.min_ends.append(stop)
                    m.stops.append(stop)
                    m.phrases.append(ph)
            p += 1
        for m in found:
            if m is not None:
                m.first.append(len(m.stops))
        self.found = found


def _all_matches(text: str) -> _AllMatches:
    """Every matcher's matches in ``text``, found once for the last two texts asked about (a
    document's, and a headline asked about in between)."""
    last = _LAST
    found = last.matches
    if found is not None and found.text is text and len(found.found) == len(_MATCHERS):
        return found
    before = last.matches_before
    if before is not None and before.text is text and len(before.found) == len(_MATCHERS):
        last.matches, last.matches_before = before, found
        return before
    made = _AllMatches(text)
    last.matches, last.matches_before = made, found
    return made


_EMPTY: Final = _TextMatches("", [])   # (what a matcher finding nothing in a text answers from)


class PhraseMatcher(Generic[T]):
    """Find lexicon phrases (word sequences) in a text; longest match at each word.

    The event stage asks about the same document sentence by sentence, clause by clause and
    around each trigger, some 600 questions a report over two dozen matchers. So the whole
    document is matched once, the first time any matcher is asked about it, for all the
    matchers at once (each word of it looked up once in one table of every matcher's phrases
    by their first word), and a question about a span keeps the matches that lie wholly
    inside it: a phrase fits a span when its first word starts in it and its last word ends
    by the span's end (the words of a span are those, :func:`_span_of`). That is what
    matching the span's words alone finds: the greedy walk over the span's words (longest
    phrase at each word, none overlapping) visits the same starts in the same order and
    takes the longest phrase that fits.
    """

    def __init__(self, phrases: dict[str, T]):
        self._slot: i64 = len(_MATCHERS)
        # the last two texts asked about and the matches in each (a document's, and a headline
        # asked about in between)
        self._last_text: str | None = None
        self._last = _EMPTY
        self._before_text: str | None = None
        self._before = _EMPTY
        _MATCHERS.append(self)
        by_first: dict[str, list[_Phrase]] = {}
        for phrase, payload in phrases.items():
            toks = tuple(w for w, _, _ in words(phrase))
            if toks:
                by_first.setdefault(toks[0], []).append(_Phrase(self._slot, toks, payload))
        for w, mine in by_first.items():
            mine.sort(key=lambda ph: -ph.n)
            _BY_FIRST.setdefault(w, []).extend(mine)   # (after every earlier matcher's)

    def forget(self) -> None:
        """Let go of the texts' matches kept."""
        self._last_text = self._before_text = None
        self._last = self._before = _EMPTY

    def _matches(self, text: str) -> _TextMatches:
        if self._last_text is text:
            return self._last
        last, last_text = self._last, self._last_text
        if self._before_text is text:
            found = self._before
        else:
            mine = _all_matches(text).found[self._slot]
            found = _EMPTY if mine is None else mine
        self._last_text, self._last = text, found
        self._before_text, self._before = last_text, last
        return found

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
        lo = _bisect_left(m.word_starts, start)
        out: list[tuple[int, int, str, T]] = []
        free = start           # (where the last match taken ends: the next must start after it)
        min_ends = m.min_ends
        first = m.first
        stops = m.stops
        for at in range(k0, _bisect_left(offsets, end, k0)):
            if offsets[at] < free or min_ends[at] > end:
                continue
            p: i64 = m.at[at] - lo
            for x in range(first[at], first[at + 1]):
                stop: i64 = stops[x]
                if stop <= end:
                    ph = m.phrases[x]
                    out.append((p, p + ph.n - 1, ph.phrase, cast(T, ph.payload)))
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
# every matcher's phrases by their first word, matcher by matcher, each one's longest first
_BY_FIRST: Final[dict[str, list[_Phrase]]] = {}


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
