"""Recognise place mentions: word n-grams of a text matched against the gazetteer's folded keys.

One pass over the text: every run of 1-6 words that starts (and ends) with a capitalised word
is folded exactly as gazetteer names are, and all of them are looked up in one indexed query;
the longest match at each position wins. Matches are then judged by their context:

* demonyms ("Azerbaijani") and country names inside organisation names ("Azerbaijan Army")
  are not place mentions; they are kept as country evidence for resolution;
* people are not places: a name after a title ("President Aliyev") or before a reporting verb
  ("Hovhannisyan said"), or inside a longer capitalised name ("Ilham Aliyev");
* a common English word ("Video", "Mother", "Army") is a place only after a cue ("village of");
* cue phrases before ("near", "village of") and after ("region", "direction") set the geo
  precision and the kind of place sought;
* a capitalised phrase after a settlement cue that the gazetteer lacks becomes an unresolved
  mention rather than being dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from wordfreq import zipf_frequency

from ..gazetteer.fold import fold
from ..gazetteer.gazetteer import Gazetteer, key_ids_for
from ..paths import read_lexicon
from ..text import Span, paragraphs, sentences, tokens

MAX_WORDS = 6
COMMON_WORD_ZIPF = 4.0     # "video", "mother", "army" and everyday words above this
FUNCTION_WORD_ZIPF = 5.3   # "the", "in", "on", "according": capitalised only by position
_JOINER = re.compile(r"^(?:[ \t]?[-‐‑–'’][ \t]?|[ \t\n]|\.[ \t])$")
SENTENCE_START_ZIPF = 2.5  # a capitalised first word is a place only if it is a rare English word
_CAMEL = re.compile(r"^[A-Z][a-z]+[A-Z]")
_LOWER_INNER = {"e", "de", "del", "la", "le", "les", "of", "on", "upon", "am", "an", "and", "i",
                "al", "el", "di", "da", "do", "dos", "das", "du", "van", "von", "der", "den", "y",
                "sur", "en", "in", "under", "by", "the", "ul", "ad", "ibn", "bin"}


@dataclass(slots=True)
class RawMention:
    """A recognised span before resolution."""

    start: int
    end: int
    surface: str
    sentence: int
    key_ids: tuple[int, ...] = ()
    precision: int = 1
    kind: str | None = None          # "settlement" | "region" | None
    cue: str | None = None
    qualifier_of: int | None = None  # index of the mention this one qualifies ("X, Balkh")


@dataclass(slots=True)
class Recognition:
    mentions: list[RawMention]
    countries: Counter = field(default_factory=Counter)   # country evidence from demonyms etc.
    sentence_spans: list[Span] = field(default_factory=list)


@lru_cache(maxsize=1)
def _lexicon():
    lex = read_lexicon("geoparse")
    before = {tuple(k.lower().split()): v for k, v in lex["before"].items()}
    after = {k.lower(): v for k, v in lex["after"].items()}
    titles = set(lex["person"]["titles"])
    speech = set(lex["person"]["speech"])
    heads = set(lex["organisation"]["heads"])
    return before, after, titles, speech, heads


@lru_cache(maxsize=100_000)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _titlecase_sentence(words: list[str]) -> bool:
    long = [w for w in words if len(w) > 3 and w.isalpha()]
    return len(long) >= 4 and sum(_is_cap(w) for w in long) / len(long) >= 0.7


def recognise(text: str, gazetteer: Gazetteer) -> Recognition:
    """Find the place mentions of ``text`` (offsets into ``text``) and the country evidence."""
    before_cues, after_cues, titles, speech, heads = _lexicon()
    demonyms = gazetteer.demonyms()
    sents: list[Span] = []
    for p in paragraphs(text):
        sents.extend(sentences(text, p.start, p.end))

    # 1. candidate n-grams
    per_sentence = []
    all_keys: set[str] = set()
    for si, s in enumerate(sents):
        toks = tokens(text, s.start, s.end)
        words = [text[t.start:t.end] for t in toks]
        folded = [fold(w) for w in words]
        grams: list[tuple[int, int, str]] = []
        for i, w in enumerate(words):
            if not _is_cap(w):
                continue
            key = ""
            for j in range(i, min(i + MAX_WORDS, len(toks))):
                if j > i:
                    if not _JOINER.match(text[toks[j - 1].end:toks[j].start]):
                        break
                    if not _is_cap(words[j]) and words[j].lower() not in _LOWER_INNER:
                        break
                key += folded[j]
                if _is_cap(words[j]) or words[j].isdigit():
                    grams.append((i, j, key))
                    all_keys.add(key)
        per_sentence.append((toks, words, grams))
    found = key_ids_for(gazetteer, all_keys) if all_keys else {}
    countries: Counter = Counter()
    mentions: list[RawMention] = []

    for si, (toks, words, grams) in enumerate(per_sentence):
        lower = [w.lower() for w in words]
        titlecase = _titlecase_sentence(words)
        # 2. longest match at each start, left to right, no overlaps
        best: dict[int, tuple[int, str]] = {}
        for i, j, key in grams:
            if key in found or key in demonyms:
                if i not in best or j > best[i][0]:
                    best[i] = (j, key)
        taken_until = -1
        matches: list[tuple[int, int, str]] = []
        for i in sorted(best):
            if i <= taken_until:
                continue
            j, key = best[i]
            matches.append((i, j, key))
            taken_until = j
        # 3. judge each match by its context
        for i, j, key in matches:
            if key in demonyms and (key not in found or j == i):
                countries[demonyms[key]] += 1
                continue
            surface_words = words[i:j + 1]
            prev = lower[i - 1] if i > 0 else ""
            prev2 = tuple(lower[max(0, i - 4):i])
            nxt = words[j + 1] if j + 1 < len(words) else ""
            nxt_joined = j + 1 < len(toks) and text[toks[j].end:toks[j + 1].start] in (" ", "-", "\n")
            cue = None
            precision, kind = 1, None
            for n in (4, 3, 2, 1):
                phrase = prev2[-n:] if len(prev2) >= n else None
                if phrase and phrase in before_cues:
                    cue = " ".join(phrase)
                    precision = before_cues[phrase].get("precision", 1)
                    kind = before_cues[phrase].get("kind")
                    break
            if nxt and nxt_joined and nxt.lower() in after_cues and not (
                    _is_cap(nxt) and nxt.lower() in heads):
                spec = after_cues[nxt.lower()]
                precision = max(precision, spec.get("precision", 1))
                kind = spec.get("kind", kind)
                cue = (cue + " … " if cue else "… ") + nxt.lower()
            strong_cue = kind is not None or precision >= 2
            # people
            if prev in titles or (nxt.lower() in speech and not strong_cue):
                continue
            # organisations / longer proper names
            if nxt and nxt_joined and _is_cap(nxt) and not titlecase:
                if nxt.lower() in heads or (nxt.lower() not in after_cues and _zipf(nxt.lower()) < FUNCTION_WORD_ZIPF
                                            and fold(nxt) not in found):
                    if key in found and _country_key(gazetteer, found[key]):
                        countries[_country_key(gazetteer, found[key])] += 1
                    continue
            if i > 0 and _is_cap(words[i - 1]) and not titlecase and text[toks[i - 1].end:toks[i].start] in (" ", "\n"):
                pw = lower[i - 1]
                if _zipf(pw) < FUNCTION_WORD_ZIPF and fold(words[i - 1]) not in found and pw not in titles:
                    continue
            # common words need a cue (countries and first-level divisions so named excepted);
            # the first word of a sentence is capitalised anyway, so the bar is lower there
            sentence_initial = i == 0 or text[toks[i - 1].end:toks[i].start].strip() in ("“", '"', "(", "‘", "«")
            limit = SENTENCE_START_ZIPF if sentence_initial else COMMON_WORD_ZIPF
            if j == i and not strong_cue and _zipf(lower[i]) >= limit:
                if not _is_major_region(gazetteer, found[key], key):
                    continue
            # short camel-case words are acronyms ("MoD"), not names
            if j == i and len(words[i]) <= 4 and _CAMEL.match(words[i]) and not strong_cue:
                continue
            if key in demonyms:
                countries[demonyms[key]] += 1
            start, end = toks[i].start, toks[j].end
            mentions.append(RawMention(start, end, text[start:end], si, (found[key],), precision, kind, cue))
            cc = _country_key(gazetteer, found[key])
            if cc:
                countries[cc] += 1
        # 4. unresolved: a capitalised phrase after a settlement cue that nothing matched
        covered = {k for i, j, _ in matches for k in range(i, j + 1)}
        for i in range(len(words)):
            if i in covered or not _is_cap(words[i]) or _zipf(lower[i]) >= COMMON_WORD_ZIPF:
                continue
            phrase = tuple(lower[max(0, i - 2):i])
            spec = before_cues.get(phrase) or before_cues.get(phrase[-1:]) if phrase else None
            if not spec or spec.get("kind") != "settlement":
                continue
            j = i
            while j + 1 < len(words) and _is_cap(words[j + 1]) and _JOINER.match(text[toks[j].end:toks[j + 1].start]):
                j += 1
            start, end = toks[i].start, toks[j].end
            mentions.append(RawMention(start, end, text[start:end], si, (), spec.get("precision", 1),
                                       "settlement", " ".join(phrase)))
    mentions.sort(key=lambda m: m.start)
    return Recognition(mentions, countries, sents)


def _country_key(gazetteer: Gazetteer, key_id: int) -> str | None:
    """The country code when a key names a country (and that country only)."""
    for p in gazetteer.places_for_key(key_id):
        if p.is_country:
            return p.country_code
    return None


def _is_major_region(gazetteer: Gazetteer, key_id: int, key: str) -> bool:
    """A country, first-level division or capital whose own name is ``key`` ("Georgia", "Chad")."""
    return any((p.is_country or p.feature_code in ("ADM1", "PPLC")) and fold(p.name) == key
               for p in gazetteer.places_for_key(key_id))
