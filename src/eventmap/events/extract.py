"""Sentence-level event extraction: trigger -> type, actors, date, claim, fatalities, place.

For every sentence of a document:

1. triggers from the lexicon (negated ones - "hasn't been captured" - are dispute evidence, not
   events; intentions - "in an attempt to attack" - count only when nothing else does);
2. the sentence is cut into clauses; each clause with a trigger makes one event per event place
   in it (and in trigger-less clauses after it: "the directions of Martuni, Martakert and
   Tagavard" gives three events); a weapon in the clause picks remote-violence sub-types;
3. a clause with a trigger but no place takes the places of the next sentence when it opens
   with an anaphor ("These include ... near Khojavend"), or the previous event's place when it
   points back ("at that firing point");
4. the date is the sentence's own, else the paragraph's, else the report's last, else the
   publication date (``date_method`` says which);
5. the claimant is the attributed speaker (quotes, "according to", "X said", a hedge resolved
   by the next sentence's attribution, first-person statements "our units" resolved to the
   side opposing the enemy named); the status is disputed when the report contradicts it, in
   the sentence or anywhere about the same place ("Shusha hasn't been captured").
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from typing import Final

from ..gazetteer.gazetteer import Gazetteer
from ..model import Document, Event, Mention
from ..text import CASE_ODD, dateline, document_sentences, token_parts
from .actors import ENEMY, OWN, ActorMention, country_actor, find_actors, force_nouns, side_of_word
from .claims import (Speakers, attribution_after_quote, attribution_in, attribution_start, passive_at,
                     quote_spans, sentence_status, hedged_without_source)
from .dates import _bisect_right, find_dates
from .lexicon import PhraseMatcher, Trigger, _bisect_left, _span_of, all_words, event_lexicon, text_words, words

_When = tuple[date | None, date | None, int, str]   # a date, its end, time precision, how it was found
_CLAUSE_BREAK: Final = re.compile(r"(?:,\s+(?:but|while|whereas|which|who|although|though|yet)\b|;\s+|\s+but\s+)", re.I)


def _clause_breaks(seg: str) -> list[int]:
    """Where _CLAUSE_BREAK's matches in ``seg`` begin: ``finditer`` tried only where a match
    can begin (a search tries every character, the "but" alternative every space): at each
    comma and semicolon, and at the first of the white space before each "but"."""
    if any(c in seg for c in CASE_ODD):   # (letters IGNORECASE folds otherwise than str.lower)
        return [m.start() for m in _CLAUSE_BREAK.finditer(seg)]
    starts: list[int] = []
    for mark in (",", ";"):
        at = seg.find(mark)
        while at >= 0:
            starts.append(at)
            at = seg.find(mark, at + 1)
    low = seg.lower()
    at = low.find("but")
    while at >= 0:
        if at > 0 and low[at - 1].isspace():
            k = at - 1
            while k > 0 and low[k - 1].isspace():
                k -= 1
            starts.append(k)
        at = low.find("but", at + 1)
    if not starts:
        return starts
    starts.sort()
    return [m.start() for m in _matches_at(_CLAUSE_BREAK, seg, starts)]


_LEADING_PHRASE: Final = re.compile(r"\W*(?:backed|supported|covered|assisted|aided|helped|accompanied|preceded)\s+by\b[^,;]{0,120},",
                             re.I)
_IN_PLACE: Final = re.compile(r"\b(?:in|at|near|across|inside|outside|from|throughout|within|of)\s+(?:the\s+)?$", re.I)
_NOT_OBJECT: Final = re.compile(r"[,;:()]|\b(?:by|when|while|as|after|before|because|since|until|but|who|which|that|"
                                r"were|was|is|are|had|has|have)\b", re.I)


def _is_object(text: str, trig_end: int, at: int) -> bool:
    """Whether a side named at ``at`` is the object of the trigger ending at ``trig_end``: a few
    words after it, in the same clause, not the agent of a passive ("by ...")."""
    return at - trig_end <= 40 and not _NOT_OBJECT.search(text, trig_end, at)


_THEN_KILLING: Final = re.compile(r",\s*(?:killing|wounding|injuring|kidnapping|abducting)\s+", re.I)
# what a crowd's event can be recast from: these types, and these sub-types of others ("fired" at
# a crowd reads as shelling; a crowd's arrests and looting); not explosives, abductions, agreements
_CROWD_TYPES: Final = frozenset(("Battles", "Protests", "Riots", "Violence against civilians"))
_CROWD_SUBS: Final = frozenset(("Shelling/artillery/missile attack", "Arrests", "Looting/property destruction"))
_BEFORE_ADJECTIVE: Final = frozenset(("the", "a", "an", "in", "of", "from", "into", "across", "throughout",
                                     "newly", "recently", "formerly", "previously", "still", "partially", "partly"))
# ", near Y" right after an event place: a landmark that locates it, not a second scene
_LANDMARK_GAP: Final = re.compile(r",?\s*(?:near|outside|close to|not far from|(?:north|south|east|west|"
                                  r"northeast|northwest|southeast|southwest)(?:ern)? of)\s+(?:the\s+)?"
                                  r"(?:(?:town|city|village|district|region)\s+of\s+)?$", re.I)
_LISTED: Final = re.compile(r"\b(?:and|or)\b|&")   # between two names: a list, not a qualifier
_ANAPHOR_START: Final = re.compile(r"^\W*(these|this|they|those|it|among them|among those|including)\b", re.I)
_ANAPHOR_PLACE: Final = re.compile(r"\b(?:that|this|the same)\s+(?:firing point|point|position|positions|area|village|town|"
                            r"city|place|location|settlement|district|region)\b|\bthere\b", re.I)
_MONTH_WORDS: Final = {"march", "may"}
_BY: Final = re.compile(r"\bby\s+(?:the\s+)?(\w+)")


def _by_after(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_BY.search(text, start, end)``, tried only where "by" is written (the pattern is
    case-sensitive and opens with it): a search tries every character."""
    at = text.find("by", start, end)
    while at >= 0:
        m = _BY.match(text, at, end)
        if m is not None:
            return m
        at = text.find("by", at + 1, end)
    return None
_NEGATION: Final = {"not", "never", "no", "hasn't", "haven't", "hadn't", "wasn't", "weren't", "isn't", "aren't",
             "didn't", "doesn't", "don't", "won't", "cannot", "can't", "couldn't", "failed", "unable", "nor"}
_NUMBER_WORDS: Final = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                 "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
                 "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "dozens": None, "a dozen": 12}
_FATAL: Final = re.compile(
    r"\b(?P<n>\d{1,5}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:(?:were|was|have been|had been|being|got)\s+)?(?:killed|dead|died|slain|deaths|fatalities|"
    r"lost their lives|martyred)\b"
    r"|\bkill(?:ed|ing)\s+(?:at least\s+|some\s+|about\s+)?(?P<n2>\d{1,5}|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\b"
    r"|\bdeath toll\s+(?:\w+\s+){0,3}?(?P<n3>\d{1,5})\b", re.I)


@dataclass
class _Trig:
    start: int
    end: int
    spec: Trigger
    intent: bool
    negated: bool

    def __init__(self, start: int, end: int, spec: Trigger, intent: bool, negated: bool) -> None:
        # written out (a dataclass keeps a class's own __init__) so that the compiled module
        # builds one natively, not through the interpreted __init__ dataclasses generates
        self.start = start
        self.end = end
        self.spec = spec
        self.intent = intent
        self.negated = negated


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    in_quote: bool

    def __init__(self, index: int, start: int, end: int, paragraph: int, in_quote: bool) -> None:
        # (written out: see _Trig)
        self.index = index
        self.start = start
        self.end = end
        self.paragraph = paragraph
        self.in_quote = in_quote


def _event_id(doc_id: object, start: int, event_type: str, sub: str, where: str | None) -> str:
    """The first 16 hex digits of the SHA-256 of the parts joined by \x1f (each part as str()
    writes it; an f-string, not a join of a generator over a tuple of parts)."""
    return hashlib.sha256(f"{doc_id}\x1f{start}\x1f{event_type}\x1f{sub}\x1f{where}".encode()).hexdigest()[:16]


def _top_two(counts: dict[str, int]) -> list[str]:
    """``[k for k, _ in Counter(counts).most_common(2)]``: the keys of the two largest counts,
    of equal counts the one counted first (most_common's order), without Counter's interpreted
    methods)."""
    first = second = ""
    c1 = c2 = -1
    n = 0
    for key, c in counts.items():
        n += 1
        if c > c1:
            second, c2 = first, c1
            first, c1 = key, c
        elif c > c2:
            second, c2 = key, c
    return [first, second] if n >= 2 else [first] if n == 1 else []


_FATAL_STEMS: Final = ("kill", "dead", "died", "slain", "death", "fatalit", "lost their lives", "martyr")
_FATAL_HINT: Final = re.compile("|".join(_FATAL_STEMS), re.I)


def _fatal_hint(seg: str) -> bool:
    """``_FATAL_HINT.search(seg)``, as substring tests on the lower-cased text (a regex with
    IGNORECASE tries every position of the text: this is several times faster)."""
    if any(c in seg for c in CASE_ODD):
        return _FATAL_HINT.search(seg) is not None
    low = seg.lower()
    return any(stem in low for stem in _FATAL_STEMS)


def _fatalities(seg: str, starts: list[int] | None = None, hinted: bool = False) -> int | None:
    """The deaths ``seg`` states, summed (None when it states none). ``hinted``: a stem is
    known to be written in it (:func:`_fatal_hints`). ``starts``: offsets in ``seg`` that
    include every place a match of _FATAL can begin (:func:`_fatal_starts`); the pattern is
    then tried there alone instead of at every character."""
    total: int | None = None
    if not hinted and not _fatal_hint(seg):
        return total
    for m in _FATAL.finditer(seg) if starts is None else _matches_at(_FATAL, seg, starts):
        n = m.group("n") or m.group("n2") or m.group("n3")
        value = int(n) if n.isdigit() else _NUMBER_WORDS.get(_ascii_case(n))   # ("ſix": "six")
        if value is not None:
            total = (total or 0) + value
    return total


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at one of ``starts``
    (sorted): tried there alone, left to right, none inside the last match found."""
    out: list[re.Match[str]] = []
    after = -1
    for at in starts:
        if at < after:
            continue
        m = pattern.match(text, at)
        if m is not None:
            out.append(m)
            after = max(m.end(), at + 1)
    return out


def _ascii_case(text: str) -> str:
    """``text`` lower-cased as IGNORECASE matches ASCII letters, offsets kept: also the dotted
    and dotless i as "i" and the long s as "s" (CASE_ODD; str.lower makes two characters of the
    first and keeps the others)."""
    return text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")


def _fatal_hints(text: str, odd: bool) -> list[tuple[int, int]]:
    """Where a stem of _FATAL_STEMS is written in ``text`` (in any case), as (start, end) in
    order: a span holding none states no deaths (what :func:`_fatal_hint` tells of one span,
    for every sentence of a text at once). ``odd``: the text holds a CASE_ODD letter."""
    low = _ascii_case(text) if odd else text.lower()
    out: list[tuple[int, int]] = []
    for stem in _FATAL_STEMS:
        at = low.find(stem)
        while at >= 0:
            out.append((at, at + len(stem)))
            at = low.find(stem, at + 1)
    out.sort()
    return out


# the stems as looked for in a word: "lost their lives" by its first word (length 0 in the memo:
# the phrase is then read in the text)
_WORD_STEMS: Final = ("kill", "dead", "died", "slain", "death", "fatalit", "martyr", "lost")
_stem_memo: Final[dict[str, tuple[int, ...]]] = {}


def _stems_in_word(w: str) -> tuple[int, ...]:
    """Where in the lower-cased word ``w`` a stem of _FATAL_STEMS begins, each as its offset
    times 16 plus its length (0 for "lost": see _WORD_STEMS), or () for a word with none; kept
    per word, as words recur from report to report (a bounded memo of a pure function)."""
    found = _stem_memo.get(w)
    if found is not None:
        return found
    low = w if w.isascii() else w.replace("\u0131", "i").replace("\u017f", "s")   # (as _ascii_case)
    hits: list[int] = []
    for stem in _WORD_STEMS:
        at = low.find(stem)
        while at >= 0:
            hits.append(at * 16 + (0 if stem == "lost" else len(stem)))
            at = low.find(stem, at + 1)
    found = tuple(hits)
    if len(_stem_memo) >= 200_000:
        _stem_memo.clear()
    _stem_memo[w] = found
    return found


class _FatalHints:
    """Where the stems of _FATAL_STEMS are written in a text (:func:`_fatal_hints`), as sorted
    starts and ends, so that whether a span holds one wholly is a bisection.

    Found from the text's words (text_words: lower-cased, at the text's offsets), each distinct
    word looked up once, instead of in the whole text lower-cased (a text with a curly quote is
    lower-cased character by character: 0.15 M instructions a report): a stem's letters are
    letters, so every place the lower-cased text holds one lies inside a word. A text holding
    a dotted capital I (lower-cased longer, its words read otherwise) is lower-cased whole."""

    def __init__(self, text: str, odd: bool) -> None:
        packed: list[int] = []    # (start * 32 + length: sorted as the (start, end) pairs are)
        if "\u0130" in text:
            for a, b in _fatal_hints(text, odd):
                packed.append(a * 32 + b - a)
        else:
            _, starts, positions = text_words(text)
            for w, ks in positions.items():
                hits = _stems_in_word(w)
                if not hits:
                    continue
                for k in ks:
                    first: int = starts[k]
                    for h in hits:
                        at = first + h // 16
                        n = h % 16
                        if n == 0:    # "lost": a hint when "their lives" follows
                            n = 16
                            if _ascii_case(text[at:at + n]) != "lost their lives":
                                continue
                        packed.append(at * 32 + n)
        packed.sort()
        self.starts = [v // 32 for v in packed]
        self.ends = [v // 32 + v % 32 for v in packed]

    def within(self, start: int, end: int) -> bool:
        """Whether one of the stems lies wholly inside ``text[start:end]``."""
        k = _bisect_left(self.starts, start)
        while k < len(self.starts) and self.starts[k] < end:
            if self.ends[k] <= end:
                return True
            k += 1
        return False


def _hinted(hints: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of ``hints`` lies wholly inside ``text[start:end]``."""
    k = bisect_left(hints, (start, -1))
    while k < len(hints) and hints[k][0] < end:
        if hints[k][1] <= end:
            return True
        k += 1
    return False


# the words a match of _FATAL can open with, besides a number in digits: every alternative
# begins at a word boundary with a number, "kill..." or "death"
_FATAL_OPENERS: Final = frozenset(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                   "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                   "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "death"))


def _fatal_starts(text: str, start: int, end: int, odd: bool) -> list[int]:
    """The offsets in ``text[start:end]`` (counted from ``start``) where a match of _FATAL can
    begin: its first character (a token cut by the span's start opens there), and the start of
    every token in it (a run of letters and digits, text.token_parts: a word boundary opens
    each) of digits, a number word, "kill..." or "death", read as IGNORECASE reads them
    (``odd``: the text holds a CASE_ODD letter)."""
    parts, offsets = token_parts(text)
    out = [0]
    k = _bisect_right(offsets, start)
    k += (k + 1) % 2          # (tokens are the parts at odd positions; the first after start)
    while k < len(parts) and offsets[k] < end:
        tok = parts[k]
        if tok.isdigit():
            out.append(offsets[k] - start)
        else:
            low = _ascii_case(tok) if odd else tok.lower()
            if low in _FATAL_OPENERS or low.startswith("kill"):
                out.append(offsets[k] - start)
        k += 2
    return out


def _negated_before(ws: tuple[tuple[str, int, int], ...], i: int) -> bool:
    """Whether one of the three words before word ``i`` negates it ("hasn't been captured")."""
    for k in range(max(0, i - 3), i):
        w = ws[k][0]
        if w in _NEGATION or w.endswith("n't"):
            return True
    return False


def _in_intent(intents: list[tuple[int, int]], i: int) -> bool:
    """Whether word ``i`` is inside, or within two words after, an intention ("in an attempt to")."""
    for a, b in intents:
        if a <= i <= b + 2:
            return True
    return False


_UNNAMED_FORCES: Final = {"police": "police", "state": "military"}


def _unnamed_force_in(nouns: PhraseMatcher[str], text: str, start: int, end: int,
                      named: list[ActorMention]) -> str:
    """The kind of actor ("police", "military") a force noun that names no side stands for
    ("police", "security forces"), or "" when ``text[start:end]`` has none outside the actors
    ``named`` ("Afghan security forces" names its side)."""
    found = nouns.find(text, start, end)
    if not found:
        return ""
    lo = -1
    for i, j, _, kind in found:
        force = _UNNAMED_FORCES.get(kind)
        if force is not None:
            if not named:
                return force
            ws, starts, _ = text_words(text)
            if lo < 0:
                lo = _span_of(ws, starts, start, end)[0]   # (positions count from the span's first word)
            a, b = ws[lo + i][1], ws[lo + j][2]
            if not any(x.start < b and a < x.end for x in named):
                return force
    return ""


def _most_precise(places: list[Mention]) -> list[Mention]:
    """Of a sentence's event places, not a name no place was found for when others were found
    ("Fano militiamen took Lalibela"), nor a division another of them lies in ("in the Oromia
    region, ... near Ambo")."""
    found = [m for m in places if m.place is not None]
    if not found:
        return places
    inside: set[int] = set()
    for m in found:
        p = m.place
        if p is not None:
            inside.add(p.admin1_rowid or 0)
            inside.add(p.admin2_rowid or 0)
    return [m for m in found if m.kind != "region" or m.place is None or m.place.rowid not in inside]


def _clause_at(clauses: list[tuple[int, int]], offset: int) -> int | None:
    """The index of the clause holding ``offset``, if any."""
    for i, (a, b) in enumerate(clauses):
        if a <= offset < b:
            return i
    return None


def _names_own(actors: list[ActorMention]) -> bool:
    """Whether the speaker's own side ("our units") is among ``actors``."""
    for a in actors:
        if a.name == OWN:
            return True
    return False


class _Extractor:
    def __init__(self, doc: Document, mentions: list[Mention], gazetteer: Gazetteer):
        self.doc, self.text, self.g = doc, doc.text, gazetteer
        self.lex = event_lexicon()
        self.speakers = Speakers(gazetteer)
        self.mentions = mentions
        self.quotes = quote_spans(self.text)
        self.sents: list[_Sentence] = []
        spans, para = document_sentences(self.text)
        for k, s in enumerate(spans):
            self.sents.append(_Sentence(k, s.start, s.end, para[k], False))
        self._starts = [s.start for s in self.sents]
        # each sentence's triggers, found on first need (a list by sentence: no key tuple)
        self._trig_cache: list[list[_Trig] | None] = [None] * len(self.sents)
        self.by_sentence: dict[int, list[Mention]] = {}
        # (whether the mentions come in order of their starts, as the geoparser gives them: a
        # sentence's are then in order too, and _event_places need not sort them)
        self._in_order = True
        last = -1
        for m in mentions:
            m_start = m.start
            if m_start < last:
                self._in_order = False
            last = m_start
            si = self._sentence_at(m_start)
            if si is not None:
                self.by_sentence.setdefault(si, []).append(m)
        self.actors = [find_actors(self.text, s.start, s.end, gazetteer) for s in self.sents]
        sides: dict[str, int] = {}
        for acts in self.actors:
            for a in acts:
                if a.side:
                    sides[a.side] = sides.get(a.side, 0) + 1
        demonyms = gazetteer.demonyms()
        # each demonym of the text as often as it occurs (a side enters the count at its word
        # that comes first, as when counting word by word: the order ties are broken in)
        for w, at in all_words(self.text)[2].items():
            if w in demonyms:
                cc = demonyms[w]
                sides[cc] = sides.get(cc, 0) + len(at)
        self.dyad = _top_two(sides)
        self.disputed_places = self._disputed_places()
        # (a dateline's day is the report's, not an event's)
        self._dateline_start, _, self._dateline_end = dateline(self.text)
        self._actor_memo: dict[tuple[int, int], tuple[str | None, str | None]] = {}
        self._fatal_memo: dict[int, int | None] = {}
        self._fatal_hints: _FatalHints | None = None   # (found on first need)
        self._fatal_odd = False
        self._forces_memo: dict[tuple[int, int], tuple[str, str]] = {}
        self._crowd_memo: dict[int, int] = {}
        self._voiced_paragraphs = {self.sents[k].paragraph for k, acts in enumerate(self.actors) if _names_own(acts)}

    def _sentence_at(self, offset: int) -> int | None:
        k = _bisect_right(self._starts, offset) - 1
        if k >= 0 and self.sents[k].start <= offset < self.sents[k].end:
            return k
        return None

    def _deaths(self, s: _Sentence) -> int | None:
        """The deaths sentence ``s`` states (see :func:`_fatalities`), worked out once."""
        if s.index in self._fatal_memo:
            return self._fatal_memo[s.index]
        hints = self._fatal_hints
        if hints is None:
            self._fatal_odd = any(c in self.text for c in CASE_ODD)
            hints = self._fatal_hints = _FatalHints(self.text, self._fatal_odd)
        found: int | None = None
        if hints.within(s.start, s.end):
            found = _fatalities(self.text[s.start:s.end], _fatal_starts(self.text, s.start, s.end, self._fatal_odd),
                                True)
        self._fatal_memo[s.index] = found
        return found

    # -- who speaks ----------------------------------------------------------------------
    def _opposite(self, side: str) -> str:
        others = [cc for cc in self.dyad if cc != side]
        return others[0] if others else ""

    def _mark_quotes(self) -> None:
        self._quote_of: dict[int, tuple[int, int]] = {}
        for qs, qe in self.quotes:
            for s in self.sents:
                if s.start < qe and s.end > qs:
                    s.in_quote = True
                    self._quote_of.setdefault(s.index, (qs, qe))
        self._resolved_quotes: dict[tuple[int, int], tuple[str, str] | None] = {}

    def _quote_speaker(self, s: _Sentence) -> tuple[str, str] | None:
        """Resolved when the quote opens: the speaker named after it, else the last one named before."""
        q = self._quote_of.get(s.index)
        if q is None:
            return None
        if q not in self._resolved_quotes:
            qs, qe = q
            last = max((x for x in self.sents if x.start < qe), key=lambda x: x.start)
            who = attribution_after_quote(self.text, qe, last.end)
            label = self.speakers.label_for(who) if who else None
            self._resolved_quotes[q] = label or self.speakers.last
        return self._resolved_quotes[q]

    def _own_side(self, si: int) -> str:
        """The side speaking in first person: opposite of the enemy named nearby."""
        for k in (si, si - 1, si + 1, si - 2):
            if 0 <= k < len(self.sents):
                for a in self.actors[k]:
                    if a.side and a.kind in ("military", "named", "police"):
                        return self._opposite(a.side)
        return ""

    # -- disputes -------------------------------------------------------------------------
    def _disputed_places(self) -> set[str]:
        """Places the report says were NOT taken (or whose capture it calls false, or someone denies)."""
        out: set[str] = set()
        title = self.doc.title or ""
        for s in self.sents:
            start, end = s.start, s.end
            if self.lex.disputes.any(self.text, start, end) or self.lex.denials.any(self.text, start, end) \
                    or self._has_negated_capture(s):
                for m in self.by_sentence.get(s.index, []):   # (a sentence is where its start is)
                    if m.place is not None:
                        out.add(m.place.place_id)
        if title and self.lex.disputes.any(title):
            out.update(self._title_places(title))
        return out

    def _title_places(self, title: str) -> set[str]:
        """The places a headline names: each as the body resolved it when the body names it
        too (the body is the better context, and resolving a headline on its own costs as much
        as resolving a paragraph); the others resolved in the headline."""
        from ..gazetteer.fold import fold
        from ..geoparse import Recognition, recognise, resolve

        in_body = {fold(m.surface): m.place.place_id for m in self.mentions if m.place is not None}
        rec = recognise(title, self.g)
        out = set()
        rest = []
        for r in rec.mentions:
            known = in_body.get(fold(r.surface)) if r.role == "literal" else None
            if known is not None:
                out.add(known)
            else:
                rest.append(r)
        if rest:
            for m in resolve(Recognition(rest, rec.countries, rec.sentence_spans), self.g, title):
                if m.place is not None and m.role == "literal":
                    out.add(m.place.place_id)
        return out

    def _has_negated_capture(self, s: _Sentence) -> bool:
        return any(t.negated and t.spec.role == "capture" for t in self._triggers(s))

    # -- triggers and clauses ------------------------------------------------------------
    def _triggers(self, s: _Sentence) -> list[_Trig]:
        found = self._trig_cache[s.index]
        if found is None:
            found = self._trig_cache[s.index] = self._find_triggers(s.start, s.end)
        return found

    def _find_triggers(self, start: int, end: int) -> list[_Trig]:
        out: list[_Trig] = []
        found = self.lex.triggers.find(self.text, start, end)
        if not found:
            return out     # (most sentences: no need for their words, intents and weapons)
        ws = words(self.text, start, end)
        intents = [(i, j) for i, j, _, _ in self.lex.intent.find(self.text, start, end)]
        weapon_at = {i for i, _, _, _ in self.lex.weapons.find(self.text, start, end)}
        hypothetical = self.lex.hypothetical
        for i, j, _, spec in found:
            if j + 1 in weapon_at and spec.role == "fight":
                continue  # "attack drones", "assault helicopters": a modifier, not an event
            if i == j and ws[i][0] in _MONTH_WORDS and self.text[ws[i][1]].isupper():
                continue  # "March", "May": a month, not a march
            if (i >= 1 and ws[i - 1][0] in hypothetical) or (i >= 2 and ws[i - 2][0] in hypothetical):
                continue  # "will clash", "would be shelled": not (yet) an event
            if spec.role == "capture" and any(w[0] in self.lex.goods for w in ws[j + 1:j + 5]):
                continue  # "seized 2 tonnes of cocaine": things, not ground
            if spec.role == "capture" and i == j and i >= 1 and ws[i][0].endswith("ed") \
                    and ws[i - 1][0] in _BEFORE_ADJECTIVE:
                continue  # "the occupied West Bank", "in liberated Kherson": a place's state, not an event
            negated = _negated_before(ws, i)
            intent = _in_intent(intents, i) or (i > 0 and ws[i - 1][0] == "to" and spec.role != "capture")
            out.append(_Trig(ws[i][1], ws[j][2], spec, intent, negated))
        return out

    def _clauses(self, s: _Sentence) -> list[tuple[int, int]]:
        cuts = [s.start] + [s.start + at for at in _clause_breaks(self.text[s.start:s.end])] + [s.end]
        lead = _LEADING_PHRASE.match(self.text, s.start, s.end)
        if lead:
            cuts.insert(1, lead.end())
        return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]

    def _event_places(self, ms: list[Mention]) -> list[Mention]:
        """The mentions that can be where an event happened (not qualifiers, countries, routes)."""
        if not ms:
            return []     # (most sentences)
        if not self._in_order:
            ms = sorted(ms, key=lambda m: m.start)
        keep: list[Mention] = []
        for k, m in enumerate(ms):
            if m.kind == "country":
                continue
            # "Shinwar (Ghani Khel) district": the bracketed name is another name of the first
            if k > 0 and self.text[ms[k - 1].end:m.start].strip() == "(" and self.text[m.end:m.end + 1] == ")":
                continue
            nxt = ms[k - 1] if k > 0 else None
            if nxt is not None and nxt.kind == "country" and k > 1 and ms[k - 2].kind != "country" \
                    and self.text[nxt.end:m.start].strip() in ("'s", "’s"):
                nxt = ms[k - 2]   # (through a country's possessive: "Boni in Mali's Mopti region")
            # a region right after another place qualifies it ("X settlement of the Terter region"),
            # unless the two are listed ("in Chora and Tarinkot districts")
            if nxt is not None and m.kind == "region" and m.start - nxt.end <= 40 and keep and keep[-1] is nxt \
                    and not _LISTED.search(self.text, nxt.end, m.start):
                continue
            keep.append(m)
        routes = [m for m in keep if m.cue and any(w in m.cue for w in ("road", "highway", "corridor"))]
        route_partners = set()
        for r in routes:
            for m in keep:
                if m is not r and 0 < r.start - m.end <= 2 and self.text[m.end:r.start] in ("-", "–", " - "):
                    route_partners.add(id(m))
        non_route = [m for m in keep if m not in routes and id(m) not in route_partners]
        if non_route:
            keep = non_route
        # one event per place: "Ulu Garabey (formerly Metshen)" is one place
        seen: set[str] = set()
        out = []
        for m in keep:
            key = m.place.place_id if m.place else m.surface.lower()
            if key in seen:
                continue
            seen.add(key)
            out.append(m)
        if len(out) > 1 and any(m.place is None or m.kind == "region" for m in out):
            out = _most_precise(out)
        if len(out) > 1:
            out = self._scenes(out)
        return out

    def _scenes(self, places: list[Mention]) -> list[Mention]:
        """Of several event places, not a landmark that locates the one before it ("in Turmus
        Ayya, near Ramallah"), nor where something came from when it went somewhere named
        ("rockets fired from Gaza towards Sderot")."""
        out = [places[0]]
        for m in places[1:]:
            prev = out[-1]
            if m.cue is not None and 0 <= m.start - prev.end <= 40 \
                    and _LANDMARK_GAP.fullmatch(self.text, prev.end, m.start):
                continue
            out.append(m)
        if len(out) > 1 and any(m.cue != "from" for m in out):
            out = [m for m in out if m.cue != "from"]
        return out

    # -- main loop -------------------------------------------------------------------------
    def run(self) -> list[Event]:
        published = self.doc.published
        self._mark_quotes()
        for s in self.sents:
            self.speakers.learn_organisations(self.text, s.start, s.end)
        events: list[Event] = []
        para_date: dict[int, _When] = {}
        doc_date: _When | None = None
        when: _When
        prev_places: list[Mention] = []
        pending_claim: list[int] = []  # event indexes hedged with no claimant yet
        events_in_paragraph: dict[int, list[int]] = {}
        for s in self.sents:
            self.speakers.learn(self.text, s.start, s.end)
            seg = self.text[s.start:s.end]
            # date of this sentence
            ds = [d for d in find_dates(self.text, max(s.start, self._dateline_end)
                                        if s.end > self._dateline_start else s.start, s.end, published)
                  if not (s.in_quote and d.method == "relative")]
            if ds:
                d = ds[0]
                when = (d.date, d.end_date, d.precision, d.method)
                para_date[s.paragraph] = when
                doc_date = when
            elif s.paragraph in para_date:
                w = para_date[s.paragraph]
                when = (w[0], w[1], w[2], "context")
            elif doc_date is not None:
                when = (doc_date[0], doc_date[1], max(doc_date[2], 1), "context")
            elif published is not None:
                when = (published, None, 2, "published")
            else:
                when = (None, None, 3, "unknown")

            # claimant of this sentence
            who = None
            phrase = attribution_in(self.text, s.start, s.end)
            attributed = self.speakers.label_for(phrase) if phrase else None
            who = (self._quote_speaker(s) if s.in_quote else None) or attributed
            own_in_sentence = _names_own(self.actors[s.index])
            paragraph_voice = s.paragraph in self._voiced_paragraphs
            if who is None and (own_in_sentence or paragraph_voice):
                side = self._own_side(s.index)
                if side:
                    who = (f"{self.speakers.demonym(side)} MoD", side)
            # a hedged claim with no source ("reportedly") takes the source the next sentence names
            if attributed is not None:
                for idx in pending_claim:
                    events[idx] = _replace(events[idx], claimed_by=attributed[0])
            pending_claim = []

            trigs = [t for t in self._triggers(s) if not t.negated]
            last_para = events_in_paragraph.get(s.paragraph, [])
            if not self.by_sentence.get(s.index) and last_para:
                # a follow-up sentence about the previous event: a denial or a death toll
                status_here = sentence_status(self.text, s.start, s.end, s.in_quote)
                if status_here != "denied" and any(t.negated and t.spec.role == "capture" for t in
                                                   self._triggers(s)):
                    status_here = "disputed"
                deaths = self._deaths(s)
                for i in last_para:
                    if events[i].sentence_start != events[last_para[-1]].sentence_start:
                        continue
                    if status_here in ("denied", "disputed"):
                        events[i] = _replace(events[i], claim_status=status_here)
                    if deaths is not None and events[i].fatalities is None:
                        events[i] = _replace(events[i], fatalities=deaths,
                                             notes=self.text[events[i].sentence_start:s.end],
                                             sentence_end=s.end)
                if status_here in ("denied", "disputed") or (deaths is not None and trigs):
                    continue
            if not trigs:
                prev_places = self._event_places(self.by_sentence.get(s.index, [])) or prev_places
                continue
            active = [t for t in trigs if not t.intent] or trigs
            places = self._event_places(self.by_sentence.get(s.index, []))
            groups = self._assign(s, active, places)
            made = []
            for trig, group_places, clause in groups:
                status = sentence_status(self.text, s.start, s.end, s.in_quote, (clause[0], s.end))
                notes_end = s.end
                if not group_places:
                    group_places, notes_end = self._anaphora(s, clause, prev_places)
                for m in group_places:
                    ev = self._event(s, trig, m, clause, when, who, status, notes_end, seg)
                    made.append(ev)
            if made:
                prev_places = [m for _, ps, _ in groups for m in ps] or prev_places
            start_idx = len(events)
            events.extend(made)
            events_in_paragraph.setdefault(s.paragraph, []).extend(range(start_idx, len(events)))
            if who is None and hedged_without_source(self.text, s.start, s.end):
                pending_claim = list(range(start_idx, len(events)))
        return events

    def _assign(self, s: _Sentence, trigs: list[_Trig], places: list[Mention]):
        """Group places with the trigger of their clause (or the nearest preceding one)."""
        clauses = self._clauses(s)
        ws_disputed = []
        for a, b in clauses:
            ws_disputed.append(self.lex.disputes.any(self.text, a, b))
        clause_trigs: list[list[_Trig]] = [[t for t in trigs if a <= t.start < b] for a, b in clauses]
        owner: list[int | None] = []
        last = None
        for k in range(len(clauses)):
            if clause_trigs[k]:
                last = k
            owner.append(last)
        groups: dict[int, list[Mention]] = {}
        for m in places:
            c = _clause_at(clauses, m.start)
            if c is None:
                continue
            o = owner[c]
            if o is None:
                if ws_disputed[c]:
                    continue
                o = next((i for i in range(c + 1, len(clauses)) if clause_trigs[i]), None)
            if o is None or (ws_disputed[c] and o != c):
                continue
            groups.setdefault(o, []).append(m)
        out = []
        for k, ts in enumerate(clause_trigs):
            if not ts:
                continue
            best = max(ts, key=lambda t: t.spec.weight - (0.5 if t.intent else 0))
            out.append((best, groups.get(k, []), clauses[k]))
        return out

    def _anaphora(self, s: _Sentence, clause: tuple[int, int], prev_places: list[Mention]):
        nxt = self.sents[s.index + 1] if s.index + 1 < len(self.sents) else None
        if nxt is not None and _ANAPHOR_START.match(self.text[nxt.start:nxt.end]) and not self._triggers(nxt):
            places = self._event_places(self.by_sentence.get(nxt.index, []))
            if places:
                return places, nxt.end
        if _ANAPHOR_PLACE.search(self.text, clause[0], clause[1]) and prev_places:
            return prev_places, s.end
        return [], s.end

    def _event(self, s: _Sentence, trig: _Trig, m: Mention, clause, when, who, status, notes_end, seg) -> Event:
        event_type, sub = trig.spec.event_type, trig.spec.sub_event_type
        weapons = self.lex.weapons.find(self.text, clause[0], clause[1])
        weapon = weapons[0][3] if weapons else None
        if trig.spec.role == "remote" and weapon:
            sub = weapon
        elif trig.spec.role == "fight" and weapon == "Air/drone strike":
            event_type, sub = "Explosions/Remote violence", weapon
        elif trig.spec.role == "fight" and weapon and self._weapon_is_subject(clause, trig):
            event_type, sub = "Explosions/Remote violence", weapon
        elif trig.spec.role == "fight" and self._against_civilians(s, trig):
            event_type, sub = "Violence against civilians", "Attack"
        elif event_type == "Violence against civilians" and self._against_combatants(s, trig):
            event_type, sub = "Battles", "Armed clash"   # (soldiers taken hostage: part of a battle)
        if event_type in _CROWD_TYPES or sub in _CROWD_SUBS:
            event_type, sub = self._crowd_type(s, trig, event_type, sub)
        # (the mention's and its place's fields read once: each read of an interpreted class's
        # attribute is a generic lookup)
        place = m.place
        cc = place.country_code if place is not None else None
        place_id = place.place_id if place is not None else None
        key = (s.index, trig.start)
        if key not in self._actor_memo:
            self._actor_memo[key] = self._actors(s, trig)
        actor1, actor2 = self._actor_memo[key]
        if (actor1 is None or actor2 is None) and cc:
            # police or security forces named by no country are those of the country the event
            # happens in ("Police arrested 7 suspects in Hama": Police Forces of Syria), as ACLED
            # codes them
            if key not in self._forces_memo:
                self._forces_memo[key] = self._unnamed_forces(s, trig)
            acting, suffering = self._forces_memo[key]
            if not acting and suffering and trig.spec.mutual and actor1 is None:
                # (a party to a clash, wherever named: "clashes between security forces and ...")
                acting, suffering = suffering, ""
            if acting and actor1 is None:
                force = country_actor(cc, self.g, acting)
                if force != actor2:
                    actor1 = force
            if suffering and actor2 is None:
                force = country_actor(cc, self.g, suffering)
                if force != actor1:
                    actor2 = force
        if event_type in ("Protests", "Riots") and cc \
                and (actor1 is None or actor1.startswith(("Police Forces", "Military Forces"))):
            # the crowd is the first actor, the forces facing it the second (ACLED's "Protesters
            # (Kenya)", "Rioters (Kenya)")
            if actor1 is not None and actor2 is None:
                actor2 = actor1
            actor1 = country_actor(cc, self.g,
                                   "protesters" if event_type == "Protests" else "rioters")
        if trig.spec.role == "capture" and actor1 and not actor1.startswith(("Military Forces", "Police Forces",
                                                                           "Government")):
            sub = "Non-state actor overtakes territory"
        claim_status = status
        if place_id is not None and place_id in self.disputed_places and status != "denied":
            if trig.spec.role == "capture":
                claim_status = "disputed"
        notes = self.text[s.start:notes_end]
        fatalities = self._deaths(s)
        d0, d1, tprec, method = when
        surface = m.surface
        doc = self.doc
        doc_id = doc.id
        conf = round(0.5 * (m.score if place else 0.2) + 0.3 * min(1.0, trig.spec.weight)
                     + 0.2 * (1.0 if method in ("explicit", "relative") else 0.5), 3)
        # (positional, in the order of Event's fields: a call with 28 keywords costs a dict)
        return Event(
            _event_id(doc_id, s.start, event_type, sub, place_id if place else surface),  # event_id
            d0, event_type, sub, surface,                            # event_date, types, location
            place.name if place else None, place_id if place else None,
            cc if place else None, place.admin1 if place else None,
            place.lat if place else None, place.lon if place else None,
            m.geo_precision, notes, doc_id,                          # geo_precision, notes, document_id
            d1 if d1 and d1 != d0 else None, tprec, method,          # event_date_end, time_precision, date_method
            actor1, actor2, who[0] if who else None, claim_status,   # actors, claimed_by, claim_status
            fatalities, doc.publisher, doc.url, doc.published,       # .., source, source_url, published
            conf, s.start, notes_end,                                # confidence, sentence_start, sentence_end
        )

    def _crowd_type(self, s: _Sentence, trig: _Trig, event_type: str, sub: str) -> tuple[str, str]:
        """The type of an event a crowd takes part in (see [crowds] in events.toml)."""
        lex, text = self.lex, self.text
        crowd = self._crowd_memo.get(s.index)
        if crowd is None:   # (which crowd the sentence names, if any: asked once per sentence)
            crowd = self._crowd_memo[s.index] = 1 if lex.rioters.any(text, s.start, s.end) else \
                2 if lex.protesters.any(text, s.start, s.end) else 0
        if crowd == 0:
            return event_type, sub
        if crowd == 1:
            if lex.mob.any(text, s.start, s.end) and lex.one_sided.any(text, trig.start, trig.end):
                return "Riots", "Mob violence"
            return "Riots", "Violent demonstration"
        if event_type == "Violence against civilians":
            return event_type, sub
        if lex.intervention.any(text, s.start, s.end) or sub == "Arrests":
            if lex.lethal.any(text, s.start, s.end):
                return "Protests", "Excessive force against protesters"
            return "Protests", "Protest with intervention"
        if lex.violent.any(text, s.start, s.end) and event_type != "Protests":
            return "Riots", "Violent demonstration"
        return event_type, sub

    def _victim_words(self, s: _Sentence, trig: _Trig) -> list[str]:
        """The words that name whom an act is done to: those before a passive verb ("two
        teachers were shot by ..."), or the few after an active one ("gunmen killed two
        shepherds"), up to the next comma."""
        ws, starts, _ = text_words(self.text)        # (the text's words: the sentence's are a run)
        first = _bisect_left(starts, s.start)
        i = _bisect_left(starts, trig.start, first)
        if i >= len(ws):
            return []
        if passive_at(ws, first, i):
            return [w[0] for w in ws[max(first, i - 10):i]]
        j = _bisect_left(starts, trig.end, i)
        stop = self.text.find(",", trig.end, s.end)
        end = s.end if stop < 0 else stop
        named = [w[0] for w in ws[j:j + 6] if w[2] <= end]
        # and whom a participle clause after it names ("gunmen attacked the village, killing
        # twelve civilians")
        then = _THEN_KILLING.search(self.text, trig.end, s.end)
        if then is not None:
            k = _bisect_left(starts, then.end(), j)
            stop = self.text.find(",", then.end(), s.end)
            end = s.end if stop < 0 else stop
            named += [w[0] for w in ws[k:k + 6] if w[2] <= end]
        return named

    def _against_civilians(self, s: _Sentence, trig: _Trig) -> bool:
        """A one-sided act whose victims are civilians and no combatants (see [civilian_targets]
        in events.toml)."""
        lex = self.lex
        if not lex.one_sided.any(self.text, trig.start, trig.end):
            return False
        named = self._victim_words(s, trig)
        return (any(w in lex.civilian_victims for w in named)
                and not any(w in lex.combatants for w in named))

    def _against_combatants(self, s: _Sentence, trig: _Trig) -> bool:
        """Whether the victims of a violence-against-civilians trigger are combatants and no
        civilians ("a policeman was abducted"): ACLED codes that as a battle."""
        lex = self.lex
        named = self._victim_words(s, trig)
        return (any(w in lex.combatants for w in named)
                and not any(w in lex.civilian_victims for w in named))

    def _unnamed_forces(self, s: _Sentence, trig: _Trig) -> tuple[str, str]:
        """Police or security forces named by no side: the kind of actor ("police", "military",
        or "") that acts (a force noun among the five words before an active trigger: "Police
        arrested ..."), and the kind it happens to (before a passive one, "two policemen were
        killed", or among the five words after an active one, "troops killed two policemen").
        Words after the sentence's attribution do not count."""
        ws, starts, _ = text_words(self.text)
        first = _bisect_left(starts, s.start)
        i = _bisect_left(starts, trig.start, first)
        nouns = force_nouns()
        lo = ws[max(first, i - 5)][1] if i > first else trig.start
        named = self.actors[s.index]
        before = _unnamed_force_in(nouns, self.text, lo, trig.start, named)
        passive = bool(before) and passive_at(ws, first, i)
        j = _bisect_left(starts, trig.end, i)
        hi = min(s.end, ws[min(j + 5, len(ws)) - 1][2]) if j < len(ws) else trig.end
        after = _unnamed_force_in(nouns, self.text, trig.end, hi, named) if hi > trig.end and not passive else ""
        if not before and not after:
            return "", ""
        # (the attribution only now: most triggers have no police by them)
        cut = attribution_start(self.text, s.start, s.end)
        if cut is not None and trig.start >= cut:
            return "", ""
        if cut is not None and after and hi > cut:
            after = _unnamed_force_in(nouns, self.text, trig.end, cut, named) if cut > trig.end else ""
        return ("", before) if passive else (before, after)

    def _weapon_is_subject(self, clause, trig: _Trig) -> bool:
        """A weapon among the four words before the trigger ("mortar shells hit"), or the agent
        of a passive one ("were killed by an artillery strike", "by Afghan forces artillery fire")."""
        ws = words(self.text, clause[0], trig.start)
        if self.lex.weapons.any(self.text, ws[-4][1] if len(ws) > 4 else clause[0], trig.start):
            return True
        after = words(self.text, trig.end, clause[1])
        if after and after[0][0] == "by":
            return self.lex.weapons.any(self.text, after[0][2], after[min(5, len(after) - 1)][2])
        return False

    def _actors(self, s: _Sentence, trig: _Trig) -> tuple[str | None, str | None]:
        cut = attribution_start(self.text, s.start, s.end)
        acts = [a for a in self.actors[s.index] if cut is None or a.start < cut]
        # a country named right before a trigger verb acts through its forces ("Azerbaijan pushed")
        for m in self.by_sentence.get(s.index, []):
            if m.kind == "country" and m.place is not None and 0 <= trig.start - m.end <= 12 \
                    and "," not in self.text[m.end:trig.start] \
                    and not _IN_PLACE.search(self.text, max(s.start, m.start - 12), m.start):
                # (not "In Burkina Faso, an IED struck": a country where it happens)
                acts.append(ActorMention(m.start, m.end, country_actor(m.place.country_code, self.g),
                                         m.place.country_code, "military"))
        by = _by_after(self.text, trig.end, s.end)
        if by:
            side = side_of_word(by.group(1), self.g)
            if side:
                at = by.start(1)
                acts.append(ActorMention(at, at + len(by.group(1)), country_actor(side, self.g), side, "passive"))
        acts.sort(key=lambda a: a.start)
        resolved = []
        for a in acts:
            name: str | None = a.name
            side = a.side
            if name == OWN:
                side = self._own_side(s.index)
                name = country_actor(side, self.g) if side else None
            elif name == ENEMY:
                own = next((x.side for x in acts if x.side and x.name not in (OWN, ENEMY)), "")
                side = self._opposite(own) if own else ""
                name = country_actor(side, self.g) if side else None
            if name:
                resolved.append((a, name, side))
        passive = [r for r in resolved if r[0].kind == "passive"]
        before = [r for r in resolved if r[0].start < trig.start and r[0].kind != "passive"]
        after = [r for r in resolved if r[0].start >= trig.end and r[0].kind != "passive"]
        if not passive and before:
            ws, starts, _ = text_words(self.text)
            first = _bisect_left(starts, s.start)
            if passive_at(ws, first, _bisect_left(starts, trig.start, first)):
                # "3 soldiers were killed (following an attack) by Taliban militants": the side
                # named before a passive verb is what it was done to; its author comes after
                agent = next((r for r in after if r[1] != before[-1][1]), None)
                return (agent[1] if agent else None), before[-1][1]
        a1 = passive[0] if passive else (before[-1] if before else None)
        pool = (before[:-1] if not passive else before) + after
        a2 = next((r for r in pool if a1 is None or r[1] != a1[1]), None)
        if a1 is None and a2 is not None and (trig.spec.mutual or a2[0].start < trig.start
                                              or not _is_object(self.text, trig.end, a2[0].start)):
            # (a side named right after any other trigger is what it was done to, "an IED hit a
            # military convoy"; not the agent, "killed by a Taliban sniper", nor the subject of
            # the next clause, "in another attack, Taliban militants ...")
            a1, a2 = a2, None
        return (a1[1] if a1 else None), (a2[1] if a2 else None)


def _replace(e: Event, **kw) -> Event:
    from dataclasses import replace
    return replace(e, **kw)


def extract_events(doc: Document, mentions: list[Mention], gazetteer: Gazetteer) -> list[Event]:
    """The events a document reports, each tied to its sentence, place, date and claimant.

    Only literal place mentions can be where something happened: a place named inside an
    organisation's name ("the Azerbaijan Army", "Texas Department of Health") is not."""
    return _Extractor(doc, [m for m in mentions if m.role == "literal"], gazetteer).run()
