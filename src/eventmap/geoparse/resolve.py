"""Resolve recognised mentions to gazetteer places.

Each candidate place of a mention is scored from evidence that generalises across corpora:

* prior: population and feature type (countries, first-level divisions, capitals first);
* kind: a settlement cue ("village of") favours populated places, a region cue ("X region",
  "province of") favours administrative divisions;
* country focus: the share of the document's country evidence (demonyms, country names,
  unambiguous places) that points at the candidate's country;
* hierarchy: a qualifier next to the mention ("X, Balkh", "X settlement of the Terter region",
  "Alexandria, La.") that names a division the candidate lies in;
* division focus: the share of the document's other places that lie in the candidate's
  first-level division (state, province, rayon);
* coherence: closeness (great-circle distance) to the places chosen for the other mentions of
  the document, iterated so that a cluster of places pulls its members together.

Distances here are haversine great-circle distances computed with numpy for a whole candidate
set at once (the formula of ``geopy.distance.great_circle``): building one geopy distance object
costs about 38 µs, and coherence needs thousands per report, which alone would cap throughput
at about 20 reports/s. geopy's geodesic is used where exactness matters (evaluation errors).

The chosen place keeps its score (0-1, a softmax over candidates) and the runner-up.
"""
from __future__ import annotations

import math
import re
import struct
from collections.abc import Mapping
from typing import Final

import numpy as np

from ..gazetteer.fold import fold
from ..gazetteer.gazetteer import Gazetteer, fuzzy_key_ids, prior
from ..model import Candidate, Mention, Place
from .recognise import Recognition, _fold, _plural_cues

# (Final: the compiled build reads them as native constants, not from the module's dictionary)
MAX_CANDIDATES: Final = 40
TEMPERATURE: Final = 0.12
W_PRIOR: Final = 1.0
W_FOCUS: Final = 1.2
W_HIER: Final = 1.2
W_COHERE: Final = 0.9
W_ADMIN: Final = 0.6
COHERENCE_KM: Final = 150.0
PARTNER_TEMPERATURE: Final = 0.5      # how fast a partner candidate's weight falls below its mention's best
RENAMED_PENALTY: Final = 1.0          # a place known by a major place's own name only as another name
ALIAS_PENALTY: Final = 0.3            # a town known by another place's own name only as another name
OUTSIDE_QUALIFIER_KM: Final = 100.0   # a place this far from the division qualifying it is not that place
IMPLAUSIBLE_KM: Final = 800.0
SEAT_PENALTY: Final = 0.2             # a division written bare where a town of its own bears its name
SEAT_POPULATION: Final = 10_000       # ... a town of at least this many people         # a minor place this far from every other place of a focused document
# "X, Balkh", "X (Balkh)", "X district, Balkh", "X area of Y district", "X settlement of the Y region",
# and a bracketed other name's "(Jalga) district, Baghlan"
_QUALIFIER_GAP = re.compile(
    r"^(?:\)?\s*(?:\([^()]{0,40}\))?\s*(?:(?:district|province|region|area|village|town|city|county|"
    r"settlement|municipality|rayon|oblast|governorate|parish|centre|center|districts)s?\s*){0,2}"
    r"(?:,|\(|\bof\b|\bin\b)\s*(?:the\s+)?)$", re.I)


def _focus(countries: Mapping[str, float]) -> dict[str, float]:
    total = sum(countries.values())
    return {cc: n / total for cc, n in countries.items()} if total else {}


EARTH_RADIUS_KM: Final = 6371.009  # geopy's mean Earth radius


def _haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; broadcasts over numpy arrays."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))


def _distance_km(a: Place, b: Place) -> float:
    return float(_haversine_km(a.lat, a.lon, b.lat, b.lon))


_COUNTRY_INDEX: dict[str, int] = {}


def _country_index(cc: str) -> int:
    return _COUNTRY_INDEX.setdefault(cc, len(_COUNTRY_INDEX))


def _unit_vectors(coords: np.ndarray) -> np.ndarray:
    """Points on the unit sphere: the haversine term of two points is (1 - u·v) / 2."""
    lat, lon = np.radians(coords[:, 0]), np.radians(coords[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


class _Ranked:
    """A mention's candidates, best prior first, with their features (computed once per set of
    name keys and cached: the same names recur across a corpus). The features are computed with
    numpy once, and kept as plain lists: a document's few hundred candidates are scored in
    loops that mypyc compiles, which cost less than numpy's per-call overhead at that size."""

    __slots__ = ("places", "priors", "countries", "names", "units", "votes", "vote_pairs", "prior_l",
                 "populated_l", "division_l", "country_l", "region_l", "notability_l", "cidx_l", "admin1_l",
                 "seat_l", "seat_prior_l", "_by_name", "_seated")

    def __init__(self, places: tuple[Place, ...]):
        self.places = places
        self.priors = np.array([prior(p) for p in places], dtype=float)
        self.countries = [p.country_code for p in places]
        # (countries are numbered in the order first seen: candidates' before votes')
        self.cidx_l: list[int] = [_country_index(cc) for cc in self.countries]
        is_country = [p.is_country for p in places]
        self.names = [fold(p.name) for p in places]
        coords = np.array([[p.lat, p.lon] for p in places], dtype=float).reshape(-1, 2)
        # (as bytes: a document's candidates' are joined and read as one array, which costs a
        # sixth of concatenating the arrays)
        self.units: bytes = _unit_vectors(coords).tobytes()
        # how much a country focus can lift a populated place that shares its name with a country
        # or a capital elsewhere: fully from 100,000 people, not at all below 100 (a hamlet named
        # Moscow or Egypt is seldom what a report means, even a local one); places of unknown
        # population, divisions, and names without such a namesake count in full
        majors = {p.country_code for p, c in zip(places, is_country) if c or p.feature_code == "PPLC"}
        pops = np.array([p.population if p.feature_class == "P" and majors - {p.country_code} else 0
                         for p in places], dtype=float)
        notability = np.where(pops > 0, np.clip((np.log10(pops + 1) - 2) / 3, 0, 1), 1.0)
        self.votes = self._country_votes()
        self.vote_pairs: list[tuple[int, float]] = [(_country_index(cc), v) for cc, v in self.votes.items()]
        # the per-candidate features, as lists (floats converted exactly by tolist)
        self.prior_l: list[float] = self.priors.tolist()
        self.populated_l: list[bool] = [p.feature_class == "P" for p in places]
        self.country_l: list[bool] = is_country
        # (whether each is a country or a region, read here once: each Place property read is a
        # call into Python)
        self.region_l: list[bool] = [p.is_region for p in places]
        self.division_l: list[bool] = [r and not c for r, c in zip(self.region_l, is_country)]
        self.notability_l: list[float] = notability.tolist()
        # the first-level division each candidate lies in (itself for a first-level division)
        self.admin1_l: list[int] = [(p.rowid if p.feature_code in ("ADM1", "ADMD") else p.admin1_rowid) or 0
                                    for p in places]
        # a first-level division that shares the name with a town of its own ("Kharkiv",
        # "Yangon", "New York"): written bare, the name means the town; the division needs a cue
        # ("Kharkiv region", "the province of Kandahar")
        # ("New York"): written bare, the name means the town, which then ranks as the division
        # would (the Gaza Strip's Gaza before Mozambique's Gaza province)
        towns: dict[int, int] = {}     # division -> its most populous town of that name
        for k, (a, pl, p) in enumerate(zip(self.admin1_l, self.populated_l, places)):
            if pl and a and p.population >= SEAT_POPULATION and (
                    a not in towns or p.population > places[towns[a]].population):
                towns[a] = k
        self.seat_l: list[bool] = [False] * len(places)
        self.seat_prior_l: list[float] = [0.0] * len(places)
        for j, (p, a) in enumerate(zip(places, self.admin1_l)):
            k = towns.get(a, -1) if p.feature_code in ("ADM1", "ADMD") else -1
            if k >= 0:
                self.seat_l[j] = True
                self.seat_prior_l[k] = max(self.seat_prior_l[k], self.prior_l[j])
        self._by_name: dict[str, tuple[list[bool], bool, bool]] = {}
        self._seated: _Ranked | None = None

    def _country_votes(self) -> dict[str, float]:
        """What this name says of the document's country: a vote for the country when every
        candidate lies in it; an ambiguous name still points somewhere: half a vote, shared by prior."""
        if not self.places:
            return {}
        if len(set(self.countries)) == 1:
            return {self.countries[0]: 1.0}
        weights = np.exp((self.priors - self.priors.max()) / 0.1)
        weights /= weights.sum()
        votes: dict[str, float] = {}
        for cc, w in zip(self.countries, weights.tolist()):
            if cc:
                votes[cc] = votes.get(cc, 0.0) + 0.5 * w
        return votes

    def as_written(self, surface_key: str) -> tuple[list[bool], bool, bool]:
        """For the name as written: which candidates bear it only as another name (renamed);
        whether a country, capital, continent or first-level division bears it as its own; and
        whether any candidate does. Remembered per name (a few names per candidate set)."""
        hit = self._by_name.get(surface_key)
        if hit is None:
            if len(self._by_name) > 64:
                self._by_name.clear()
            renamed = [nm != surface_key for nm in self.names]
            major = any(nm == surface_key and (c or p.feature_code in ("PPLC", "CONT", "ADM1"))
                        for nm, p, c in zip(self.names, self.places, self.country_l))
            hit = self._by_name[surface_key] = (renamed, major, not all(renamed))
        return hit


_EMPTY = _Ranked(())


def _ranked(gazetteer: Gazetteer, cache: dict[tuple[int, ...], _Ranked], key_ids: tuple[int, ...]) -> _Ranked:
    """Candidates for a set of name keys, cached on the gazetteer (``cache``: they repeat across
    reports)."""
    if not key_ids:
        return _EMPTY
    hit = cache.get(key_ids)
    if hit is None:
        places: dict[int, Place] = {}
        for kid in key_ids:
            for p in gazetteer.places_for_key(kid):
                places.setdefault(p.rowid, p)
        ranked = sorted(places.values(), key=lambda p: (-prior(p), p.rowid))[:MAX_CANDIDATES]
        if len(cache) > 50_000:
            cache.clear()
        hit = cache[key_ids] = _Ranked(tuple(ranked))
    return hit


def _demonym_mention(gazetteer: Gazetteer, r) -> Mention:
    """A demonym's place is its country (recognition already counted it as country evidence)."""
    country = _country_place(gazetteer, r.country)
    if country is None:
        return Mention(r.surface, r.start, r.end, r.sentence, (), None, 0.0, r.precision, r.cue, "country", r.role)
    return Mention(r.surface, r.start, r.end, r.sentence, (Candidate(country, 1.0),), country, 1.0, 3, r.cue,
                   "country", r.role)


def _country_place(gazetteer: Gazetteer, cc: str | None) -> Place | None:
    """The country record of a country code (remembered)."""
    cache = gazetteer.__dict__.setdefault("_country_places", {})
    if cc not in cache:
        from ..gazetteer.gazetteer import country_display_name, key_ids_for

        cache[cc] = None
        if cc:
            for kid in key_ids_for(gazetteer, [fold(country_display_name(gazetteer, cc))]).values():
                cache[cc] = next((p for p in gazetteer.places_for_key(kid) if p.is_country and p.country_code == cc), None)
    return cache[cc]


def _seat_divisions(gazetteer: Gazetteer, t: _Ranked) -> tuple[Place, ...]:
    """The first-level divisions that bear the own name of a town among ``t``'s candidates, the
    town lying in it."""
    out: dict[int, Place] = {}
    for p, populated in zip(t.places, t.populated_l):
        if populated and p.admin1_rowid and p.admin1_rowid not in out:
            d = gazetteer.place(p.admin1_rowid)
            if d is not None and fold(d.name) == fold(p.name):
                out[d.rowid] = d
    return tuple(out.values())


def _seated(gazetteer: Gazetteer, t: _Ranked) -> _Ranked:
    """``t`` with the divisions its towns are the namesake seats of (itself when none), read
    from the gazetteer once per candidate set."""
    if t._seated is None:
        seats = _seat_divisions(gazetteer, t)
        t._seated = _Ranked(tuple(sorted(t.places + seats, key=lambda p: -prior(p))[:MAX_CANDIDATES])) if seats else t
    return t._seated


def _qualifies(text: str, a_end: int, b_start: int) -> bool:
    if b_start - a_end > 60:
        return False
    gap = text[a_end:b_start]
    # (the pattern ends in ",", "(", "of", "in" or "the", then spaces: most gaps end otherwise,
    # and are told apart here for a tenth of the pattern's cost)
    end = gap.rstrip()
    if not end or end[-1] not in ",(fFnNeE":
        return False
    return bool(_QUALIFIER_GAP.match(gap))


def _segment_argmax(values: list[float], seg: list[int], n: int) -> list[int | None]:
    """The best position within each segment, the first on ties (None for an empty one)."""
    out: list[int | None] = [None] * n
    for i in range(n):
        lo, hi = seg[i], seg[i + 1]
        if lo < hi:
            at, top = lo, values[lo]
            for j in range(lo + 1, hi):
                if values[j] > top:
                    at, top = j, values[j]
            out[i] = at - lo
    return out


def _close_calls(values: list[float], seg: list[int], margin: float) -> list[int]:
    """The segments whose best two values lie less than ``margin`` apart, in order."""
    out: list[int] = []
    for i in range(len(seg) - 1):
        lo, hi = seg[i], seg[i + 1]
        if hi - lo > 1:
            first, second = values[lo], values[lo + 1]
            if second > first:
                first, second = second, first
            for j in range(lo + 2, hi):
                v = values[j]
                if v > second:
                    if v > first:
                        first, second = v, first
                    else:
                        second = v
            if first - second < margin:
                out.append(i)
    return out


def resolve(recognition: Recognition, gazetteer: Gazetteer, text: str) -> list[Mention]:
    """Choose a place (or none) for every recognised mention."""
    if any(r.role == "demonym" for r in recognition.mentions):
        # a demonym's place is its country, known already (and counted as country evidence by
        # recognition): the others are resolved without it, and the two lists merged in order
        demonyms = [_demonym_mention(gazetteer, r) for r in recognition.mentions if r.role == "demonym"]
        rest = Recognition([r for r in recognition.mentions if r.role != "demonym"], recognition.countries,
                           recognition.sentence_spans)
        return sorted(resolve(rest, gazetteer, text) + demonyms, key=lambda m: m.start)
    raws = recognition.mentions
    n = len(raws)
    ranked_cache: dict[tuple[int, ...], _Ranked] = gazetteer.__dict__.setdefault("_ranked_cache", {})
    tables = [_ranked(gazetteer, ranked_cache, r.key_ids) for r in raws]

    # country focus: demonyms and country names, plus every mention whose candidates share a country
    evidence = dict(recognition.countries)
    for t in tables:
        for cc, v in t.votes.items():
            evidence[cc] = evidence.get(cc, 0.0) + v
    focus = _focus(evidence)
    # names a cue marks as places but no gazetteer name matches: near spellings in the focus countries
    focus_countries = [cc for cc, share in sorted(focus.items(), key=lambda t: -t[1])[:2] if share >= 0.25]
    if focus_countries:
        for i, r in enumerate(raws):
            if not tables[i].places:
                places: dict[int, Place] = {}
                for kid, _ in fuzzy_key_ids(gazetteer, r.surface, focus_countries):
                    for p in gazetteer.places_for_key(kid):
                        if p.country_code in focus_countries:
                            places.setdefault(p.rowid, p)
                if places:
                    tables[i] = _Ranked(tuple(sorted(places.values(), key=lambda p: -prior(p))[:MAX_CANDIDATES]))
    # a region cue on a name that only a town bears ("Hodeidah province"): the division whose
    # namesake seat the town is ("Al Hudaydah" governorate)
    for i, r in enumerate(raws):
        if r.kind == "region" and tables[i].places and not any(tables[i].division_l):
            tables[i] = _seated(gazetteer, tables[i])
    cands = [list(t.places) for t in tables]

    # hierarchy: mention i qualified by the mention right after it ("X, Balkh")
    # (not two names of one list: "in Herat, Farah and Nimruz provinces")
    plural = _plural_cues()
    qualified = [i for i in range(n - 1) if _qualifies(text, raws[i].end, raws[i + 1].start)
                 and not (raws[i].cue is not None and raws[i].cue == raws[i + 1].cue and raws[i].cue in plural)]
    # each one's qualifier: the mention after it, or past a country's possessive ("Boni in
    # Mali's Mopti region": Mopti)
    partner: dict[int, int] = {}
    for i in qualified:
        j = i + 1
        if j + 1 < n and tables[j].places and tables[j].country_l[0] \
                and text[raws[j].end:raws[j + 1].start].strip() in ("'s", "’s"):
            j += 1
        partner[i] = j
    hier: dict[tuple[int, int], float] = {}
    for i in qualified:
        j = partner[i]
        if not cands[i] or not cands[j]:
            continue
        after = tables[j]
        region_ids = {p.rowid for p, region in zip(after.places, after.region_l) if region}
        countries = {p.country_code for p, country in zip(after.places, after.country_l) if country}
        for k, p in enumerate(cands[i]):
            if p.admin1_rowid in region_ids or p.admin2_rowid in region_ids:
                hier[i, k] = 1.0
            elif p.country_code in countries:
                hier[i, k] = 0.5
        contained = {p.admin1_rowid for p in cands[i]} | {p.admin2_rowid for p in cands[i]}
        for k, q in enumerate(cands[j]):
            if q.rowid in contained:
                hier[j, k] = 1.0

    # base scores for every candidate of every mention, as one vector
    sizes = [len(c) for c in cands]
    seg = [0]
    for size in sizes:
        seg.append(seg[-1] + size)
    surface_keys = [_fold(r.surface) for r in raws]
    total: list[float] = []
    name_id = _name_ids(surface_keys)
    if seg[-1]:
        total = _base_scores(raws, tables, surface_keys, name_id, recognition.countries,
                             set(partner.values()))
        for (i, k), v in hier.items():
            total[seg[i] + k] += W_HIER * v
    best = _segment_argmax(total, seg, n)
    chosen: list[Place | None] = [cands[i][b] if b is not None else None for i, b in enumerate(best)]
    if seg[-1]:
        admin1: list[object] = []
        for t in tables:
            admin1.extend(t.admin1_l)
        total = _admin_focus(admin1, total, best, seg, _chosen_flags(tables, best, True), name_id, sizes)
        best = _segment_argmax(total, seg, n)
        chosen = [cands[i][b] if b is not None else None for i, b in enumerate(best)]
        total = _cohere(tables, total, seg, best, surface_keys)
        best = _segment_argmax(total, seg, n)
        chosen = [cands[i][b] if b is not None else None for i, b in enumerate(best)]

    # a place qualified by a division it does not lie in ("the Haidarabad area of Nahri Saraj
    # district" when the only Haidarabad known is in Pakistan) is that division, more or less;
    # and a name the gazetteer lacks, qualified by a division it knows ("Charbolak district,
    # Balkh"), is placed in that division at the precision the text supports; so is one
    # qualified by such a name in turn ("the Kala Muchi area of Deh Rahwod district, Urozgan")
    chosen_country = _chosen_flags(tables, best, True)
    qualified_by: dict[int, Place] = {}
    chained: set[int] = set()     # (placed two or more divisions up: only that division is known)
    outside: set[int] = set()     # (not in the country qualifying it: "Boni, Mali" is not Bonn)
    for i in reversed(qualified):     # (the outer name first: the chain ends at a known division)
        j = partner[i]
        division = chosen[j]
        if division is None and chosen[i] is None and j in qualified_by:
            qualified_by[i] = qualified_by[j]
            chained.add(i)
            continue
        here = chosen[i]
        if division is not None and chosen_country[j] and not any(tables[j].division_l) and here is not None \
                and here.country_code != division.country_code and here.feature_class == "P":
            outside.add(i)
        if division is None or division.feature_class != "A" or chosen_country[j]:   # (one a place can be seen to lie in)
            continue
        place = chosen[i]
        if place is None or (division.rowid not in (place.admin1_rowid, place.admin2_rowid)
                             and _distance_km(place, division) > OUTSIDE_QUALIFIER_KM):
            qualified_by[i] = division

    # a minor place far from every other place of a document focused on another country
    implausible = _implausible(chosen, chosen_country, focus, qualified_by) | outside

    probs: list[float] = []
    second: list[int | None] = [None] * n
    if seg[-1]:
        probs = _softmax_probs(total, seg)
        # the runner-up: the best of the rest
        others = list(total)
        for i, b in enumerate(best):
            if b is not None:
                others[seg[i] + b] = -math.inf
        second = _segment_argmax(others, seg, n)
        for i, k2 in enumerate(second):
            if k2 is not None and sizes[i] < 2:
                second[i] = None
    chosen_region = _chosen_flags(tables, best, False)
    out: list[Mention] = []
    for i, r in enumerate(raws):
        if i in qualified_by:
            q = qualified_by[i]
            out.append(Mention(r.surface, r.start, r.end, r.sentence, (Candidate(q, 0.5),), q, 0.5,
                               max(3 if i in chained else 2, r.precision),
                               (r.cue or "") + " (within the qualifying division)", "place", r.role))
            continue
        place, b = chosen[i], best[i]
        if place is None or b is None or i in implausible:
            out.append(Mention(r.surface, r.start, r.end, r.sentence, (), None, 0.0, r.precision, r.cue,
                               r.kind or "place", r.role))
            continue
        score = probs[seg[i] + b]
        k2 = second[i]
        # the chosen place and the runner-up
        candidates = (Candidate(place, score),) if k2 is None else \
            (Candidate(place, score), Candidate(cands[i][k2], probs[seg[i] + k2]))
        if chosen_region[i]:
            out.append(Mention(r.surface, r.start, r.end, r.sentence, candidates, place, score, 3, r.cue,
                               "country" if chosen_country[i] else "region", r.role))
        else:
            out.append(Mention(r.surface, r.start, r.end, r.sentence, candidates, place, score, r.precision, r.cue,
                               "place", r.role))
    return out


def _chosen_flags(tables: list[_Ranked], best: list[int | None], country: bool) -> list[bool]:
    """Whether each mention's chosen candidate is a country (or, with ``country`` false, a region),
    from its table's flags (False for a mention without a place)."""
    return [b is not None and (tables[i].country_l[b] if country else tables[i].region_l[b])
            for i, b in enumerate(best)]


def _name_ids(surface_keys: list[str]) -> list[int]:
    """Mentions written alike share an id."""
    ids: dict[str, int] = {}
    return [ids.setdefault(k, len(ids)) for k in surface_keys]


_KINDS: Final = {"region": 1, "settlement": 2}


def _base_scores(raws: list, tables: list[_Ranked], surface_keys: list[str], name_id: list[int],
                 countries: Mapping[str, float], qualifiers: set[int]) -> list[float]:
    """Every candidate's score before hierarchy, division focus and coherence: prior, fit to the
    kind of place the text names, and country focus (``qualifiers``: the mentions that qualify
    the one before them, "X district, Balkh", which name divisions even bare). Each value is computed with the same
    floating-point operations, in the same order, as the numpy expression it replaced."""
    shares = _own_focus(countries, tables, name_id)
    total: list[float] = []
    for i, t in enumerate(tables):
        if not t.places:
            continue
        kind = _KINDS.get(raws[i].kind or "", 0)
        renamed_l, eponym, namesake = t.as_written(surface_keys[i])
        share = shares[name_id[i]]
        bare = i not in qualifiers
        for j in range(len(t.places)):
            pop, div, renamed = t.populated_l[j], t.division_l[j], renamed_l[j]
            # a name that is the own name of a country, capital, continent or first-level division
            # means that place rather than a town known by it only as another name ("Egypt"); and
            # any place that bears the name as its own comes before a town known by it only as
            # another name
            if kind == 1:
                fit = 0.5 if div else -0.3
            elif kind == 2:
                fit = 0.3 if pop else -0.6
            else:
                fit = 0.15 if pop else (-0.1 if div and renamed else 0.0)
                fit = fit - (SEAT_PENALTY if bare and t.seat_l[j] else 0.0)
            prior_j = t.prior_l[j]
            if bare and kind == 0 and t.seat_prior_l[j] > prior_j:
                prior_j = t.seat_prior_l[j]
            fit = fit - (RENAMED_PENALTY if eponym and renamed else 0.0)
            fit = fit - (ALIAS_PENALTY if namesake and renamed and pop else 0.0)
            foc = share.share(t.cidx_l[j]) * t.notability_l[j]
            total.append(W_PRIOR * prior_j + fit + W_FOCUS * foc)
    return total


def _pairwise_sum(values: list[float], lo: int, n: int) -> float:
    """numpy's sum of ``values[lo:lo + n]``, operation for operation (its pairwise summation:
    eight accumulators over blocks of up to 128, halves above), so that results stay bitwise
    those of ``np.add.reduce`` on a contiguous vector."""
    if n < 8:
        res = -0.0
        for i in range(lo, lo + n):
            res += values[i]
        return res
    if n <= 128:
        r0, r1, r2, r3 = values[lo], values[lo + 1], values[lo + 2], values[lo + 3]
        r4, r5, r6, r7 = values[lo + 4], values[lo + 5], values[lo + 6], values[lo + 7]
        i = lo + 8
        end = lo + n - n % 8
        while i < end:
            r0 += values[i]
            r1 += values[i + 1]
            r2 += values[i + 2]
            r3 += values[i + 3]
            r4 += values[i + 4]
            r5 += values[i + 5]
            r6 += values[i + 6]
            r7 += values[i + 7]
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < lo + n:
            res += values[i]
            i += 1
        return res
    half = n // 2
    half -= half % 8
    return _pairwise_sum(values, lo, half) + _pairwise_sum(values, lo + half, n - half)


def np_sum(values: list[float]) -> float:
    """``float(np.sum(values))`` for a vector: the reduction starts from the identity, 0.0."""
    return 0.0 + _pairwise_sum(values, 0, len(values))


def _own_focus(countries: Mapping[str, float], tables: list[_Ranked], name_id: list[int]) -> list[_Shares]:
    """Each name's country shares of the document's evidence (indexed by country number), in
    which the mentions written like it count as one: a name does not vouch for itself by
    repetition ("Alexandria" said eight times must not outvote the "Virginia" said four).

    The arithmetic is that of the numpy form it replaced (a names x countries matrix): votes
    summed in mention order, the evidence summed over names in name order (numpy's column sums
    run row by row; with a single column, pairwise), the shares' denominators summed pairwise.
    Countries a name has no vote for hold the evidence unchanged (e - 0 + 0/r = e), so only a
    name's own countries are recomputed."""
    for cc in countries:
        _country_index(cc)
    width = len(_COUNTRY_INDEX)
    n_names = max(name_id) + 1 if name_id else 0
    own: list[dict[int, float]] = [{} for _ in range(n_names)]
    repeats = [0] * n_names
    for i, t in enumerate(tables):
        mine = own[name_id[i]]
        repeats[name_id[i]] += 1
        for c, v in t.vote_pairs:
            mine[c] = mine.get(c, 0.0) + v
    everything = [0.0] * width
    if width == 1:   # (numpy reduces a single column pairwise)
        everything[0] = np_sum([row.get(0, 0.0) for row in own])
    else:
        for row in own:
            for c, v in row.items():
                everything[c] += v
    for cc, v in countries.items():
        everything[_COUNTRY_INDEX[cc]] += v
    clipped = [x if x >= 0.0 else 0.0 for x in everything]
    shares: list[_Shares] = []
    for nid in range(n_names):
        # a name's own mentions count as one: repeated, it does not outvote the other names
        rest = list(clipped)
        rep = float(repeats[nid])
        patched: dict[int, float] = {}
        for c, o in own[nid].items():
            x = everything[c] - o + o / rep
            rest[c] = patched[c] = x if x >= 0.0 else 0.0
        shares.append(_Shares(clipped, patched, np_sum(rest)))
    return shares


class _Shares:
    """One name's country shares: the evidence row (with the name's own countries patched),
    divided by its sum, on demand (a document asks for a few of a few hundred countries)."""

    __slots__ = ("row", "patched", "total")

    def __init__(self, row: list[float], patched: dict[int, float], total: float):
        self.row = row
        self.patched = patched
        self.total = total

    def share(self, c: int) -> float:
        if self.total > 0:
            x = self.patched.get(c)
            return (self.row[c] if x is None else x) / self.total
        return 0.0


def _admin_focus(admin1: list[object], total: list[float], best: list[int | None], seg: list[int],
                 chosen_country: list[bool], name_id: list[int], sizes: list[int]) -> list[float]:
    """Favour candidates in the first-level divisions the document's other places lie in
    (a state or province focus, as the country focus works for countries); as there, the
    mentions written like a candidate's own do not vote for it. (Vote counts are integers,
    and their quotient is a correctly rounded division, as in numpy.) The divisions' row ids
    are kept as the int objects the tables hold, which the dictionaries take as they are (read
    as native ints, each look-up would box its id again)."""
    voters: list[tuple[int, object]] = []
    for i, b in enumerate(best):
        if b is not None and not chosen_country[i]:
            a1 = admin1[seg[i] + b]   # (the candidate's first-level division, 0 for none)
            if a1:
                voters.append((i, a1))
    if not voters:
        return total
    # votes for each division, and each name's own votes for it
    votes: dict[object, int] = {}
    own: dict[int, dict[object, int]] = {}
    for i, a1 in voters:
        votes[a1] = votes.get(a1, 0) + 1
        mine = own.setdefault(name_id[i], {})
        mine[a1] = mine.get(a1, 0) + 1
    out: list[float] = []
    j = 0
    for i, size in enumerate(sizes):
        mine = own.get(name_id[i], {})
        others = len(voters) - sum(mine.values())
        for _ in range(size):
            bonus = 0.0
            if others > 0:
                # (a division without votes gets none: one look-up for most candidates)
                n_votes = votes.get(admin1[j])
                if n_votes is not None:
                    bonus = (n_votes - mine.get(admin1[j], 0)) / others
            out.append(total[j] + W_ADMIN * bonus)
            j += 1
    return out


def _softmax_probs(total: list[float], seg: list[int]) -> list[float]:
    """Each candidate's probability among its mention's: a softmax at TEMPERATURE, rounded to
    4 decimals. Computed as numpy did: the segment's sum is its first weight plus the pairwise
    sum of the rest (``np.add.reduceat``), and rounding multiplies by 10^4, rounds half to
    even and divides back (``np.round``); math.exp and numpy's exp agree (both libm's) where
    numpy has no AVX-512."""
    probs: list[float] = []
    for i in range(len(seg) - 1):
        lo, hi = seg[i], seg[i + 1]
        if lo == hi:
            continue
        top = total[lo]
        for j in range(lo + 1, hi):
            if total[j] > top:
                top = total[j]
        weights = [math.exp((total[j] - top) / TEMPERATURE) for j in range(lo, hi)]
        norm = weights[0] + _pairwise_sum(weights, 1, hi - lo - 1)
        for w in weights:
            probs.append(_round4(w / norm))
    return probs


def _round4(x: float) -> float:
    """``np.round(x, 4)``: x * 10^4 rounded half to even, divided by 10^4. For 0 <= y < 2^52,
    y - trunc(y) is exact, so the halfway test is too."""
    y = x * 10000.0
    if not 0.0 <= y < 4503599627370496.0:
        return float(round(y)) / 10000.0
    whole = float(int(y))
    frac = y - whole
    if frac > 0.5 or (frac == 0.5 and whole % 2.0 == 1.0):
        whole += 1.0
    return whole / 10000.0


def _cohere(tables: list[_Ranked], base: list[float], seg: list[int], best: list[int | None],
            surface_keys: list[str]) -> list[float]:
    """Add to each candidate's score its closeness to the other names of the document.

    Every candidate of an ambiguous mention is set against every candidate of every differently
    written mention (a name does not vouch for itself): a name's support is its nearest
    candidate's closeness, weighted by how plausible that candidate is beside its own mention's
    best (so "Athens" and "Henderson County" find the Texas pair even while each alone would
    pick another); a candidate scores the mean support of its three best-supporting names. Two
    rounds, so a cluster pulls its members together. Points are unit vectors: the haversine
    term of every pair is one matrix product, h = (1 - u·v) / 2.
    """
    # only mentions whose choice closeness could change: a runner-up within W_COHERE of the best
    multi = _close_calls(base, seg, W_COHERE)
    if not multi or sum(b is not None for b in best) < 2:
        return base
    sid_of = {k: j for j, k in enumerate(dict.fromkeys(surface_keys))}
    n_names = len(sid_of)
    if n_names < 2:
        return base
    n_mentions = len(seg) - 1
    sid = [sid_of[k] for k in surface_keys]
    cand_mention: list[int] = []
    for i in range(n_mentions):
        cand_mention.extend([i] * (seg[i + 1] - seg[i]))
    cand_sid = [sid[i] for i in cand_mention]
    is_country = [c for t in tables for c in t.country_l]
    best_of = _segment_max(base, seg)
    # the contenders: candidates that closeness (at most W_COHERE) could lift to the top
    rows = [j for i in multi for j in range(seg[i], seg[i + 1]) if base[j] >= best_of[i] - W_COHERE]
    owner_sid = [cand_sid[j] for j in rows]
    # the partners: every candidate (not a country) of every mention, grouped by name
    # (a candidate far below its mention's best weighs next to nothing: e^-4 at 2.0 below)
    by_name: list[list[int]] = [[] for _ in range(n_names)]   # (a stable sort by name)
    for j in range(seg[-1]):
        if not is_country[j] and base[j] - best_of[cand_mention[j]] > -PARTNER_TEMPERATURE * 4:
            by_name[cand_sid[j]].append(j)
    groups = [members for members in by_name if members]
    if not groups:
        return base
    n_rows = len(rows)
    # a name's support is the largest sum over its partners: the names with several partners,
    # each padded to a power of two with its first partner again (a maximum is unchanged by a
    # repeat), are reduced a size class at a time (one reduction per class, a few per document);
    # the names with one partner come next, and their sums are their supports. The reductions
    # write after them, so that the supports are one block of rows (in that order: ``layout``)
    layout, order_j, classes, n_multi_rows = _padded_layout(groups)
    # closeness is exp(-distance / COHERENCE_KM); it is kept as its logarithm, and so is a
    # partner's weight, so a name's support, the largest product, is the exponential of the
    # largest sum. The exponential is monotonic, so the three best supports of a contender are
    # found among the sums, and only those are exponentiated.
    # Half the chord, sqrt(h), is the arc's half-angle within 0.1 % up to 1,000 km; beyond,
    # closeness is nil either way. h = (1 - u·v) * 0.5 is computed as 0.5 + u·(-0.5 v): scaling
    # by a power of two is exact, in the product as in the subtraction.
    units = np.frombuffer(b"".join([t.units for t in tables]), dtype=np.float64).reshape(-1, 3)
    halves = units.take(_indices(rows), axis=0)
    np.multiply(halves, -0.5, out=halves)
    n_partners = sum(len(members) for members in groups)
    if n_partners > 1 and n_rows > 1:
        # (the product's value for a pair depends on the two points and the product's shape
        # only, as long as BLAS multiplies matrices, not a vector: the padded rows are computed
        # in place, with the repeats)
        log_closeness = units.take(_indices(order_j), axis=0) @ halves.T
    else:
        partners = [j for members in groups for j in members]
        position = {j: q for q, j in enumerate(partners)}
        log_closeness = (units.take(_indices(partners), axis=0) @ halves.T).take(
            _indices([position[j] for j in order_j]), axis=0)
    np.add(log_closeness, 0.5, out=log_closeness)
    log_closeness.clip(0.0, 1.0, out=log_closeness)          # h
    np.sqrt(log_closeness, out=log_closeness)
    np.multiply(log_closeness, -(2 * EARTH_RADIUS_KM / COHERENCE_KM), out=log_closeness)
    work = np.empty((n_multi_rows + len(groups), n_rows))
    summed = work[:len(order_j)]
    order_mention = [cand_mention[j] for j in order_j]
    # (the views each round reads and writes are made once)
    reductions = [(summed[at:at + count * size].reshape(count, size, n_rows), work[to:to + count])
                  for at, count, size, to in classes]
    n_groups = len(groups)
    log_support = work[n_multi_rows:].T
    by_contender = np.empty((n_rows, n_groups))
    flat = by_contender.reshape(-1)
    k = min(3, n_names - 1)
    tops = np.empty((k, n_rows))
    top_rows = [tops[step] for step in range(k)]
    row_starts = np.arange(0, n_rows * n_groups, n_groups)
    # a name does not vouch for itself: its support of its own contenders is nil (-inf), at
    # these places of the supports transposed (contenders down, names across)
    row_of_sid = [-1] * n_names
    for row, g in enumerate(layout):
        row_of_sid[cand_sid[groups[g][0]]] = row
    own = _indices([c * n_groups + row_of_sid[s] for c, s in enumerate(owner_sid) if row_of_sid[s] >= 0])
    total = base
    for _ in range(2):
        # a partner counts as much as it is plausible next to its mention's best candidate
        best_of = _segment_max(total, seg)
        log_weight = _floats([(total[j] - best_of[m]) / PARTNER_TEMPERATURE for j, m in zip(order_j, order_mention)])
        np.add(log_closeness, log_weight[:, None], out=summed)
        for block, maxima in reductions:
            np.maximum.reduce(block, axis=1, out=maxima)
        by_contender[...] = log_support
        flat[own] = -math.inf
        if n_groups > k:
            support = _top_sum(by_contender, flat, row_starts, tops, top_rows)
        else:
            support = _sum_all(by_contender, layout)
        lift: list[float] = (W_COHERE * support / k).tolist()
        total = list(base)
        for r, v in zip(rows, lift):
            total[r] += v
    return total


def _padded_layout(groups: list[list[int]]) -> tuple[list[int], list[int], list[tuple[int, int, int, int]], int]:
    """The rows of the partners' sums: the names with several partners, by size class (a power
    of two, each name's partners padded with its first), then the names with one; the support
    rows follow them. Returns the names in the order of the support rows (singles, then the
    classes), each padded row's partner, the classes as (first row, names, partners each, first
    support row), and the number of padded rows."""
    padded: list[int] = []
    largest = 1
    for members in groups:
        size = 1
        while size < len(members):
            size *= 2
        padded.append(size)
        if size > largest:
            largest = size
    order: list[int] = []
    multis: list[int] = []
    pending: list[tuple[int, int, int]] = []
    size = 2
    while size <= largest:
        first = len(order)
        for g, members in enumerate(groups):
            if padded[g] == size:
                for j in members:
                    order.append(j)
                for _ in range(size - len(members)):
                    order.append(members[0])
                multis.append(g)
        if len(order) > first:
            pending.append((first, (len(order) - first) // size, size))
        size *= 2
    n_multi_rows = len(order)
    singles: list[int] = []
    for g, members in enumerate(groups):
        if len(members) == 1:
            singles.append(g)
            order.append(members[0])
    to = len(order)
    classes: list[tuple[int, int, int, int]] = []
    for first_row, count, size in pending:
        classes.append((first_row, count, size, to))
        to += count
    return singles + multis, order, classes, n_multi_rows


def _indices(values: list[int]) -> np.ndarray:
    """``np.array(values, dtype=np.intp)``, through struct's packing (100 instructions an element,
    against 250 through the array module and 290 through numpy's own conversion)."""
    return np.frombuffer(struct.pack(f"{len(values)}q", *values), dtype=np.int64).astype(np.intp, copy=False)


def _floats(values: list[float]) -> np.ndarray:
    """``np.array(values, dtype=float)`` (the same doubles), through struct's packing."""
    return np.frombuffer(struct.pack(f"{len(values)}d", *values), dtype=np.float64)


def _top_sum(by_contender: np.ndarray, flat: np.ndarray, row_starts: np.ndarray, tops: np.ndarray,
             top_rows: list[np.ndarray]) -> np.ndarray:
    """Per contender (row), the sum of the exponentials of its k (<= 3, fewer than its names)
    largest supports, k = len(top_rows): ``flat`` views by_contender as a vector, ``row_starts``
    is each row's first place in it, ``tops`` (k x contenders) receives the k largest, and
    ``top_rows`` are its rows.

    As numpy's partition did: the k largest, summed first to last, where the order of all but
    the k-th does not matter (the first two are added first, and addition commutes); found as
    successive maxima (a row's largest, taken out; then the next), which costs less than a
    partition at a few dozen names. Modifies by_contender."""
    k = len(top_rows)
    for step in range(k):
        at = by_contender.argmax(axis=1)
        at += row_starts
        flat.take(at, out=top_rows[step])
        if step < k - 1:
            flat[at] = -math.inf
    np.exp(tops, out=tops)
    total = top_rows[0] + top_rows[1] if k > 1 else top_rows[0]
    if k > 2:
        total += top_rows[2]
    return total


def _sum_all(by_contender: np.ndarray, layout: list[int]) -> np.ndarray:
    """Per contender (row), the sum of the exponentials of all its supports, in name order (the
    columns are the names ``layout`` lists)."""
    named = by_contender[:, _indices(sorted(range(len(layout)), key=lambda c: layout[c]))]
    np.exp(named, out=named)
    total = named[:, 0].copy()
    for c in range(1, len(layout)):
        total += named[:, c]
    return total


def _segment_max(values: list[float], seg: list[int]) -> list[float]:
    """Each segment's largest value (-inf for an empty one)."""
    out: list[float] = []
    for i in range(len(seg) - 1):
        top = -math.inf
        for j in range(seg[i], seg[i + 1]):
            v = values[j]
            if v > top:
                top = v
        out.append(top)
    return out


def _implausible(chosen: list[Place | None], chosen_country: list[bool], focus: dict[str, float],
                 qualified_by: dict[int, Place]) -> set[int]:
    """Minor places of another country, far (> IMPLAUSIBLE_KM) from every other chosen place,
    in a document whose country evidence points clearly (>= 60 %) elsewhere."""
    if not focus:
        return set()
    cc, share = max(focus.items(), key=lambda t: t[1])
    if share < 0.6:
        return set()
    suspects = [i for i, p in enumerate(chosen) if p is not None and i not in qualified_by and not chosen_country[i]
                and p.feature_code not in ("ADM1", "PPLC", "CONT") and p.feature_class != "L" and p.country_code != cc]
    if not suspects:
        return set()
    others = [j for j, c in enumerate(chosen) if c is not None and not chosen_country[j]]
    located = {i: p for i, p in enumerate(chosen) if p is not None}
    a = np.array([[located[i].lat, located[i].lon] for i in suspects])
    b = np.array([[located[j].lat, located[j].lon] for j in others])
    d = _haversine_km(a[:, None, 0], a[:, None, 1], b[None, :, 0], b[None, :, 1])
    d[np.array(suspects)[:, None] == np.array(others)[None, :]] = np.inf
    return {i for row, i in enumerate(suspects) if not np.isfinite(d[row]).any() or d[row].min() > IMPLAUSIBLE_KM}
