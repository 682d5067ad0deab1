"""Who claims what: quotations, attributions, speakers, and the claim status of a sentence."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from ..gazetteer.gazetteer import Gazetteer
from ..paths import read_lexicon
from .actors import side_of_word
from .dates import _is_word, _matches_at
from .lexicon import PhraseMatcher, _bisect_left, all_words, event_lexicon, text_words

_QUOTE_PAIRS: Final = [("“", "”"), ("«", "»"), ('"', '"')]
_NAME: Final = r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2}"
_ORG: Final = re.compile(r"\b(?:(?P<dem>[A-Z][\w’']+)\s+)?(?P<org>MoD|Ministry of Defen[cs]e|Defen[cs]e Ministry|"
                  r"Ministry of Foreign Affairs|Foreign Ministry|General Staff|Ministry of Interior|"
                  r"Interior Ministry|Presidential Administration|government)"
                  r"(?:\s+of(?:\s+the)?\s+(?P<cty>[A-Z][\w’']+(?:\s+[A-Z][\w’']+)?))?")
_ORG_PERSON: Final = re.compile(r"(?P<org>[A-Z][\w ]{0,60}?(?:MoD|Ministry|Ministry of Defen[cs]e)[\w ]{0,30}?),\s+(?P<name>"
                         + _NAME + r")")
_PRONOUNS: Final = {"he", "she", "they", "it", "we"}
_ORG_WORDS: Final = ("MoD", "Ministry")   # (every _ORG_PERSON match holds one of them)
# every organisation _ORG names holds one of these (case and all)
_ORG_NAMES: Final = ("MoD", "Ministry", "General Staff", "Presidential Administration", "government")
_JOINERS: Final = ("-", "'", "’")         # (what joins the parts of the event stage's words)
_NOBODY: Final[list[tuple[str, tuple[str, str] | None]]] = []   # (shared, never changed)


@lru_cache(maxsize=1)
def _titles() -> tuple[frozenset[str], frozenset[str]]:
    lex = read_lexicon("geoparse")
    return frozenset(lex["person"]["titles"]), frozenset(lex["person"]["speech"])


@lru_cache(maxsize=1)
def _titled_person() -> re.Pattern:
    alt = "|".join(_title_words())
    return re.compile(r"\b(?P<title>(?:[A-Z][a-z]+\s+){0,2}(?:" + alt + r"))\.?\s+(?P<name>" + _NAME + r")")


@lru_cache(maxsize=1)
def _title_words() -> tuple[str, ...]:
    """The titles as _titled_person spells them."""
    titles, _ = _titles()
    return tuple(sorted((t.capitalize() for t in titles if len(t) > 2), key=len, reverse=True))


@lru_cache(maxsize=1)
def _title_hint() -> re.Pattern:
    """A title word alone: a sentence without one introduces nobody by title (a cheap test first)."""
    return re.compile("|".join(_title_words()))


def _may_name_org(phrase: str) -> bool:
    """Whether _ORG may match in ``phrase``: whether it holds one of _ORG_NAMES."""
    for name in _ORG_NAMES:
        if name in phrase:
            return True
    return False


class _OrgWords:
    """Where the words of _ORG_WORDS stand in a text (every _ORG_PERSON match holds one):
    their offsets, sorted, and for each the earliest end of those from it on, so that whether
    a span holds one is one bisection."""

    def __init__(self, text: str) -> None:
        found: list[int] = []
        for word in _ORG_WORDS:
            at = text.find(word)
            while at >= 0:
                found.append(at * 16 + len(word))   # (its offset and length, in one int)
                at = text.find(word, at + 1)
        found.sort()
        self.starts = [v // 16 for v in found]
        self.ends = [v // 16 + v % 16 for v in found]
        self.first_ends = self.ends[:]
        for k in range(len(found) - 2, -1, -1):
            self.first_ends[k] = min(self.first_ends[k], self.first_ends[k + 1])

    def in_span(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds one of _ORG_WORDS."""
        k = _bisect_left(self.starts, start)
        return k < len(self.starts) and self.first_ends[k] <= end

    def comma_follows(self, text: str, start: int, end: int) -> bool:
        """Whether in ``text[start:end]`` one of _ORG_WORDS is followed by a comma after at most
        41 word characters and spaces, as in every _ORG_PERSON match (its organisation ends with
        the word, or with "Ministry of Defence", and then at most 30 of them): a span without
        is not searched (0.06 M instructions a report, most spent on spans with none)."""
        for k in range(_bisect_left(self.starts, start), len(self.starts)):
            if self.starts[k] >= end:
                break
            i = self.ends[k]
            stop = min(end, i + 42)
            while i < stop:
                c = text[i]
                if c == ",":
                    return True
                if not (c == " " or _is_word(c)):
                    break
                i += 1
        return False


@lru_cache(maxsize=1)
def _titles_are_plain() -> bool:
    """Every title is a capital and small letters (what _title_starts relies on)."""
    return all(re.fullmatch("[A-Z][a-z]+", t) is not None for t in _title_words())


@lru_cache(maxsize=1)
def _lower_titles() -> frozenset[str]:
    return frozenset(t.lower() for t in _title_words())


def _title_starts(text: str) -> list[int]:
    """Where a title word of ``text`` may stand in a titled person's introduction: the starts of
    its words (and of the parts of its hyphenated words) that lower-cased are a title. A title is
    a capital and small letters (_titles_are_plain), begins where ``\\b`` or white space lets it
    and is followed by a full stop or white space: it is a whole token of the text, so a word or
    a word's part (the text's words are its tokens joined across single hyphens and apostrophes).
    (A text holding a letter that lower-cases to two has its words' parts found otherwise: its
    callers check it themselves.)"""
    titles = _lower_titles()
    ws, starts, positions = all_words(text)
    found: list[int] = []
    for w in titles:
        at = positions.get(w)
        if at is not None:
            found.extend([starts[k] for k in at])
    # the parts after a joiner: found from the joiners in the text (few), not from every word
    for joiner in _JOINERS:
        j = text.find(joiner)
        while j >= 0:
            k = _bisect_left(starts, j + 1) - 1
            if k >= 0 and ws[k][1] < j < ws[k][2] and _part_at(ws[k][0], j + 1 - ws[k][1]) in titles:
                found.append(j + 1)
            j = text.find(joiner, j + 1)
    found.sort()
    return found


def _part_at(w: str, i: int) -> str:
    """The part of the lower-cased word ``w`` (hyphens and apostrophes join its parts) from ``i``."""
    ends = [e for e in (w.find("-", i), w.find("'", i)) if e >= 0]
    return w[i:min(ends)] if ends else w[i:]


def _back_over_capitalised(seg: str, t: int) -> list[int]:
    """``t`` and the starts of the (at most two) capitalised words, each followed by white space,
    that stand right before it: where ``(?:[A-Z][a-z]+\\s+){0,2}`` can begin and end at ``t``
    (each group's white space runs back to a small letter, its small letters to its capital)."""
    out = [t]
    q = t
    for _ in range(2):
        r = q
        while r > 0 and seg[r - 1].isspace():
            r -= 1
        if r == q:
            break
        u = r
        while u > 0 and "a" <= seg[u - 1] <= "z":
            u -= 1
        if u == r or u == 0 or not ("A" <= seg[u - 1] <= "Z"):
            break
        q = u - 1
        out.append(q)
    return out


def _titled_matches(seg: str, titles: list[int]) -> list[re.Match[str]]:
    """``_titled_person().finditer(seg)`` given where the title words of ``seg`` begin (sorted,
    in ``seg``'s offsets): a match's title group begins at one of them, so the match itself begins
    there or one or two capitalised words before; those places alone are tried, left to right,
    none inside the last match found (which is what finditer's scan would find)."""
    pattern = _titled_person()
    starts: set[int] = set()
    for t in titles:
        starts.update(_back_over_capitalised(seg, t))
    return _matches_at(pattern, seg, sorted(starts), len(seg))


@dataclass
class Speakers:
    """People and organisations named in a document, and how to label them as claimants."""

    gazetteer: Gazetteer
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # surname -> (label, side)
    last: tuple[str, str] | None = None                                 # last person named
    # (a per-text memo: the text it is for, its people named with an organisation, by span, and
    # where its title words begin)
    _text: str = ""
    _org_people: dict[tuple[int, int], list[tuple[str, tuple[str, str] | None]]] = field(default_factory=dict)
    _titles_at: list[int] = field(default_factory=list)
    _orgs: _OrgWords = field(default_factory=lambda: _OrgWords(""))
    _plain: bool = True   # (no letter of the text lower-cases to two: see _title_starts)

    def demonym(self, cc: str) -> str:
        return self.gazetteer.demonym_of(cc)

    def org_label(self, phrase: str) -> tuple[str, str] | None:
        """'MoD of Armenia' / 'Armenian MoD' -> ('Armenian MoD', 'AM')."""
        if not _may_name_org(phrase):
            return None   # (most phrases: 300 instructions instead of the pattern's search, 8,000)
        m = _ORG.search(phrase)
        if not m:
            return None
        side = ""
        for w in (m.group("cty"), m.group("dem")):
            if w:
                side = side_of_word(w.split()[-1] if m.group("cty") == w else w, self.gazetteer) or side
                if side:
                    break
        org = m.group("org")
        short = {"ministry of defense": "MoD", "ministry of defence": "MoD", "defense ministry": "MoD",
                 "defence ministry": "MoD", "mod": "MoD"}.get(org.lower(), org)
        return (f"{self.demonym(side)} {short}" if side else short), side

    def _in_text(self, text: str) -> None:
        """Start the per-text memo over when asked about another text."""
        if self._text is not text:
            self._text = text
            self._org_people.clear()
            self._plain = "\u0130" not in text and _titles_are_plain()
            self._titles_at = _title_starts(text) if self._plain else []
            self._orgs = _OrgWords(text)

    def _people_with_organisation(self, text: str, start: int, end: int) -> list[tuple[str, tuple[str, str] | None]]:
        """(name, organisation label) of each person ``text[start:end]`` introduces with an
        organisation; worked out once per span (``learn`` and ``learn_organisations`` both ask)."""
        self._in_text(text)
        if not self._orgs.in_span(start, end):
            return _NOBODY   # (most sentences: no copy of the span, nothing to remember)
        key = (start, end)
        found = self._org_people.get(key)
        if found is None:
            found = [(m.group("name"), self.org_label(m.group("org")))
                     for m in _ORG_PERSON.finditer(text[start:end])] if self._orgs.comma_follows(text, start, end) else []
            self._org_people[key] = found
        return found

    def learn_organisations(self, text: str, start: int, end: int) -> None:
        """Register people introduced with their organisation, wherever they stand in the text
        ("Representative of the MoD of Armenia, Artsrun Hovhannisyan"), keeping ``last`` as is."""
        last = self.last
        for name, org in self._people_with_organisation(text, start, end):
            if org:
                self._add(name, org[0], org[1])
        self.last = last

    def learn(self, text: str, start: int, end: int) -> None:
        """Register the people a sentence introduces with a title ("Azerbaijani President Ilham
        Aliyev", "The Turkish Foreign Minister Mevlut Cavusoglu") or an organisation."""
        self._learn_titled(self._titled_in(text, start, end))
        self.learn_organisations(text, start, end)
        # learn_organisations keeps `last`; a person introduced by organisation here is the last named
        for name, _ in self._people_with_organisation(text, start, end):
            label = self.people.get(name.lower())
            if label:
                self.last = label

    def _titled_in(self, text: str, start: int, end: int) -> list[re.Match[str]]:
        """``_titled_person().finditer(text[start:end])``: tried only at the span's title words
        (most sentences hold none, and are not copied)."""
        self._in_text(text)
        if not self._plain or (start > 0 and _is_word(text[start - 1:start])):
            # (a title may then stand where no word of the text begins: the span is scanned)
            seg = text[start:end]
            return list(_titled_person().finditer(seg)) if _title_hint().search(seg) else []
        titles = self._titles_at
        k = _bisect_left(titles, start)
        stop = _bisect_left(titles, end, k)
        if k == stop:
            return []
        return _titled_matches(text[start:end], [t - start for t in titles[k:stop]])

    def _learn_titled(self, matches: list[re.Match[str]]) -> None:
        """Register the people of ``_titled_person``'s matches."""
        for m in matches:
            title = m.group("title")
            first = title.split()[0]
            side = side_of_word(first, self.gazetteer)
            if side:
                title = " ".join([self.demonym(side)] + title.split()[1:])
            self._add(m.group("name"), f"{title} {m.group('name')}", side or "")

    def _add(self, name: str, label: str, side: str) -> None:
        parts = name.split()
        self.people[parts[-1].lower()] = (label, side)
        self.people[name.lower()] = (label, side)
        self.last = (label, side)

    def label_for(self, phrase: str) -> tuple[str, str] | None:
        """A claimant label for a speaker phrase ('Hovhannisyan', 'he', 'the Armenian MoD')."""
        phrase = " ".join(phrase.split()).strip(",.;:")
        key = phrase.lower()
        if key.startswith("the "):
            phrase = phrase[4:]
            key = phrase.lower()
        if not phrase:
            return None
        if key in _PRONOUNS:
            return self.last
        org = self.org_label(phrase)
        if org:
            return org
        if key in self.people:
            return self.people[key]
        last = key.split()[-1]
        if last in self.people:
            return self.people[last]
        parts = phrase.split()
        first = parts[0]
        side = side_of_word(first, self.gazetteer)
        if side and len(parts) == 1:
            return f"Government of {phrase}" if first[:1].isupper() else phrase, side
        return (phrase, "") if len(parts) <= 8 else None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted passages (curly, guillemet or straight double quotes)."""
    spans = []
    for op, cl in _QUOTE_PAIRS:
        pos = 0
        while True:
            a = text.find(op, pos)
            if a < 0:
                break
            para_end = text.find("\n\n", a)
            para_end = len(text) if para_end < 0 else para_end
            b = text.find(cl, a + 1, para_end)
            if b < 0:
                b = para_end  # a quote left open ends with its paragraph
            if b - a > 30:  # skip scare quotes around a word or two
                spans.append((a, b + 1))
            pos = b + 1
    spans.sort()
    return spans


def attribution_after_quote(text: str, qend: int, sent_end: int) -> str | None:
    """The speaker named right after a closing quote: '…,” Hovhannisyan said.' / '…,” he said'."""
    tail = text[qend:sent_end]
    m = re.match(r"\s*,?\s*(?P<who>" + _NAME + r"|he|she|they|we)\b", tail)
    return m.group("who") if m else None


class _TextClaims:
    """What the claim functions keep of the last text they were asked about (extract asks
    sentence by sentence): the event lexicon, the text's words, where its speech verbs and
    hedge adverbs stand, and where its cue phrases are found in the whole text, so that what
    a sentence holds is a bisection away (a span's words, as ``words(text, start, end)`` has
    them, are those wholly inside it)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lex = lex = event_lexicon()
        ws, starts, positions = text_words(text)
        self.words = ws
        self.starts = starts
        self.verbs = _Words(ws, positions, lex.verbs)
        self.adverbs = _Words(ws, positions, _HEDGE_ADVERBS)
        self.according = _Phrases(lex.according, text, ws)
        self.denials = _Phrases(lex.denials, text, ws)
        self.disputes = _Phrases(lex.disputes, text, ws)
        # (not the hedges: "said" is one, and most sentences asked about hold one)


class _Words:
    """Where the words of a set stand in a text: their positions among its words, and their
    offsets, sorted."""

    def __init__(self, ws: tuple[tuple[str, int, int], ...], positions: dict[str, list[int]],
                 wanted: frozenset[str]) -> None:
        at: list[int] = []
        for w in wanted:
            found = positions.get(w)
            if found is not None:
                at.extend(found)
        at.sort()
        self.at = at
        self.starts = [ws[k][1] for k in at]
        self.ends = [ws[k][2] for k in at]

    def within(self, start: int, end: int) -> bool:
        """Whether one of the words is wholly inside ``[start, end)`` (the first that begins
        there is the one that ends first)."""
        k = _bisect_left(self.starts, start)
        return k < len(self.starts) and self.ends[k] <= end


class _Phrases:
    """Where a cue matcher finds its phrases in the whole text (offsets, sorted: they do not
    overlap). A span where it finds one holds or overlaps one of these: at the span's first
    match the whole text's scan either finds a phrase (that one or a longer one) or is inside
    one found before, which then reaches into the span. A span meeting none has no match and
    is not asked about (most sentences, for most matchers)."""

    def __init__(self, matcher: PhraseMatcher[bool], text: str, ws: tuple[tuple[str, int, int], ...]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for i, j, _, _ in matcher.find(text):
            self.starts.append(ws[i][1])
            self.ends.append(ws[j][2])

    def may_meet(self, start: int, end: int) -> bool:
        """Whether one of the phrases found overlaps ``[start, end)``."""
        k = _bisect_left(self.ends, start + 1)   # (the first phrase that ends after start)
        return k < len(self.starts) and self.starts[k] < end


class _Last:
    """The last text's _TextClaims (a native attribute: no module dictionary lookup)."""

    def __init__(self) -> None:
        self.claims: _TextClaims | None = None


_LAST: Final = _Last()


def _text_claims(text: str) -> _TextClaims:
    found = _LAST.claims
    if found is None or found.text is not text:
        found = _TextClaims(text)
        _LAST.claims = found
    return found


def forget_last_text() -> None:
    """Let go of the last text's words (benchmarks: a text timed again must cost what a new one does)."""
    _LAST.claims = None


def attribution_start(text: str, start: int, end: int) -> int | None:
    """Where the attribution of a sentence begins ("…, according to X", "…, the MoD said"), so
    that the source is not mistaken for an actor of the event."""
    t = _text_claims(text)
    ws = t.words
    if t.according.may_meet(start, end):
        for i, _, _, _ in t.lex.according.find(text, start, end):
            return ws[_bisect_left(t.starts, start) + i][1]
    # the span's last word (the last that begins in it, unless it runs past its end)
    last = _bisect_left(t.starts, end) - 1
    if last >= 0 and ws[last][2] > end:
        last -= 1
    if last >= 0 and ws[last][1] >= start and ws[last][0] in t.lex.verbs:
        at = ws[last][1]
        comma = text.rfind(",", start, at)
        if comma > start and last - _bisect_left(t.starts, comma) <= 8:   # (the words between)
            return comma
    return None


_WHO: Final = re.compile(r"\s*(?:the\s+)?(?P<who>[^.;:!?]{2,120})")
_CLAUSE_MARKS: Final = ",;:“”\"("   # (what opens the clause a speech verb's subject stands in)


def attribution_in(text: str, start: int, end: int) -> str | None:
    """A speaker phrase in a sentence: 'according to X', 'X said', 'reported by X'.

    The sentence's speech verbs are found by bisection among the text's, and its words read
    by their positions in the text's (0.38 M -> 0.1 M instructions a report: every word of
    every sentence was looked up)."""
    t = _text_claims(text)
    ws = t.words
    if t.according.may_meet(start, end):
        found = t.lex.according.find(text, start, end)
        if found:
            lo = _bisect_left(t.starts, start)
            for _, j, _, _ in found:
                m = _WHO.match(text, ws[lo + j][2], end)
                if m:
                    return m.group("who")
    verbs = t.verbs
    lo = -1
    for v in range(_bisect_left(verbs.starts, start), _bisect_left(verbs.starts, end)):
        k = verbs.at[v]
        if ws[k][2] > end:
            break      # (it runs past the span's end: not one of its words)
        if k == 0 or ws[k - 1][1] < start:
            continue   # the sentence's first word
        if lo < 0:
            lo = _bisect_left(t.starts, start)   # (the sentence's first word)
        if ws[k - 1][0] == "as" or passive_at(ws, lo, k):
            # "fighting was reported": what was reported, not who; "... by X" names who
            if k + 1 < len(ws) and ws[k + 1][2] <= end and ws[k + 1][0] == "by":
                m = _WHO.match(text, ws[k + 1][2], end)
                if m:
                    return m.group("who")
            continue
        # the subject: the words before the verb, back to the clause's punctuation, without
        # the auxiliaries and adverbs that stand between it and the verb ("X has said") and
        # without the conjunction that opens the clause ("While officials said ...")
        before = text[start:ws[k][1]].rstrip()
        cut = -1
        for c in _CLAUSE_MARKS:
            cut = max(cut, before.rfind(c))
        subject = before[cut + 1:].split()
        while subject and subject[-1].lower() in _BEFORE_VERB:
            subject.pop()
        if subject and subject[-1].lower() in ("that", "which"):
            continue     # "signs that said ...": what a thing says, nobody's claim
        if subject and subject[-1].lower() == "who":
            subject.pop()     # "officials who said": the officials
        if cut >= 0 and subject and subject[0].lower() in _CONTRAST:
            # "X captured Y, but local officials said ...": who answers a claim made
            # before in the sentence does not make it
            continue
        while subject and subject[0].lower() in _OPENERS:
            del subject[0]
        if subject and len(subject) <= 8:
            return " ".join(subject)
    return None


# a form of "be" before a speech verb makes it passive ("was reported", "were claimed"), also
# with an adverb between ("was widely reported"); "as reported" names no speaker either
# (extract reads passives of violence with these too)
_BE: Final = frozenset(("was", "were", "is", "are", "be", "been", "being", "am"))
# words that open a clause before its subject; the first ones set it against what came before
_CONTRAST: Final = frozenset(("but", "while", "whereas", "however", "yet", "although", "though"))
_OPENERS: Final = _CONTRAST | {"and", "meanwhile", "as"}
# words between a speaker and the speech verb that are not part of who speaks
_BEFORE_VERB: Final = frozenset(("has", "have", "had", "also", "earlier", "later", "previously", "again"))


def passive_at(ws: tuple[tuple[str, int, int], ...], first: int, k: int) -> bool:
    """Whether the verb ``ws[k]`` is passive: a form of "be" right before it, or before an
    adverb before it ("was reported", "were reportedly killed"), not before word ``first``."""
    if k - 1 < first:
        return False
    before = ws[k - 1][0]
    return before in _BE or (k - 2 >= first and before.endswith("ly") and ws[k - 2][0] in _BE)


def sentence_status(text: str, start: int, end: int, in_quote: bool,
                    clause: tuple[int, int] | None = None) -> str:
    """'denied', 'disputed', 'claimed' or 'reported' from the cues of a sentence.

    Denials and contradictions count in ``clause`` only (the event's clause and what follows it:
    "X pushed Shusha, but were unable to make any progress"); hedges
    ("reportedly", "according to") anywhere in the sentence.
    """
    t = _text_claims(text)
    lex = t.lex
    cs, ce = clause if clause else (start, end)
    if t.denials.may_meet(cs, ce) and lex.denials.any(text, cs, ce):
        return "denied"
    if t.disputes.may_meet(cs, ce) and lex.disputes.any(text, cs, ce):
        return "disputed"
    if in_quote or lex.hedges.any(text, start, end):
        return "claimed"
    return "reported"


_HEDGE_ADVERBS: Final = frozenset(("reportedly", "allegedly", "purportedly", "presumably", "supposedly"))


def hedged_without_source(text: str, start: int, end: int) -> bool:
    """True for "X reportedly happened": a hedge adverb and no speech verb of its own."""
    t = _text_claims(text)
    return t.adverbs.within(start, end) and not t.verbs.within(start, end)
