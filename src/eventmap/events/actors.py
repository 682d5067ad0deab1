"""Actors: who acts in a sentence, normalised to ACLED-style names, with the side they are on.

Named actors come from ``data/lexicon/actors.toml``. Otherwise a demonym or country name before
a force noun ("Azerbaijani Armed Forces", "Azerbaijan Army", "Azeri side", "Afghan troops"), or
a force noun before "of <country>" ("Armed Forces of Armenia"), names that country's forces.
"our units" and "the enemy" are kept as placeholders that the extractor fills in once it knows
who is speaking.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ..gazetteer.fold import fold
from ..gazetteer.gazetteer import Gazetteer, country_display_name, country_names
from .lexicon import PhraseMatcher, _bisect_left, _span_of, actor_lexicon, all_words, text_words

OWN, ENEMY = "<own>", "<enemy>"
_KIND_NAME: Final = {"military": "Military Forces of {}", "police": "Police Forces of {}",
              "government": "Government of {}", "civilians": "Civilians ({})",
              "protesters": "Protesters ({})", "rioters": "Rioters ({})"}


@dataclass(slots=True)
class ActorMention:
    start: int
    end: int
    name: str        # canonical name, or OWN / ENEMY
    side: str        # country code of the side ("" when none)
    kind: str        # military | police | state | government | civilians | named | own | enemy

    def __init__(self, start: int, end: int, name: str, side: str, kind: str) -> None:
        # written out (a dataclass keeps a class's own __init__) so that the compiled module
        # builds one natively, not through the interpreted __init__ dataclasses generates (a
        # frozen dataclass's goes through object.__setattr__ for every field)
        self.start = start
        self.end = end
        self.name = name
        self.side = side
        self.kind = kind


_Matchers = tuple[PhraseMatcher[str], PhraseMatcher[tuple[str, str, bool]], PhraseMatcher[str]]


def _make_matchers() -> _Matchers:
    """The force nouns (-> kind), the named actors (-> name, side, written in capitals) and the
    placeholders "our units" / "the enemy" (-> OWN / ENEMY)."""
    lex = actor_lexicon()
    gen = lex["generic"]
    nouns: dict[str, str] = {}
    for kind in ("military", "police", "state", "government", "civilians"):
        for w in gen.get(kind, []):
            nouns.setdefault(w, kind)
    named: dict[str, tuple[str, str, bool]] = {}
    for a in lex.get("actor", []):
        for p in a["patterns"]:
            named[p] = (a["name"], a.get("side", ""), p.isupper())
    placeholders = {w: OWN for w in gen.get("own", [])}
    placeholders.update({w: ENEMY for w in gen.get("enemy", [])})
    return PhraseMatcher(nouns), PhraseMatcher(named), PhraseMatcher(placeholders)


class _Held:
    """The matchers, made once, and what find_actors keeps of the last text it saw (native
    attributes: compiled, calling an lru_cache'd function, unpacking its untyped answer and
    calling each matcher as a Python method cost some 400 instructions a sentence: 35 K a report)."""

    def __init__(self) -> None:
        self.matchers: _Matchers | None = None
        self.last_text: _TextActors | None = None


def _matchers() -> _Matchers:
    held = _HELD
    found = held.matchers
    if found is None:
        found = held.matchers = _make_matchers()
    return found


def force_nouns() -> PhraseMatcher[str]:
    """The force nouns, each to its kind ("troops" -> "military", "policemen" -> "police")."""
    return _matchers()[0]


def side_of_word(word: str, gazetteer: Gazetteer) -> str | None:
    """The country a demonym or country name points at ("Azerbaijani", "Armenia's") or None."""
    memo = gazetteer.__dict__.setdefault("_side_of_word", {})
    if word in memo:
        return memo[word]
    w = word.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    key = fold(w)
    side = memo[word] = gazetteer.demonyms().get(key) or country_names(gazetteer).get(key)
    if len(memo) > 100_000:
        memo.clear()
    return side


def _cue_words(gazetteer: Gazetteer) -> frozenset[str]:
    """Words without which a sentence names no actor: first words of named actors and of the
    placeholders, demonyms, and (folded) country names and their first words."""
    cached = gazetteer.__dict__.get("_actor_cue_words")
    if cached is None:
        lex = actor_lexicon()
        cues = {p.split()[0].lower() for a in lex.get("actor", []) for p in a["patterns"]}
        gen = lex["generic"]
        cues |= {w.split()[0].lower() for w in gen.get("own", []) + gen.get("enemy", [])}
        cues |= set(gazetteer.demonyms()) | set(country_names(gazetteer))
        cues |= {fold(n.split()[0]) for n in getattr(gazetteer, "_country_display", {}).values() if n}
        cached = gazetteer.__dict__["_actor_cue_words"] = frozenset(cues)
    return cached


_CUE: Final = 1
_MAY_NAME_SIDE: Final = 2


def _may_name_side(word: str, gazetteer: Gazetteer) -> bool:
    """False only when no writing of the lower-cased ``word`` in a text can name a side.

    ``side_of_word`` folds what it is given, and folding lower-cases: a text's word and its
    lower-cased form fold alike whenever that form is ASCII (the only other character that
    lower-cases to ASCII is the Kelvin sign, which NFC turns into "K"), unless the word ends in
    "'s", which ``side_of_word`` strips only when written in lower case. Those words are
    answered by the lower-cased form; the others are looked up as the text writes them."""
    return not word.isascii() or word.endswith("'s") or side_of_word(word, gazetteer) is not None


class _TextActors:
    """What find_actors keeps of the last text it saw (a document is asked sentence by
    sentence): the positions, among ``all_words(text)``, of the words without which a sentence
    names no actor, and of the capitalised words that name a side ("Azerbaijani", "Armenia's")
    with that side. Words are looked up once per document, not once per sentence."""

    def __init__(self, text: str, gazetteer: Gazetteer):
        self.text = text
        self.gazetteer = gazetteer
        ws, starts, positions = all_words(text)
        cues = _cue_words(gazetteer)
        memo: dict[str, int] = gazetteer.__dict__.setdefault("_actor_word_memo", {})
        if len(memo) > 100_000:
            memo.clear()
        cue_at: list[int] = []
        side_hits: list[tuple[int, str]] = []
        # each distinct word once, by key: its positions read only for a word with a flag (the
        # items would build a tuple per word)
        for w in positions:
            flags = memo.get(w)
            if flags is None:
                flags = memo[w] = ((_CUE if w in cues or fold(w.split("'")[0]) in cues else 0)
                                   | (_MAY_NAME_SIDE if _may_name_side(w, gazetteer) else 0))
            if flags & _CUE:
                cue_at.extend(positions[w])
            if flags & _MAY_NAME_SIDE:
                for k in positions[w]:
                    _, a, b = ws[k]
                    if _upper_at(text, a):
                        side = side_of_word(text[a:b], gazetteer)
                        if side:
                            side_hits.append((k, side))
        cue_at.sort()
        side_hits.sort()
        self.cue_at = cue_at
        self.side_at = [k for k, _ in side_hits]
        self.side_starts: list[int] = [starts[k] for k, _ in side_hits]   # (where those words begin)
        self.sides = [side for _, side in side_hits]


def _upper_at(text: str, i: int) -> bool:
    """``text[i].isupper()``, told by the code in ASCII (compiled, the method call on a one-character
    string costs some 300 instructions)."""
    c = ord(text[i])
    if c < 128:
        return 65 <= c <= 90
    return text[i].isupper()


_HELD: Final = _Held()


def _text_actors(text: str, gazetteer: Gazetteer) -> _TextActors:
    held = _HELD
    last = held.last_text
    if last is None or last.text is not text or last.gazetteer is not gazetteer:
        last = held.last_text = _TextActors(text, gazetteer)
    return last


def find_actors(text: str, start: int, end: int, gazetteer: Gazetteer) -> list[ActorMention]:
    """Actors named in ``text[start:end]``, in order."""
    found = _text_actors(text, gazetteer)
    # an actor is a named actor's or a placeholder's phrase, or a force beside a word naming a
    # side: a span without any of them names none (most spans: each is a bisection, on offsets,
    # before the span's words are found; the force nouns are looked for only beside such a word)
    nouns, named, placeholders = _matchers()
    named_hits = named.find(text, start, end)
    placeholder_hits = placeholders.find(text, start, end)
    if not named_hits and not placeholder_hits:
        n = _bisect_left(found.side_starts, start)
        if n == len(found.side_starts) or found.side_starts[n] >= end:
            return []      # (no word naming a side begins in the span: none is among its words)
    all_ws, word_starts, _ = text_words(text)
    lo, hi = _span_of(all_ws, word_starts, start, end)   # the span's words: all_ws[lo:hi]
    first = _bisect_left(found.side_at, lo)
    last = _bisect_left(found.side_at, hi, first)
    if first == last and not named_hits and not placeholder_hits:
        return []
    k = _bisect_left(found.cue_at, lo)
    if k == len(found.cue_at) or found.cue_at[k] >= hi:
        return []
    out: list[ActorMention] = []
    taken: set[int] = set()
    for i, j, _, (name, side, acronym) in named_hits:
        if acronym and not text[all_ws[lo + i][1]:all_ws[lo + i][2]].isupper():
            continue  # "ANA" the army, not "Ana" the name
        out.append(ActorMention(all_ws[lo + i][1], all_ws[lo + j][2], name, side, "named"))
        taken.update(range(i, j + 1))
    for i, j, phrase, ph in placeholder_hits:
        if taken.isdisjoint(range(i, j + 1)):
            out.append(ActorMention(all_ws[lo + i][1], all_ws[lo + j][2], ph, "", "own" if ph == OWN else "enemy"))
            taken.update(range(i, j + 1))
    if first == last:
        return _in_order(out)
    # (a side's "security forces" are its military)
    noun_hits = {i: (j, "military" if kind == "state" else kind) for i, j, _, kind in nouns.find(text, start, end)}
    for n in range(first, last):
        i = found.side_at[n] - lo        # (positions from here on count from the span's first word)
        if i in taken:
            continue
        side = found.sides[n]
        # "<Demonym|Country> [adjective] <noun>"
        for k in (i + 1, i + 2):
            if k in noun_hits and k not in taken:
                j, kind = noun_hits[k]
                out.append(ActorMention(all_ws[lo + i][1], all_ws[lo + j][2],
                                        _KIND_NAME[kind].format(country_display_name(gazetteer, side)), side, kind))
                taken.update(range(i, j + 1))
                break
        else:
            # "<noun> of (the) <Country>"
            back = i - 1 if i >= 1 and all_ws[lo + i - 1][0] == "of" else None
            if back is not None and back >= 1 and all_ws[lo + back - 1][0] == "the":
                back -= 1
            if back is not None:
                for k in range(max(0, back - 3), back):
                    if k in noun_hits and noun_hits[k][0] == back - 1 and k not in taken:
                        kind = noun_hits[k][1]
                        out.append(ActorMention(all_ws[lo + k][1], all_ws[lo + i][2],
                                                _KIND_NAME[kind].format(country_display_name(gazetteer, side)), side, kind))
                        taken.update(range(k, i + 1))
                        break
    return _in_order(out)


def _in_order(out: list[ActorMention]) -> list[ActorMention]:
    """``out`` sorted by start (stably), sorted only when it is not in order already (most are:
    no actor or one)."""
    for k in range(1, len(out)):
        if out[k].start < out[k - 1].start:
            out.sort(key=_start_of)
            break
    return out


def _start_of(a: ActorMention) -> int:
    return a.start


def country_actor(cc: str, gazetteer: Gazetteer, kind: str = "military") -> str:
    return _KIND_NAME[kind].format(country_display_name(gazetteer, cc))
