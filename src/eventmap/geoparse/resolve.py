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

import re
from collections.abc import Mapping

import numpy as np

from ..gazetteer.fold import fold
from ..gazetteer.gazetteer import Gazetteer, fuzzy_key_ids, prior
from ..model import Candidate, Mention, Place
from .recognise import Recognition, _fold

MAX_CANDIDATES = 40
TEMPERATURE = 0.12
W_PRIOR, W_FOCUS, W_HIER, W_COHERE, W_ADMIN = 1.0, 1.2, 1.2, 0.9, 0.6
COHERENCE_KM = 150.0
PARTNER_TEMPERATURE = 0.5      # how fast a partner candidate's weight falls below its mention's best
RENAMED_PENALTY = 1.0          # a place known by a major place's own name only as another name
ALIAS_PENALTY = 0.3            # a town known by another place's own name only as another name
OUTSIDE_QUALIFIER_KM = 100.0   # a place this far from the division qualifying it is not that place
IMPLAUSIBLE_KM = 800.0         # a minor place this far from every other place of a focused document
# "X, Balkh", "X (Balkh)", "X district, Balkh", "X area of Y district", "X settlement of the Y region"
_QUALIFIER_GAP = re.compile(
    r"^(?:\s*(?:\([^()]{0,40}\))?\s*(?:(?:district|province|region|area|village|town|city|county|"
    r"settlement|municipality|rayon|oblast|governorate|parish|centre|center|districts)s?\s*){0,2}"
    r"(?:,|\(|\bof\b|\bin\b)\s*(?:the\s+)?)$", re.I)


def _focus(countries: Mapping[str, float]) -> dict[str, float]:
    total = sum(countries.values())
    return {cc: n / total for cc, n in countries.items()} if total else {}


EARTH_RADIUS_KM = 6371.009  # geopy's mean Earth radius


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


# the columns of _Ranked.features: a document's candidates are gathered with one concatenation
# (numpy's cost per call, not per value, dominates at a few hundred candidates)
_PRIOR, _POPULATED, _DIVISION, _IS_COUNTRY, _NOTABILITY, _COUNTRY, _ADMIN1, _UNITS = range(8)   # (_UNITS: 3)


class _Ranked:
    """A mention's candidates, best prior first, with their features as arrays (computed once
    per set of name keys and cached: the same names recur across a corpus)."""

    __slots__ = ("places", "priors", "countries", "country_idx", "populated", "division", "names", "coords",
                 "units", "admin1", "is_country", "votes", "vote_idx", "vote_val", "notability", "features",
                 "_by_name")

    def __init__(self, places: tuple[Place, ...]):
        self.places = places
        self.priors = np.array([prior(p) for p in places], dtype=float)
        self.countries = [p.country_code for p in places]
        self.country_idx = np.array([_country_index(cc) for cc in self.countries], dtype=np.int64)
        self.populated = np.array([p.feature_class == "P" for p in places], dtype=bool)
        self.is_country = np.array([p.is_country for p in places], dtype=bool)
        self.division = np.array([p.is_region for p in places], dtype=bool) & ~self.is_country
        self.names = [fold(p.name) for p in places]
        self.coords = np.array([[p.lat, p.lon] for p in places], dtype=float).reshape(-1, 2)
        self.units = _unit_vectors(self.coords)
        # the first-level division each candidate lies in (itself for a first-level division)
        self.admin1 = np.array([(p.rowid if p.feature_code in ("ADM1", "ADMD") else p.admin1_rowid) or 0
                                for p in places], dtype=np.int64)
        # how much a country focus can lift a populated place that shares its name with a country
        # or a capital elsewhere: fully from 100,000 people, not at all below 100 (a hamlet named
        # Moscow or Egypt is seldom what a report means, even a local one); places of unknown
        # population, divisions, and names without such a namesake count in full
        majors = {p.country_code for p in places if p.is_country or p.feature_code == "PPLC"}
        pops = np.array([p.population if p.feature_class == "P" and majors - {p.country_code} else 0
                         for p in places], dtype=float)
        self.notability = np.where(pops > 0, np.clip((np.log10(pops + 1) - 2) / 3, 0, 1), 1.0)
        self.votes = self._country_votes()
        self.vote_idx = np.array([_country_index(cc) for cc in self.votes], dtype=np.int64)
        self.vote_val = np.array(list(self.votes.values()), dtype=float)
        # the per-candidate features above as one float matrix (flags 0/1, indices exact)
        self.features = np.column_stack([self.priors, self.populated, self.division, self.is_country,
                                         self.notability, self.country_idx, self.admin1, self.units]).astype(float)
        self._by_name: dict[str, tuple[np.ndarray, bool, bool]] = {}

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

    def as_written(self, surface_key: str) -> tuple[np.ndarray, bool, bool]:
        """For the name as written: which candidates bear it only as another name (renamed);
        whether a country, capital, continent or first-level division bears it as its own; and
        whether any candidate does. Remembered per name (a few names per candidate set)."""
        hit = self._by_name.get(surface_key)
        if hit is None:
            if len(self._by_name) > 64:
                self._by_name.clear()
            renamed = np.array([nm != surface_key for nm in self.names], dtype=bool)
            major = any(nm == surface_key and (p.is_country or p.feature_code in ("PPLC", "CONT", "ADM1"))
                        for nm, p in zip(self.names, self.places))
            hit = self._by_name[surface_key] = (renamed, major, not renamed.all())
        return hit


_EMPTY = _Ranked(())


def _ranked(gazetteer: Gazetteer, key_ids: tuple[int, ...]) -> _Ranked:
    """Candidates for a set of name keys, cached on the gazetteer (they repeat across reports)."""
    if not key_ids:
        return _EMPTY
    cache = gazetteer.__dict__.setdefault("_ranked_cache", {})
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


def _qualifies(text: str, a_end: int, b_start: int) -> bool:
    return b_start - a_end <= 60 and bool(_QUALIFIER_GAP.match(text[a_end:b_start]))


def _segment_argmax(values: np.ndarray, seg: np.ndarray, n: int) -> list[int | None]:
    """The best position within each segment, the first on ties (None for an empty one).
    A plain loop: at a few hundred values it costs less than the numpy calls it would take."""
    out: list[int | None] = [None] * n
    if not len(values):
        return out
    vals: list[float] = values.tolist()
    bounds: list[int] = seg.tolist()
    for i in range(n):
        lo, hi = bounds[i], bounds[i + 1]
        if lo < hi:
            at, top = lo, vals[lo]
            for j in range(lo + 1, hi):
                if vals[j] > top:
                    at, top = j, vals[j]
            out[i] = at - lo
    return out


def _close_calls(values: np.ndarray, seg: np.ndarray, margin: float) -> list[int]:
    """The segments whose best two values lie less than ``margin`` apart, in order."""
    vals: list[float] = values.tolist()
    bounds: list[int] = seg.tolist()
    out: list[int] = []
    for i in range(len(bounds) - 1):
        lo, hi = bounds[i], bounds[i + 1]
        if hi - lo > 1:
            first, second = vals[lo], vals[lo + 1]
            if second > first:
                first, second = second, first
            for j in range(lo + 2, hi):
                v = vals[j]
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
    tables = [_ranked(gazetteer, r.key_ids) for r in raws]

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
    cands = [list(t.places) for t in tables]

    # hierarchy: mention i qualified by the mention right after it ("X, Balkh")
    qualified = [i for i in range(n - 1) if _qualifies(text, raws[i].end, raws[i + 1].start)]
    hier: dict[tuple[int, int], float] = {}
    for i in qualified:
        if not cands[i] or not cands[i + 1]:
            continue
        region_ids = {p.rowid for p in cands[i + 1] if p.is_region}
        countries = {p.country_code for p in cands[i + 1] if p.is_country}
        for k, p in enumerate(cands[i]):
            if p.admin1_rowid in region_ids or p.admin2_rowid in region_ids:
                hier[i, k] = 1.0
            elif p.country_code in countries:
                hier[i, k] = 0.5
        contained = {p.admin1_rowid for p in cands[i]} | {p.admin2_rowid for p in cands[i]}
        for k, q in enumerate(cands[i + 1]):
            if q.rowid in contained:
                hier[i + 1, k] = 1.0

    # base scores for every candidate of every mention, as one vector
    sizes = [len(c) for c in cands]
    seg = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    surface_keys = [_fold(r.surface) for r in raws]
    total = np.zeros(0)
    if seg[-1]:
        features = np.concatenate([t.features for t in tables])
        pri = features[:, _PRIOR]
        pop = features[:, _POPULATED] > 0
        div = features[:, _DIVISION] > 0
        kind = np.repeat(np.array([{"region": 1, "settlement": 2}.get(r.kind or "", 0) for r in raws]), sizes)
        written = [t.as_written(surface_keys[i]) for i, t in enumerate(tables)]
        renamed = np.concatenate([w[0] for w in written])
        # a name that is the own name of a country, capital, continent or first-level division
        # means that place rather than a town known by it only as another name ("Egypt"); and any
        # place that bears the name as its own comes before a town known by it only as another name
        eponym = np.repeat([w[1] for w in written], sizes)
        namesake = np.repeat([w[2] for w in written], sizes)
        fit = np.select([kind == 1, kind == 2],
                        [np.where(div, 0.5, -0.3), np.where(pop, 0.3, -0.6)],
                        np.where(pop, 0.15, np.where(div & renamed, -0.1, 0.0))) - np.where(eponym & renamed, RENAMED_PENALTY, 0.0) \
            - np.where(namesake & renamed & pop, ALIAS_PENALTY, 0.0)
        name_id = _name_ids(surface_keys)
        foc = _own_focus(recognition.countries, tables, name_id, sizes, features[:, _COUNTRY].astype(np.int64)) \
            * features[:, _NOTABILITY]
        total = W_PRIOR * pri + fit + W_FOCUS * foc
        for (i, k), v in hier.items():
            total[seg[i] + k] += W_HIER * v
    best = _segment_argmax(total, seg, n)
    chosen: list[Place | None] = [cands[i][b] if b is not None else None for i, b in enumerate(best)]
    if seg[-1]:
        admin1 = features[:, _ADMIN1].astype(np.int64)
        total = _admin_focus(admin1, total, chosen, name_id, sizes)
        best = _segment_argmax(total, seg, n)
        chosen = [cands[i][b] if b is not None else None for i, b in enumerate(best)]
        units = features[:, _UNITS:]
        is_country = features[:, _IS_COUNTRY] > 0
        total = _cohere(units, is_country, total, seg, best, surface_keys)
        best = _segment_argmax(total, seg, n)
        chosen = [cands[i][b] if b is not None else None for i, b in enumerate(best)]

    # a place qualified by a division it does not lie in ("the Haidarabad area of Nahri Saraj
    # district" when the only Haidarabad known is in Pakistan) is that division, more or less;
    # and a name the gazetteer lacks, qualified by a division it knows ("Charbolak district,
    # Balkh"), is placed in that division at the precision the text supports
    qualified_by: dict[int, Place] = {}
    for i in qualified:
        division = chosen[i + 1]
        if division is None or division.feature_class != "A" or division.is_country:   # (one a place can be seen to lie in)
            continue
        place = chosen[i]
        if place is None or (division.rowid not in (place.admin1_rowid, place.admin2_rowid)
                             and _distance_km(place, division) > OUTSIDE_QUALIFIER_KM):
            qualified_by[i] = division

    # a minor place far from every other place of a document focused on another country
    implausible = _implausible(chosen, focus, qualified_by)

    probs: list[float] = []
    second: list[int | None] = [None] * n
    if seg[-1]:
        sizes_arr = np.diff(seg)
        nonempty = sizes_arr > 0
        starts = seg[:-1][nonempty]
        seg_max = np.maximum.reduceat(total, starts)
        weights = np.exp((total - np.repeat(seg_max, sizes_arr[nonempty])) / TEMPERATURE)
        sums = np.add.reduceat(weights, starts)
        probs = np.round(weights / np.repeat(sums, sizes_arr[nonempty]), 4).tolist()
        # the runner-up: the best of the rest
        others = total.copy()
        others[[seg[i] + b for i, b in enumerate(best) if b is not None]] = -np.inf
        second = _segment_argmax(others, seg, n)
        for i, k2 in enumerate(second):
            if k2 is not None and sizes[i] < 2:
                second[i] = None
    out: list[Mention] = []
    for i, r in enumerate(raws):
        if i in qualified_by:
            q = qualified_by[i]
            out.append(Mention(r.surface, r.start, r.end, r.sentence, (Candidate(q, 0.5),), q, 0.5,
                               max(2, r.precision), (r.cue or "") + " (within the qualifying division)", "place",
                               r.role))
            continue
        place = chosen[i]
        if place is None or i in implausible:
            out.append(Mention(r.surface, r.start, r.end, r.sentence, (), None, 0.0, r.precision, r.cue,
                               r.kind or "place", r.role))
            continue
        score = probs[seg[i] + best[i]]
        k2 = second[i]
        # the chosen place and the runner-up
        candidates = (Candidate(place, score),) if k2 is None else \
            (Candidate(place, score), Candidate(cands[i][k2], probs[seg[i] + k2]))
        if place.is_region:
            out.append(Mention(r.surface, r.start, r.end, r.sentence, candidates, place, score, 3, r.cue,
                               "country" if place.is_country else "region", r.role))
        else:
            out.append(Mention(r.surface, r.start, r.end, r.sentence, candidates, place, score, r.precision, r.cue,
                               "place", r.role))
    return out


def _name_ids(surface_keys: list[str]) -> np.ndarray:
    """Mentions written alike share an id."""
    ids: dict[str, int] = {}
    return np.array([ids.setdefault(k, len(ids)) for k in surface_keys], dtype=np.int64)


def _own_focus(countries: Mapping[str, float], tables: list[_Ranked], name_id: np.ndarray, sizes: list[int],
               cand_country: np.ndarray) -> np.ndarray:
    """Each candidate's country share of the document's evidence, in which the mentions written
    like its own count as one: a name does not vouch for itself by repetition ("Alexandria"
    said eight times must not outvote the "Virginia" said four)."""
    for cc in countries:
        _country_index(cc)
    width = len(_COUNTRY_INDEX)
    n_names = int(name_id.max()) + 1 if len(name_id) else 0
    counts = [len(t.vote_idx) for t in tables]
    if sum(counts):
        flat = np.repeat(name_id, counts) * width + np.concatenate([t.vote_idx for t in tables])
        own = np.bincount(flat, weights=np.concatenate([t.vote_val for t in tables]),
                          minlength=n_names * width).reshape(n_names, width)
    else:
        own = np.zeros((n_names, width), dtype=np.float64)
    everything = own.sum(axis=0)
    for cc, v in countries.items():
        everything[_COUNTRY_INDEX[cc]] += v
    # a name's own mentions count as one: repeated, it does not outvote the other names
    repeats = np.bincount(name_id, minlength=n_names).astype(float)[:, None]
    rest = np.maximum(everything[None, :] - own + own / np.maximum(repeats, 1.0), 0.0)
    n = rest.sum(axis=1, keepdims=True)
    share = np.divide(rest, n, out=np.zeros_like(rest), where=n > 0)
    cand_name = np.repeat(name_id, sizes)
    return share[cand_name, cand_country]


def _admin_focus(admin1: np.ndarray, total: np.ndarray, chosen: list[Place | None], name_id: np.ndarray,
                 sizes: list[int]) -> np.ndarray:
    """Favour candidates in the first-level divisions the document's other places lie in
    (a state or province focus, as the country focus works for countries); as there, the
    mentions written like a candidate's own do not vote for it."""
    voters = [(i, c.rowid if c.feature_code in ("ADM1", "ADMD") else c.admin1_rowid)
              for i, c in enumerate(chosen) if c is not None and not c.is_country]
    voters = [(i, a1) for i, a1 in voters if a1]
    if not voters:
        return total
    vote_a1 = np.array([a1 for _, a1 in voters], dtype=np.int64)
    vote_name = name_id[[i for i, _ in voters]]
    # votes for each division, and each name's own votes for it, looked up by sorted codes
    a1_keys, a1_counts = np.unique(vote_a1, return_counts=True)
    code = vote_name * (1 << 40) + vote_a1
    own_keys, own_counts = np.unique(code, return_counts=True)
    name_votes = np.bincount(vote_name, minlength=int(name_id.max()) + 1)
    cand_name = np.repeat(name_id, sizes)
    at = np.minimum(np.searchsorted(a1_keys, admin1), len(a1_keys) - 1)
    votes = np.where(a1_keys[at] == admin1, a1_counts[at], 0)
    cand_code = cand_name * (1 << 40) + admin1
    at = np.minimum(np.searchsorted(own_keys, cand_code), len(own_keys) - 1)
    mine = np.where(own_keys[at] == cand_code, own_counts[at], 0)
    n = len(voters) - name_votes[cand_name]
    bonus = np.divide(votes - mine, n, out=np.zeros(len(admin1)), where=n > 0)
    return total + W_ADMIN * bonus


def _cohere(units: np.ndarray, is_country: np.ndarray, base: np.ndarray, seg: np.ndarray,
            best: list[int | None], surface_keys: list[str]) -> np.ndarray:
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
    sizes = np.diff(seg)
    multi = _close_calls(base, seg, W_COHERE)
    if not multi or sum(b is not None for b in best) < 2:
        return base
    sid_of = {k: j for j, k in enumerate(dict.fromkeys(surface_keys))}
    sid = np.array([sid_of[k] for k in surface_keys], dtype=np.int64)
    n_names = len(sid_of)
    if n_names < 2:
        return base
    in_multi = np.zeros(len(sizes), dtype=bool)
    in_multi[multi] = True
    cand_sid = np.repeat(sid, sizes)
    cand_mention = np.repeat(np.arange(len(sizes)), sizes)
    best_of = np.full(len(sizes), -np.inf)
    best_of[sizes > 0] = np.maximum.reduceat(base, seg[:-1][sizes > 0])
    # the contenders: candidates that closeness (at most W_COHERE) could lift to the top
    rows = np.flatnonzero(np.repeat(in_multi, sizes) & (base >= best_of[cand_mention] - W_COHERE))
    owner_sid = cand_sid[rows]
    # the partners: every candidate (not a country) of every mention, grouped by name
    # (a candidate far below its mention's best weighs next to nothing: e^-4 at 2.0 below)
    partners = np.flatnonzero(~is_country & (base - best_of[cand_mention] > -PARTNER_TEMPERATURE * 4))
    partners = partners[np.argsort(cand_sid[partners], kind="stable")]
    if not len(partners):
        return base
    p_sid = cand_sid[partners]
    group_starts = np.flatnonzero(np.concatenate(([True], p_sid[1:] != p_sid[:-1])))
    group_sid = p_sid[group_starts]
    # most names have one partner, whose row is its support: those partners come first; each
    # name with several takes the maximum over its block of rows (one reduction per name: a
    # reduceat over all of them runs per name and contender, far slower)
    group_sizes = np.diff(np.append(group_starts, len(partners)))
    several = group_sizes > 1
    single_groups = np.flatnonzero(~several)
    n_single = len(single_groups)
    blocks: list[tuple[int, int, int]] = []   # (name's row, first partner, end)
    if n_single < len(group_sizes):
        partners = np.concatenate((partners[group_starts[single_groups]], partners[np.repeat(several, group_sizes)]))
        ends = (n_single + np.cumsum(group_sizes[several])).tolist()
        blocks = list(zip(np.flatnonzero(several).tolist(), [n_single] + ends[:-1], ends))
    # partners down, contenders across: the reductions below run over contiguous blocks.
    # Half the chord, sqrt(h), is the arc's half-angle within 0.1 % up to 1,000 km; beyond,
    # closeness is nil either way
    # closeness is exp(-distance / COHERENCE_KM); it is kept as its logarithm, and so is a
    # partner's weight, so a name's support, the largest product, is the exponential of the
    # largest sum. The exponential is monotonic, so the three best supports of a contender are
    # found among the sums, and only those are exponentiated
    log_closeness = units[partners] @ units[rows].T
    np.subtract(1.0, log_closeness, out=log_closeness)
    np.multiply(log_closeness, 0.5, out=log_closeness)
    np.clip(log_closeness, 0.0, 1.0, out=log_closeness)          # h
    np.sqrt(log_closeness, out=log_closeness)
    np.multiply(log_closeness, -(2 * EARTH_RADIUS_KM / COHERENCE_KM), out=log_closeness)
    own = group_sid[:, None] == owner_sid[None, :]
    k = min(3, n_names - 1)
    total = base.copy()
    summed = np.empty_like(log_closeness)
    log_support = np.empty((len(group_sid), len(rows)))
    for _ in range(2):
        # a partner counts as much as it is plausible next to its mention's best candidate
        best_of[sizes > 0] = np.maximum.reduceat(total, seg[:-1][sizes > 0])
        log_weight = (total[partners] - best_of[cand_mention[partners]]) / PARTNER_TEMPERATURE
        np.add(log_closeness, log_weight[:, None], out=summed)
        if blocks:
            log_support[single_groups] = summed[:n_single]
            for g, a, b in blocks:
                np.maximum.reduce(summed[a:b], axis=0, out=log_support[g])
        else:
            log_support[...] = summed
        log_support[own] = -np.inf
        top = np.exp(-np.partition(-log_support, k - 1, axis=0)[:k] if log_support.shape[0] > k else log_support)
        total = base.copy()
        total[rows] += W_COHERE * top.sum(axis=0) / k
    return total


def _implausible(chosen: list[Place | None], focus: dict[str, float], qualified_by: dict[int, Place]) -> set[int]:
    """Minor places of another country, far (> IMPLAUSIBLE_KM) from every other chosen place,
    in a document whose country evidence points clearly (>= 60 %) elsewhere."""
    if not focus:
        return set()
    cc, share = max(focus.items(), key=lambda t: t[1])
    if share < 0.6:
        return set()
    suspects = [i for i, p in enumerate(chosen) if p is not None and i not in qualified_by and not p.is_country
                and p.feature_code not in ("ADM1", "PPLC", "CONT") and p.feature_class != "L" and p.country_code != cc]
    if not suspects:
        return set()
    others = [j for j, c in enumerate(chosen) if c is not None and not c.is_country]
    located = {i: p for i, p in enumerate(chosen) if p is not None}
    a = np.array([[located[i].lat, located[i].lon] for i in suspects])
    b = np.array([[located[j].lat, located[j].lon] for j in others])
    d = _haversine_km(a[:, None, 0], a[:, None, 1], b[None, :, 0], b[None, :, 1])
    d[np.array(suspects)[:, None] == np.array(others)[None, :]] = np.inf
    return {i for row, i in enumerate(suspects) if not np.isfinite(d[row]).any() or d[row].min() > IMPLAUSIBLE_KM}
