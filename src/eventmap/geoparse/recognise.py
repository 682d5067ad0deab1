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

import marshal
import os
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

try:
    from mypy_extensions import i64   # (mypyc's native 64-bit integer: no tag checks in the loops)
except ImportError:                   # (mypy is only needed to compile; pure Python runs without it)
    i64 = int  # type: ignore[misc]

from ..gazetteer.fold import fold
from ..gazetteer.gazetteer import Gazetteer, key_ids_for, key_memo
from ..paths import cache_dir, read_lexicon
from ..text import ABBREVIATIONS as _TEXT_ABBREVIATIONS
from ..text import SIGMA, Span, document_sentences, token_parts

MAX_WORDS: Final = 6
COMMON_WORD_ZIPF: Final = 4.0     # "video", "mother", "army" and everyday words above this
FUNCTION_WORD_ZIPF: Final = 5.3   # "the", "in", "on", "according": capitalised only by position
# what may join the words of one name: a space or line break, a hyphen or apostrophe (spaced or
# not), a period and a space ("St. Louis"); as a set, since every gap of every name is tested
_JOINERS: Final = frozenset([" ", "\t", "\n", ". ", ".\t"] + [a + c + b for c in "-‐‑–'’" for a in ("", " ", "\t")
                                                        for b in ("", " ", "\t")])
SENTENCE_START_ZIPF: Final = 2.5  # a capitalised first word is a place only if it is a rare English word
VERY_COMMON_ZIPF: Final = 5.0     # "North", "Central", "Mobile": never a place without a cue
NEVER_ALONE_ZIPF: Final = 6.0     # "the", "this", "new": never a place name on its own
MAJOR_POPULATION: Final = 100_000
_ROUTE_WORDS: Final = ("road", "highway", "route", "corridor", "border", "line", "axis", "front", "direction",
                "railway", "motorway", "pipeline", "flight", "bus", "train")
_CONNECTORS: Final = {"e", "i", "ye", "wa", "va", "al", "el", "ul", "ad", "as", "ash", "an", "de", "di", "da", "du",
               "la", "le", "y", "bin", "ibn", "bint", "abu", "dar", "zu"}
_CALENDAR_WORDS: Final = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                   "february", "march", "april", "may", "june", "july", "august", "september", "october",
                   "november", "december"}
_STREET_WORDS: Final = {"street", "avenue", "drive", "boulevard", "lane", "road", "highway", "parkway", "way",
                 "pike", "turnpike", "expressway", "freeway"}
_ENGLISH_CONNECTORS: Final = {"as", "an"}   # connectors that are English words too: joined by hyphens only
_CAMEL: Final = re.compile(r"^[A-Z][a-z]+[A-Z]")
_AGE: Final = re.compile(r",[ \t]*\d{1,3}[ \t]*,")
_AMPERSAND_AFTER: Final = re.compile(r"[ \t]*&[ \t]*[A-Z]")
_AMPERSAND_BEFORE: Final = re.compile(r"[A-Za-z][ \t]*&[ \t]*$")
_LOWER_INNER: Final = {"e", "de", "del", "la", "le", "les", "of", "on", "upon", "am", "an", "and", "i",
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
    role: str = "literal"            # "associative": inside an organisation's name; "demonym"
    country: str | None = None       # the country a demonym names

    def __init__(self, start: int, end: int, surface: str, sentence: int, key_ids: tuple[int, ...] = (),
                 precision: int = 1, kind: str | None = None, cue: str | None = None,
                 qualifier_of: int | None = None, role: str = "literal", country: str | None = None) -> None:
        # written out (the dataclass keeps a class's own __init__) so that the compiled module
        # builds a mention natively, not through the interpreted __init__ dataclasses generates
        self.start = start
        self.end = end
        self.surface = surface
        self.sentence = sentence
        self.key_ids = key_ids
        self.precision = precision
        self.kind = kind
        self.cue = cue
        self.qualifier_of = qualifier_of
        self.role = role
        self.country = country


@dataclass(slots=True)
class Recognition:
    mentions: list[RawMention]
    countries: dict[str, float] = field(default_factory=dict)   # country evidence from demonyms etc.
    sentence_spans: list[Span] = field(default_factory=list)


_Spec = dict[str, Any]   # what a cue phrase says: its "precision", "kind" (and "plural"), as the lexicon writes it


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[tuple[str, ...], _Spec], dict[str, _Spec], set[str], set[str], set[str]]:
    lex = read_lexicon("geoparse")
    before = {tuple(k.lower().split()): v for k, v in lex["before"].items()}
    after = {k.lower(): v for k, v in lex["after"].items()}
    titles = set(lex["person"]["titles"])
    speech = set(lex["person"]["speech"])
    heads = set(lex["organisation"]["heads"])
    return before, after, titles, speech, heads


@lru_cache(maxsize=1)
def _person_or_org() -> frozenset[str]:
    """Titles and organisation head words: a name holding one is no unknown place."""
    _, _, titles, _, heads = _lexicon()
    return frozenset(titles | heads)


@lru_cache(maxsize=1)
def _before_cue_words() -> frozenset[str]:
    return frozenset(w for phrase in _lexicon()[0] for w in phrase)


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Directions and kinds of place ("north", "gulf"): never a place alone, without a cue."""
    return frozenset(read_lexicon("geoparse").get("generic", {}).get("words", []))


@lru_cache(maxsize=1)
def _before_cue_ends() -> frozenset[str]:
    """The last words of the cue phrases before a name ("of" of "village of", "near")."""
    return frozenset(phrase[-1] for phrase in _lexicon()[0])


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[dict[str, tuple[str, str]], re.Pattern | None, re.Pattern | None, int]:
    """News-style abbreviations with their periods ("La.", "W.Va.") -> (country, division); the
    pattern that matches them; a cheap pattern for where one can begin (a short capitalised
    word and its period), so the alternation of all of them runs only there; and, when that
    pattern is an ASCII capital, at most so many ASCII letters in all and a period, that
    number (else 0)."""
    from ..paths import data_dir

    path = data_dir() / "lexicon" / "abbreviations.tsv"
    table: dict[str, tuple[str, str]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                abbr, cc, name = line.split("\t")
                table[abbr] = (cc, name)
    if not table:
        return table, None, None, 0
    alternation = "|".join(re.escape(a) for a in sorted(table, key=len, reverse=True))
    full = re.compile(r"(?<![\w.])(" + alternation + r")(?![\w])")
    heads = {a.split(".")[0] for a in table}
    if all(h[:1].isascii() and h[:1].isupper() and h.isalpha() for h in heads):
        # (the look-behind after the capital, so that the search skips to capitals: 3x faster
        # than "(?<![\w.])[A-Z]...", which must try the look-behind at every character)
        limit = max(map(len, heads))
        start = re.compile(r"[A-Z](?<![\w.][A-Z])[A-Za-z]{0,%d}\." % (limit - 1))
    else:
        limit = 0
        start = re.compile(r"(?<![\w.])\w")
    return table, full, start, limit


def _find_abbreviations(text: str) -> list[tuple[int, int, str]]:
    table, full, start, _ = _abbreviations()
    out: list[tuple[int, int, str]] = []
    if full is None or "." not in text:
        return out
    after = 0
    assert start is not None   # (set whenever full is)
    for c in start.finditer(text):
        if c.start() < after:
            continue
        m = full.match(text, c.start())
        if m is not None:
            out.append((m.start(), m.end(), m.group(1)))
            after = m.end()
    return out


def _find_abbreviations_in_words(text: str, words: list[str], starts: list[int], ends: list[int],
                                 cap_index: list[int]) -> list[tuple[int, int, str]]:
    """``_find_abbreviations(text)``, given the words of ``text`` (``token_parts``: maximal runs of
    letters and digits), their offsets and the indices of the capitalised ones.

    Exact, without scanning the text: where the start pattern matches (an ASCII capital after
    no word character and no period, then ASCII letters up to the limit, then a period), a word
    begins (no letter or digit precedes), and the letters run to the period only if they are
    the whole word: so a match is a capitalised word of ASCII letters, no longer than the limit,
    followed directly by a period, and not after "_" or ".". Only those are tried with the
    full pattern, in order, as the regex scan tries them.
    """
    table, full, _, limit = _abbreviations()
    if full is None or "." not in text:
        return []
    if limit == 0:
        return _find_abbreviations(text)
    out: list[tuple[int, int, str]] = []
    after = 0
    n = len(text)
    for k in cap_index:
        # (a period after the word first: most capitalised words have none; the codes of
        # characters compared, not one-character strings)
        e = ends[k]
        if e >= n or ord(text[e]) != 46:
            continue
        w = words[k]
        if len(w) > limit or not (65 <= ord(w[0]) <= 90):
            continue
        p = starts[k]
        if p < after or (p > 0 and text[p - 1] in "_.") or not (w.isascii() and w.isalpha()):
            continue
        m = full.match(text, p)
        if m is not None:
            out.append((m.start(), m.end(), m.group(1)))
            after = m.end()
    return out


def abbreviation_target(surface: str) -> tuple[str, str] | None:
    """(country code, division name) for an abbreviation such as "La." or "W.Va."."""
    return _abbreviations()[0].get(surface.strip())


@lru_cache(maxsize=1)
def _actor_names() -> frozenset[str]:
    """Folded names of the named actors ("Taliban", "ISKP"): never place mentions."""
    lex = read_lexicon("actors")
    return frozenset(fold(p) for a in lex.get("actor", []) for p in a["patterns"])


# Per-word answers remembered in plain dicts, emptied when full: a dict probe from compiled code
# costs a fraction of a call through functools.lru_cache, and words recur across reports
_WORD_CACHE_LIMIT: Final = 1 << 18
_ZIPF: Final[dict[str, float]] = {}
_FOLDED: Final[dict[str, str]] = {}


def _zipf(word: str) -> float:
    """``zipf_frequency(word, "en")``, remembered."""
    z = _ZIPF.get(word)
    if z is None:
        if len(_ZIPF) >= _WORD_CACHE_LIMIT:
            _ZIPF.clear()
        z = _ZIPF[word] = _zipf_frequency(word)
    return z


def _zipf_frequency(word: str) -> float:
    """``zipf_frequency(word, "en")``: from the word table when it answers the word, else from
    wordfreq itself (imported only then: importing wordfreq and loading its English list cost
    about 0.3 s of every process that asked it anything)."""
    if _plain_word(word):
        table = _word_table()
        if table is not None:
            z = table.zipf(word)
            if z >= 0.0:
                return z
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _plain_word(word: str) -> bool:
    """True when wordfreq looks ``word`` up as itself: its English normalisation (NFKC, then
    casefold) leaves it unchanged, its tokenizer keeps it one token and no digits are smashed.

    So for words of lower-case letters only (Unicode category Ll; all ASCII, or NFKC- and
    casefold-stable): every such letter is an "ALetter" of Unicode's word segmentation, which
    never breaks between two of them, and none is in a script wordfreq keeps apart
    (the tests check every such letter against wordfreq's tokenizer)."""
    if word.isascii():
        return word.isalpha() and word.islower()
    for c in word:
        if unicodedata.category(c) != "Ll":
            return False
    return unicodedata.is_normalized("NFKC", word) and word.casefold() == word


class _WordTable:
    """wordfreq's English list as a table of its own, read a shard at a time.

    wordfreq keeps its list as buckets of words of one frequency (in centibels), and a plain
    word's zipf value depends only on its bucket: ``zipfs[bucket]`` is wordfreq's own answer for
    a plain word of that bucket (-1.0 where no ASCII word of it was there to ask), ``absent`` its
    answer for a plain word the list lacks. The words are spread over shards by a stable hash
    (CRC-32 of their UTF-8); a shard is its words joined by line breaks (a token never holds
    one) and their buckets as an array of 16-bit numbers, made a dictionary when first needed:
    a process asks a few hundred words, not the 321,000 wordfreq loads."""

    def __init__(self, zipfs: list[float], absent: float, words: list[str], buckets: list[bytes]) -> None:
        self.zipfs = zipfs
        self.absent = absent
        self.words = words
        self.buckets = buckets
        self.loaded: dict[int, dict[str, int]] = {}

    def zipf(self, word: str) -> float:
        """``zipf_frequency(word, "en")`` for a plain word, or -1.0 when the table cannot say."""
        k = _shard_of(word, len(self.words))
        shard = self.loaded.get(k)
        if shard is None:
            shard = self.loaded[k] = dict(zip(self.words[k].split("\n"), array("H", self.buckets[k])))
        bucket = shard.get(word)
        return self.absent if bucket is None else self.zipfs[bucket]


_WORD_TABLE_SHARDS: Final = 8192
_WORD_TABLE_FILE: Final = "wordfreq-en.marshal"
_WORD_TABLE: Final[list[_WordTable | None]] = []   # [] until first asked; then the table, or None


def _shard_of(word: str, n: int) -> int:
    """A word's shard among ``n``: a hash of its length and first, middle and last letters that
    every process computes alike (Python's own string hash changes from one to the next)."""
    if not word:
        return 0
    h = (len(word) * 131 + ord(word[0])) * 131 + ord(word[len(word) // 2])
    return (h * 131 + ord(word[-1])) % n


def _word_table() -> _WordTable | None:
    """The word table: read from the cache folder, else built from wordfreq's list and saved
    there (once per wordfreq installation); None when wordfreq's files cannot be found."""
    if not _WORD_TABLE:
        _WORD_TABLE.append(_load_word_table())
    return _WORD_TABLE[0]


def _wordfreq_key() -> str | None:
    """What the table depends on: this Python's marshal format, and the size and modification
    time of wordfreq's code and English data (rewritten whenever wordfreq is installed, so an
    upgrade builds a new table). Found without importing wordfreq."""
    from importlib.util import find_spec

    spec = find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    folder = os.path.dirname(spec.origin)
    parts = [sys.version, sys.byteorder, str(marshal.version), folder]
    for name in ("__init__.py", "tokens.py", "preprocess.py", "language_info.py", "numbers.py",
                 os.path.join("data", "large_en.msgpack.gz"), os.path.join("data", "small_en.msgpack.gz")):
        try:
            st = os.stat(os.path.join(folder, name))
            parts.append("%s %d %d" % (name, st.st_size, st.st_mtime_ns))
        except OSError:
            parts.append(name + " -")
    return "\n".join(parts)


def _load_word_table() -> _WordTable | None:
    key = _wordfreq_key()
    if key is None:
        return None
    path = cache_dir() / _WORD_TABLE_FILE
    try:
        saved = marshal.loads(path.read_bytes())
        if saved[0] == key:
            return _WordTable(list(saved[1]), saved[2], list(saved[3]), list(saved[4]))
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        pass
    table = _build_word_table(_WORD_TABLE_SHARDS)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name("%s.%d.tmp" % (path.name, os.getpid()))
        tmp.write_bytes(marshal.dumps((key, tuple(table.zipfs), table.absent, tuple(table.words),
                                       tuple(table.buckets))))
        os.replace(tmp, path)
    except OSError:
        pass
    return table


def _build_word_table(n: int) -> _WordTable:
    """wordfreq's English buckets as a word table (see ``_WordTable``) of ``n`` shards.

    A word listed twice counts in its last bucket, as in wordfreq's own dictionary (and in the
    shard's dictionary, built in the same order). Each
    bucket's value is ``zipf_frequency`` of one of its ASCII words: wordfreq computes a plain
    word's value from its bucket's frequency alone."""
    from wordfreq import get_frequency_list, zipf_frequency

    buckets = get_frequency_list("en")
    words: list[list[str]] = [[] for _ in range(n)]
    where: list[list[int]] = [[] for _ in range(n)]
    for i, bucket in enumerate(buckets):
        for w in bucket:
            if "\n" not in w:
                k = _shard_of(w, n)
                words[k].append(w)
                where[k].append(i)
    zipfs: list[float] = []
    for i, bucket in enumerate(buckets):
        z = -1.0
        for w in bucket:
            if w.isascii() and _plain_word(w) and _last_bucket(w, words, where) == i:
                z = zipf_frequency(w, "en")
                break
        zipfs.append(z)
    absent = "q"
    while _last_bucket(absent, words, where) >= 0:
        absent += "q"
    return _WordTable(zipfs, zipf_frequency(absent, "en"), ["\n".join(ws) for ws in words],
                      [array("H", bs).tobytes() for bs in where])


def _last_bucket(word: str, words: list[list[str]], where: list[list[int]]) -> int:
    """The bucket a word counts in (its last), or -1 when the list lacks it."""
    k = _shard_of(word, len(words))
    ws = words[k]
    for p in range(len(ws) - 1, -1, -1):
        if ws[p] == word:
            return where[k][p]
    return -1


def _fold_word(word: str) -> str:
    """``fold(word)``, remembered."""
    key = _FOLDED.get(word)
    if key is None:
        if len(_FOLDED) >= _WORD_CACHE_LIMIT:
            _FOLDED.clear()
        key = _FOLDED[word] = fold(word)
    return key


_fold = lru_cache(maxsize=1 << 18)(fold)   # (resolution's, for whole surfaces)


def _titlecase_sentence(words: list[str], caps: list[bool]) -> bool:
    """A headline in title case ("Shusha Remains Out Of Reach"): capitals say nothing there.
    (``caps``: whether each word begins with a capital, as ``_capitalised`` tells.)"""
    n = capitalised = 0
    for k in range(len(words)):
        if len(words[k]) > 3:
            n += 1
            if caps[k]:
                capitalised += 1
    return n >= 4 and capitalised / n >= 0.7


class _TitleCase:
    """Whether a sentence is a headline in title case, told when first asked: most sentences
    never are asked (and a native object costs a fraction of the test)."""

    def __init__(self, words: list[str], caps: list[bool]) -> None:
        self.words = words
        self.caps = caps
        self.told = -1

    def on(self) -> bool:
        if self.told < 0:
            self.told = 1 if _titlecase_sentence(self.words, self.caps) else 0
        return self.told == 1


def _char_at(text: str, k: int, char: str) -> bool:
    """``text.startswith(char, k)`` for one character (a compiled index, not a method call)."""
    return k < len(text) and text[k] == char


def recognise(text: str, gazetteer: Gazetteer, extra_spans: list[tuple[int, int]] | None = None) -> Recognition:
    """Find the place mentions of ``text`` (offsets into ``text``) and the country evidence.

    ``extra_spans``: spans another recogniser (the optional spaCy NER stage) marks as places;
    those the gazetteer matcher did not cover are added as mentions.
    """
    before_cues, after_cues, titles, speech, heads = _lexicon()
    demonyms = gazetteer.demonyms()
    facts = _key_facts(gazetteer)
    sents: list[Span] = list(document_sentences(text)[0])

    # 1. candidate n-grams. The text is cut into words and the gaps between them, with their
    #    offsets, in one scan (text.token_parts, shared with the event stage).
    parts, offsets = token_parts(text)
    all_words = parts[1::2]
    all_gaps = parts[0::2]            # all_gaps[k]: the text before word k (the last: after all)
    tok_starts = offsets[1::2]
    tok_ends = offsets[2::2]
    all_caps, cap_index = _capitalised(all_words)
    all_lower = _lower_words(all_words, text)

    # 0. abbreviations written with their periods ("Alexandria, La.", "W.Va.")
    abbr_table = _abbreviations()[0]
    abbr_spans = _find_abbreviations_in_words(text, all_words, tok_starts, tok_ends, cap_index)
    abbr_keys = key_ids_for(gazetteer, {fold(abbr_table[a][1]) for _, _, a in abbr_spans}) if abbr_spans else {}
    # each sentence's n-grams as three parallel lists (first word, last word, folded key), from
    # each capitalised word on, in text order; with the sentence's first and last + 1 word, its
    # first capitalised word (in cap_index) and how many it has
    per_sentence: list[tuple[list[int], list[int], list[str], int, int, int, int]] = []
    all_keys: set[str] = set()
    # each capitalised word folded once (an n-gram's words were folded for every n-gram holding them)
    cap_folds = [_fold_word(all_words[g]) for g in cap_index]
    lo = hi = c0 = c1 = 0
    for sent in sents:
        # (sentence bounds ascend: each rank walks on from the one before)
        lo = _rank(tok_starts, sent[0], hi)
        hi = _rank(tok_starts, sent[1], lo)
        c0 = _rank(cap_index, lo, c1)
        c1 = _rank(cap_index, hi, c0)
        gi: list[int] = []
        gj: list[int] = []
        gk: list[str] = []
        for x in range(c0, c1):
            g = cap_index[x]
            key = cap_folds[x]
            gi.append(g - lo)
            gj.append(g - lo)
            gk.append(key)
            all_keys.add(key)
            y = x                 # (the capitalised words after g are the next of cap_index)
            for h in range(g + 1, min(g + MAX_WORDS, hi)):
                gap = all_gaps[h]
                if gap != " " and gap not in _JOINERS:   # (most gaps are one space: no set probe)
                    break
                if all_caps[h]:
                    y += 1
                    key += cap_folds[y]
                    gi.append(g - lo)
                    gj.append(h - lo)
                    gk.append(key)
                    all_keys.add(key)
                elif all_lower[h] in _LOWER_INNER:
                    key += _fold_word(all_words[h])
                else:
                    break
        per_sentence.append((gi, gj, gk, lo, hi, c0, c1 - c0))
    found = _found_keys(gazetteer, all_keys)
    countries: dict[str, float] = {}
    mentions: list[RawMention] = []
    doc_surnames: set[str] = set()
    person_or_org = _person_or_org()
    actor_names = _actor_names()
    before_cues_words = _before_cue_words()
    before_cue_ends = _before_cue_ends()
    generic_words = _generic_words()
    plural_cues = _plural_cues()
    ampersand = "&" in text   # (the "&" patterns below can match only then)

    for si in range(len(per_sentence)):
        gi, gj, gk, lo, hi, c0, n_caps = per_sentence[si]
        sent = sents[si]
        if not (n_caps > 1 or (n_caps == 1 and not all_caps[lo])) \
                and not any(key in found or key in demonyms for key in gk) \
                and not any(sent.start <= a < sent.end for a, _, _ in abbr_spans):
            continue  # no name here: nothing capitalised past the first word, and no match
        words = all_words[lo:hi]
        caps = all_caps[lo:hi]
        lower = all_lower[lo:hi]
        starts, ends = tok_starts[lo:hi], tok_ends[lo:hi]   # where each word of the sentence begins, ends
        sg = all_gaps[lo:hi]          # sg[k]: the text between words k - 1 and k of the sentence
        titlecase = _TitleCase(words, caps)
        # 2. longest match at each start, left to right, no overlaps (the n-grams of a start
        #    are listed together, shortest first)
        taken_until = -1
        matches: list[tuple[int, int, str]] = []
        x = 0
        while x < len(gk):
            i = gi[x]
            best_j = -1
            best_key = ""
            while x < len(gk) and gi[x] == i:
                key = gk[x]
                if key in found or key in demonyms:
                    best_j, best_key = gj[x], key
                x += 1
            if best_j >= 0 and i > taken_until:
                matches.append((i, best_j, best_key))
                taken_until = best_j
        # 3. judge each match by its context
        sentence_mentions: list[RawMention] = []
        covered: set[int] = set()     # the words of the sentence's mentions
        surnames = doc_surnames
        for a, b, abbr in abbr_spans:
            if sent.start <= a < sent.end:
                cc, name = abbr_table[abbr]
                kid = abbr_keys.get(fold(name))
                if kid is not None:
                    sentence_mentions.append(RawMention(a, b, text[a:b], si, (kid,), 1,
                                                        None if name == "United States" or len(cc) != 2 or
                                                        abbr.startswith("U.") else "region", "abbreviation"))
                    _count(countries, cc, 1)
                    covered.update(range(bisect_left(tok_starts, a, lo, hi) - lo, bisect_left(tok_starts, b, lo, hi) - lo))
        abbr_here = [(m.start, m.end) for m in sentence_mentions]
        for i, j, key in matches:
            if key in actor_names or (j == i and (lower[i] in _CONNECTORS or (
                    _zipf(lower[i]) >= NEVER_ALONE_ZIPF and not words[i].isupper()))):
                continue   # "The state said": "The" is no place, whatever the gazetteer holds
            if j == i and lower[i] in _TEXT_ABBREVIATIONS and text.startswith(".", ends[j]):
                continue   # "Gov.", "Sgt.", "Jan.": an abbreviated title or month
            if abbr_here and any(a < ends[j] and starts[i] < b for a, b in abbr_here):
                continue
            if key in demonyms and (key not in found or j == i):
                # "Azerbaijani", "Palestinians": evidence for the country, and reported as a
                # demonym mention (annotated corpora count them as toponyms), never an event's place
                _count(countries, demonyms[key], 1)
                start, end = starts[i], ends[j]
                sentence_mentions.append(RawMention(start, end, text[start:end], si, (), 1, "country", None,
                                                    role="demonym", country=demonyms[key]))
                for k in range(i, j + 1):
                    covered.add(k)
                continue
            prev = lower[i - 1] if i > 0 else ""
            nxt = words[j + 1] if j + 1 < len(words) else ""
            nxt_low = lower[j + 1] if j + 1 < len(words) else ""   # (lower-cased once a document: no new string here)
            nxt_joined = j + 1 < len(words) and sg[j + 1] in (" ", "-", "\n")
            cue = None
            precision, kind = 1, None
            if prev in before_cue_ends:
                prev2 = tuple(lower[max(0, i - 4):i])
                for n in (4, 3, 2, 1):
                    phrase = prev2[-n:] if len(prev2) >= n else None
                    if phrase and phrase in before_cues:
                        cue = " ".join(phrase)
                        precision = before_cues[phrase].get("precision", 1)
                        kind = before_cues[phrase].get("kind")
                        break
            if nxt and nxt_joined and nxt_low in after_cues and not (caps[j + 1] and nxt_low in heads):
                after_spec = after_cues[nxt_low]
                precision = max(precision, after_spec.get("precision", 1))
                kind = after_spec.get("kind", kind)
                cue = (cue + " … " if cue else "… ") + nxt_low
            strong_cue = kind is not None or precision >= 2
            soft_cue = cue is not None
            if j == i and not strong_cue and lower[i] in generic_words:
                continue   # "North", "Gulf", "Coast" alone: a direction or a kind of place
            # people: after a title, before or right after a reporting verb, or a surname this
            # document already used inside a longer name ("Juan Flores ... Flores said")
            # (a speech verb right after the name, not past a comma: "in Ohio, says the judge")
            if prev in titles or (not strong_cue and ((nxt_joined and sg[j + 1] != "\n" and nxt_low in speech)
                                                      or prev in speech or key in surnames)):
                continue
            # a person with an age ("Baer, 24, of Kansas City", "Hailey, 6, and Caleb"); a firm's
            # partners ("Stevens & Wilkinson"), unless a country ("Trinidad & Tobago"). (The
            # patterns are tried only where they can match: after a comma, in a text with an "&")
            if not strong_cue and _char_at(text, ends[j], ",") and _AGE.match(text, ends[j]):
                if j == i:
                    surnames.add(key)
                continue
            if not strong_cue and ampersand and (_AMPERSAND_AFTER.match(text, ends[j])
                                                 or _AMPERSAND_BEFORE.search(text, max(0, starts[i] - 4), starts[i])) \
                    and not facts.names_a_country(found[key]):
                continue
            # organisations and longer proper names this match is only the start of
            # ("Azerbaijan Army", "Marki Khel", "Dehyak-e Kalan", "Tala wa Barfak")
            role = "literal"
            if nxt and (caps[j + 1] or lower[j + 1] in _CONNECTORS) and not titlecase.on() \
                    and _continues(text, ends, words, lower, caps, sg, j, found, heads, after_cues):
                if key in found and _organisation_follows(lower, caps, sg, j, heads):
                    role = "associative"   # "Texas Department of Health": a toponym, not a scene
                else:
                    # a longer proper name ("Marki Khel", "Lincoln Smith"): not a place mention,
                    # but a hint of where the document is (a country outright; a place by its
                    # most prominent bearer's country, weakly)
                    if key in found:
                        named = facts.country_key(key, found[key])
                        if named:
                            _count(countries, named, 1)
                        else:
                            top = facts.top_country(key, found[key])
                            if top:
                                _count(countries, top, 0.25)
                    continue
            if i > 1 and len(words[i - 1]) == 1 and caps[i - 1] and sg[i] == ". " and sg[i - 1] == " " \
                    and caps[i - 2] and not titlecase.on():
                if j == i:
                    surnames.add(key)
                continue   # a surname after a first name and an initial ("Tyrise M. Bell")
            if i > 0 and caps[i - 1] and not titlecase.on() and sg[i] in (" ", "\n"):
                pw = lower[i - 1]
                if _zipf(pw) < FUNCTION_WORD_ZIPF and pw not in titles and pw not in before_cues_words \
                        and pw not in _CALENDAR_WORDS:   # ("Sunday Alexandria Police went...": a date, no name)
                    if j == i:
                        surnames.add(key)
                    continue   # the end of a longer name ("Kotal-e Khair Khana", "Ashraf Gani")
            if i > 1 and lower[i - 1] in _CONNECTORS and caps[i - 2] \
                    and sg[i - 1] in ("-", " ") and sg[i] in ("-", " ") \
                    and (lower[i - 1] not in _ENGLISH_CONNECTORS or "-" in (sg[i - 1], sg[i])):
                continue       # "Dasht-e-Abdan", "Tala wa Barfak": the tail of a longer name
                #                (but "Foegler as Dublin's city manager" is English)
            # acronyms ("APC", "RPG", "MoD") are not names, unless a country is so called ("USA")
            country_acronym = False
            if j == i and len(words[i]) <= 4 and not strong_cue and (words[i].isupper() or _CAMEL.match(words[i])):
                if not (words[i].isupper() and facts.names_a_country(found[key])):
                    continue
                country_acronym = True   # "US", "UAE": not the common word its letters spell
            # common words need a cue, or must name a major place ("Columbus", "Georgia", but not
            # "Video" or "North"); the first word of a sentence is capitalised anyway: a lower bar.
            # A word as frequent as "north" or "central" is a place only when it is the name of a
            # country, a capital or one distinct first-level division ("London", "California"),
            # not a generic division name that many countries use ("Central", "North")
            sentence_initial = i == 0 or sg[i].strip() in ("“", '"', "(", "‘", "«")
            limit = SENTENCE_START_ZIPF if sentence_initial else COMMON_WORD_ZIPF
            if j == i and not strong_cue and not country_acronym:
                z = _zipf(lower[i])
                if z >= limit:
                    major = facts.is_distinct_major(key, found[key]) if z >= VERY_COMMON_ZIPF else (
                        facts.is_major_region(key, found[key])
                        or facts.max_population(key, found[key]) >= MAJOR_POPULATION
                        or (soft_cue and facts.max_population(key, found[key]) >= 5000))
                    if not major:
                        continue
            if key in demonyms:
                _count(countries, demonyms[key], 1)
            start, end = starts[i], ends[j]
            sentence_mentions.append(RawMention(start, end, text[start:end], si, (found[key],), precision, kind, cue,
                                                role=role))
            for k in range(i, j + 1):
                covered.add(k)
            named = facts.country_key(key, found[key])
            if named:
                _count(countries, named, 1)
        # 4. unresolved: a capitalised name the gazetteer lacks, marked as a place by a cue before
        #    ("the village of X") or after ("X district", "the X area")
        i = 0
        for k in cap_index[c0:c0 + n_caps]:   # the capitalised words of the sentence
            k -= lo
            if k < i:
                continue
            i = k
            if i in covered or (i == 0 and _zipf(lower[i]) >= SENTENCE_START_ZIPF):
                i += 1
                continue
            j = i
            while j + 1 < len(words) and j + 1 not in covered and sg[j + 1] in _JOINERS \
                    and (caps[j + 1] or (lower[j + 1] in _CONNECTORS and j + 2 < len(words) and caps[j + 2])):
                j += 1
            after = after_cues.get(lower[j + 1]) if j + 1 < len(words) and not caps[j + 1] else None
            before = None
            # (a cue phrase before the name ends with the word before it: the phrase is made only
            # when that word ends one)
            if i >= 2 and lower[i - 1] in before_cue_ends \
                    and not (after and (after.get("kind") or after.get("precision", 1) >= 2)):
                phrase = tuple(lower[max(0, i - 4):i])
                for n in (4, 3, 2):   # (the longest cue phrase before the name)
                    if len(phrase) >= n and phrase[-n:] in before_cues:
                        before = before_cues[phrase[-n:]]
                        break
            spec = after if after and (after.get("kind") or after.get("precision", 1) >= 2) else \
                before if before and before.get("kind") == "settlement" else None
            parent = False
            if spec is None and i >= 1 and not caps[i - 1] and lower[i - 1] in after_cues \
                    and sg[i].strip() == "," and after_cues[lower[i - 1]].get("kind") == "region" \
                    and (j + 1 == len(words) or sg[j + 1].strip()[:1] in (",", ";", ".", ")")):
                # "in Regi of Deh Rahwod district, Urozgan.": the division that holds the one
                # before (a name that goes on into its clause is its subject: "... County, Ching grew")
                spec, parent = after_cues[lower[i - 1]], True
            if spec and not set(lower[i:j + 1]) & person_or_org \
                    and not any(_fold_word(w) in demonyms for w in words[i:j + 1]) \
                    and _zipf(lower[i]) < COMMON_WORD_ZIPF and _fold_word(words[i]) not in actor_names:
                start, end = starts[i], ends[j]
                cue = (lower[i - 1] + "," if parent else lower[i - 2] + " " + lower[i - 1] if spec is before
                       else "… " + lower[j + 1])
                sentence_mentions.append(RawMention(start, end, text[start:end], si, (), spec.get("precision", 1),
                                                    spec.get("kind") or "place", cue))
            elif j > i and lower[j] in _STREET_WORDS and not set(lower[i:j]) & person_or_org:
                # "Main Street", "Wichita Drive": a street, a toponym the gazetteer does not hold;
                # reported (without coordinates), never an event's place on its own
                start, end = starts[i], ends[j]
                sentence_mentions.append(RawMention(start, end, text[start:end], si, (), 2, "street", None,
                                                    role="street"))
            i = j + 1
        if len(sentence_mentions) > 1:   # (one mention needs no order, and lists no places)
            _sort_by_start(sentence_mentions)
            _inherit_list_cues(text, sentence_mentions, plural_cues)
        mentions.extend(sentence_mentions)
    if extra_spans:
        _add_extra_spans(text, gazetteer, mentions, extra_spans, sents)
    _sort_by_start(mentions)
    # (the evidence as the resolver reads it: a defaultdict, built as a plain dict, whose
    # operations compile to native ones)
    return Recognition(mentions, defaultdict(float, countries), sents)


def _sort_by_start(ms: list[RawMention]) -> None:
    """``ms.sort(key=lambda m: m.start)``, skipped when they are in order already (as they mostly
    come: a stable sort would leave them so), since the sort calls its key function per mention."""
    for k in range(1, len(ms)):
        if ms[k].start < ms[k - 1].start:
            ms.sort(key=lambda m: m.start)
            return


def _count(countries: dict[str, float], cc: str, weight: float) -> None:
    countries[cc] = countries.get(cc, 0.0) + weight


def _found_keys(gazetteer: Gazetteer, keys: set[str]) -> dict[str, int]:
    """``key_ids_for(gazetteer, keys)``: the keys its memo answers are looked up here, natively;
    only the others go to it (and to the index)."""
    memo = key_memo(gazetteer)
    found: dict[str, int] = {}
    ask: list[str] = []
    for k in keys:
        v = memo.get(k, -1)   # (key ids are positive: -1 is a key not asked yet)
        if v is None:
            continue          # asked: no such key
        if v >= 0:
            found[k] = v
        else:
            ask.append(k)
    if ask:
        found.update(key_ids_for(gazetteer, ask))
    return found


def _capitalised(words: list[str]) -> tuple[list[bool], list[int]]:
    """Whether each word begins with a capital (``w[0].isupper()``), and the indices of those that
    do. An ASCII first letter is a capital exactly when it is A-Z: its code says so without
    calling ``str.isupper``, which only the other letters are asked (in one compiled loop: a
    fifth of the cost of mapping ``str.isupper`` over the first letters)."""
    caps = [False] * len(words)   # (set in place: a third of the cost of appending)
    index: list[int] = []
    for k in range(len(words)):
        w = words[k]
        c = ord(w[0])
        if 65 <= c <= 90 if c < 128 else w[0].isupper():
            caps[k] = True
            index.append(k)
    return caps, index


def _lower_words(words: list[str], text: str) -> list[str]:
    """``[w.lower() for w in words]`` with Python's ``str.lower``. Compiled, ``w.lower()`` is mypyc's
    own lower-casing: Python's for every character but the capital sigma, whose lower case
    Python chooses by the letters around it (final "ς" or "σ"); so it serves a text without one
    (text.lower tells the same of a whole text).

    A word of ASCII letters and digits without a capital is its own lower case: kept, not copied
    (most words are: a test of their codes costs a fraction of making and freeing the copy)."""
    if SIGMA in text:
        return list(map(str.lower, words))
    out = [""] * len(words)   # (set in place)
    for k in range(len(words)):
        w = words[k]
        n: i64 = len(w)
        i: i64 = 0
        c: i64 = 0
        while i < n:
            c = ord(w[i])
            if c < 65 or 90 < c < 128:   # (a word holds letters and digits only: no capital)
                i += 1
            else:
                break
        out[k] = w if i == n else w.lower()
    return out


def _rank(values: list[int], q: int, k: int) -> int:
    """``bisect_left(values, q)`` for ascending ``values``: the number of values below ``q``,
    searched for from ``k`` when all the values before ``k`` are below ``q`` (the rank of an
    earlier query: sentence bounds ascend, and a sentence's words are a few steps on), by steps
    that double until one passes ``q``, then halving; else bisected from the start."""
    if k > 0 and values[k - 1] >= q:
        return bisect_left(values, q)
    n = len(values)
    stop = min(k + 4, n)      # (the first few steps one by one: most ranks are that near)
    while k < stop:
        if values[k] >= q:
            return k
        k += 1
    step = 1
    while k + step <= n and values[k + step - 1] < q:
        k += step             # (all the values before k are below q)
        step *= 2
    hi = min(k + step - 1, n)
    while k < hi:
        mid = (k + hi) // 2
        if values[mid] < q:
            k = mid + 1
        else:
            hi = mid
    return k


def _add_extra_spans(text: str, gazetteer: Gazetteer, mentions: list[RawMention],
                     spans: list[tuple[int, int]], sents: list[Span]) -> None:
    from ..gazetteer.fold import fold_keys

    taken = [(m.start, m.end) for m in mentions]
    for s, e in spans:
        if any(a < e and s < b for a, b in taken):
            continue
        found = key_ids_for(gazetteer, fold_keys(text[s:e]))
        si = next((k for k, sp in enumerate(sents) if sp.start <= s < sp.end), 0)
        mentions.append(RawMention(s, e, text[s:e], si, tuple(found.values()), cue="ner"))


_LIST_GAP: Final = re.compile(r"^(?:,\s*|\s+and\s+|,\s*and\s+|\s+or\s+|,\s*or\s+)$")   # (read by hand: _list_gap)


def _list_gap(text: str, start: int, end: int) -> bool:
    """``_LIST_GAP.match(text[start:end])``, read in place: a comma, or "and" or "or" between white
    space (or after a comma), and nothing else."""
    k = start
    comma = k < end and text[k] == ","
    if comma:
        k += 1
    blank = k
    while k < end and text[k].isspace():
        k += 1
    if k == end:
        return comma                            # ",\s*"
    if k == blank and not comma:
        return False                            # ("\s+and\s+": a blank before the word)
    if end - k >= 3 and text[k:k + 3] == "and":
        k += 3
    elif end - k >= 2 and text[k:k + 2] == "or":
        k += 2
    else:
        return False
    blank = k
    while k < end and text[k].isspace():
        k += 1
    return k == end and k > blank


def _inherit_list_cues(text: str, ms: list[RawMention], plural: frozenset[str]) -> None:
    """Places listed after a cue share it ("the directions of Martuni, Martakert and Tagavard"),
    and so do places listed before a plural one ("Kandahar and Zabul provinces": ``plural``,
    the cues of ``_plural_cues``)."""
    for a, b in zip(ms, ms[1:]):
        if b.cue is None and a.cue is not None and not a.cue.startswith("…") and _list_gap(text, a.end, b.start):
            b.cue, b.precision, b.kind = a.cue, a.precision, a.kind
    for k in range(len(ms) - 2, -1, -1):
        a, b = ms[k], ms[k + 1]
        if a.kind is None and a.precision <= 1 and b.cue is not None and b.cue in plural \
                and _list_gap(text, a.end, b.start):
            # (a weak cue before the list, "in", gives way: "in Kandahar and Zabul provinces")
            a.cue, a.precision, a.kind = b.cue, b.precision, b.kind


@lru_cache(maxsize=1)
def _plural_cues() -> frozenset[str]:
    """The cues a plural word after a name gives ("… provinces")."""
    return frozenset("… " + w for w, spec in _lexicon()[1].items() if spec.get("plural"))


class _KeyFacts:
    """What recognition asks of the places a key names, remembered for the gazetteer (names
    recur across reports). Each answer is remembered under the folded key (its string's hash
    is already known; an id would be boxed anew for every look-up), and asked of the places of
    the key's id."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.country: dict[str, str | None] = {}
        self.distinct_major: dict[str, bool] = {}
        self.major_region: dict[str, bool] = {}
        self.max_pop: dict[str, int] = {}
        self.top: dict[str, str | None] = {}

    def country_key(self, key: str, key_id: int) -> str | None:
        """The country code when the key names a country."""
        if key not in self.country:
            self.country[key] = next((p.country_code for p in self.gazetteer.places_for_key(key_id)
                                      if p.is_country), None)
        return self.country[key]

    def is_major_region(self, key: str, key_id: int) -> bool:
        """A country, first-level division or capital whose own name is ``key`` ("Georgia", "Chad")."""
        if key not in self.major_region:
            self.major_region[key] = any((p.is_country or p.feature_code in ("ADM1", "PPLC")) and _fold(p.name) == key
                                         for p in self.gazetteer.places_for_key(key_id))
        return self.major_region[key]

    def is_distinct_major(self, key: str, key_id: int) -> bool:
        """A country called ``key`` (by any of its names), a continent or capital named ``key``, or a
        first-level division that alone bears the name."""
        if key not in self.distinct_major:
            places = self.gazetteer.places_for_key(key_id)
            own = [p for p in places if _fold(p.name) == key]
            divisions = sum(p.feature_code == "ADM1" for p in own)
            # (a country by any of its names: "America", "Britain")
            self.distinct_major[key] = any(p.is_country for p in places) \
                or any(p.feature_code in ("PPLC", "CONT") for p in own) or divisions == 1
        return self.distinct_major[key]

    def max_population(self, key: str, key_id: int) -> int:
        if key not in self.max_pop:
            self.max_pop[key] = max((p.population for p in self.gazetteer.places_for_key(key_id)), default=0)
        return self.max_pop[key]

    def top_country(self, key: str, key_id: int) -> str | None:
        if key not in self.top:
            best = max(self.gazetteer.places_for_key(key_id), key=lambda p: p.population, default=None)
            self.top[key] = best.country_code if best is not None and best.population >= 10_000 else None
        return self.top[key]

    def names_a_country(self, key_id: int) -> bool:
        return any(p.is_country for p in self.gazetteer.places_for_key(key_id))


def _key_facts(gazetteer: Gazetteer) -> _KeyFacts:
    facts = gazetteer.__dict__.get("_recognise_key_facts")
    if not isinstance(facts, _KeyFacts):
        facts = gazetteer.__dict__["_recognise_key_facts"] = _KeyFacts(gazetteer)
    return facts


_ORG_JOINERS: Final = {" ", "\n", " & ", " and ", " of ", " of the ", " for ", " for the ", "-", "'s ", "’s "}


def _organisation_follows(lower: list[str], caps: list[bool], sg: list[str], j: int, heads: set[str]) -> bool:
    """True when the capitalised words after word ``j`` name an organisation or institution:
    one of the next few is an organisation head word ("Texas Parks & Wildlife Department",
    "Florida Highway Patrol", "Dublin City Council"), read as far as the name runs.
    (``lower``: the words lower-cased, as ``_lower_words`` makes them.)"""
    k = j + 1
    while k < len(lower) and k <= j + 5 and caps[k] and (k == j + 1 or sg[k] in _ORG_JOINERS or sg[k] == " "):
        if lower[k] in heads:
            return True
        k += 1
    return False


def _continues(text: str, ends: list[int], words: list[str], lower: list[str], caps: list[bool], sg: list[str],
               j: int, found: dict[str, int], heads: set[str], after_cues: dict[str, _Spec]) -> bool:
    """True when the name ending at word ``j`` runs on into a longer name the match does not cover.
    (``lower``: the words lower-cased, as ``_lower_words`` makes them.)"""
    if j + 1 >= len(words):
        return False
    gap = sg[j + 1]
    nxt = words[j + 1]
    low = lower[j + 1]
    if gap in (" ", "\n") and caps[j + 1]:
        if low in heads:
            return True
        return low not in after_cues and _zipf(low) < FUNCTION_WORD_ZIPF
    if gap in ("-", "‐", "‑") and caps[j + 1]:
        # "Lachin-Shusha road" names two places; "Dehyak-Kalan" or "Wal-Mart" one
        after = text[ends[j + 1]:ends[j + 1] + 12].lower()
        route = after.lstrip(" -").startswith(_ROUTE_WORDS)
        return not (route and _fold_word(nxt) in found)
    if gap in (" ", "-") and low in _CONNECTORS and j + 2 < len(words) and caps[j + 2]:
        return True                        # "Nawa-e Barakzayi", "Tala wa Barfak"
    return False
