"""Resolve recognised mentions to gazetteer places.

Each candidate place of a mention is scored from evidence that generalises across corpora:

* prior: population and feature type (countries, first-level divisions, capitals first);
* kind: a settlement cue ("village of") favours populated places, a region cue ("X region",
  "province of") favours administrative divisions;
* country focus: the share of the document's country evidence (demonyms, country names,
  unambiguous places) that points at the candidate's country;
* hierarchy: a qualifier next to the mention ("X, Balkh", "X settlement of the Terter region",
  "Alexandria, La.") that names a division the candidate lies in;
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
from collections import Counter

import numpy as np

from ..gazetteer.fold import fold
from ..gazetteer.gazetteer import Gazetteer, fuzzy_key_ids, prior
from ..model import Candidate, Mention, Place
from .recognise import Recognition

MAX_CANDIDATES = 40
TEMPERATURE = 0.12
W_PRIOR, W_FOCUS, W_HIER, W_COHERE = 1.0, 1.2, 1.2, 0.9
COHERENCE_KM = 150.0
OUTSIDE_QUALIFIER_KM = 100.0   # a place this far from the division qualifying it is not that place
IMPLAUSIBLE_KM = 800.0         # a minor place this far from every other place of a focused document
# "X, Balkh", "X (Balkh)", "X district, Balkh", "X area of Y district", "X settlement of the Y region"
_QUALIFIER_GAP = re.compile(
    r"^(?:\s*(?:\([^()]{0,40}\))?\s*(?:(?:district|province|region|area|village|town|city|county|"
    r"settlement|municipality|rayon|oblast|governorate|parish|centre|center|districts)s?\s*){0,2}"
    r"(?:,|\(|\bof\b|\bin\b)\s*(?:the\s+)?)$", re.I)


def _kind_fit(place: Place, kind: str | None, surface_key: str) -> float:
    if kind == "region":
        return 0.5 if place.is_region and not place.is_country else -0.3
    if kind == "settlement":
        return 0.3 if place.feature_class == "P" else -0.6
    if place.feature_class == "P":
        return 0.15
    if place.is_region and not place.is_country and fold(place.name) != surface_key:
        return -0.1
    return 0.0


def _focus(countries: Counter) -> dict[str, float]:
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


def _cohere(cands: list[list[Place]], scores: list[list[float]], chosen: list[Place | None],
            surface_keys: list[str]) -> list[Place | None]:
    """Re-choose each ambiguous mention's place by closeness to the places chosen for the others.

    One matrix of distances per round for the whole document: every candidate of every
    ambiguous mention against every chosen place (anchors) of a differently written mention.
    """
    multi = [i for i, cs in enumerate(cands) if len(cs) > 1]
    if not multi or sum(c is not None for c in chosen) < 2:
        return chosen
    sid_of = {k: n for n, k in enumerate(dict.fromkeys(surface_keys))}
    sid = np.array([sid_of[k] for k in surface_keys])
    sizes = [len(cands[i]) for i in multi]
    seg = np.concatenate([[0], np.cumsum(sizes)])
    owner_sid = np.repeat(sid[multi], sizes)
    coords = np.array([[p.lat, p.lon] for i in multi for p in cands[i]])
    base = np.concatenate([np.asarray(scores[i], dtype=float) for i in multi])
    chosen = list(chosen)
    n_names = len(sid_of)
    for _ in range(2):
        # each chosen place once, with the names that chose it
        by_place: dict[int, tuple[Place, set[int]]] = {}
        for j, c in enumerate(chosen):
            if c is not None and not c.is_country:
                by_place.setdefault(c.rowid, (c, set()))[1].add(int(sid[j]))
        if not by_place:
            break
        anchors = list(by_place.values())
        pts = np.array([[c.lat, c.lon] for c, _ in anchors])
        chose = np.zeros((n_names, len(anchors)), dtype=bool)
        for a, (_, names) in enumerate(anchors):
            chose[list(names), a] = True
        # an anchor counts for a mention only when another name chose it
        others = chose.sum(axis=0)[None, :] - chose[owner_sid]
        close = np.exp(-_haversine_km(coords[:, None, 0], coords[:, None, 1], pts[None, :, 0], pts[None, :, 1])
                       / COHERENCE_KM)
        own = others <= 0
        close[own] = 0.0  # a name does not vouch for itself
        k = min(3, len(anchors))
        top = np.partition(close, len(anchors) - k, axis=1)[:, -k:]
        valid = np.minimum(k, (~own).sum(axis=1))
        total = base + W_COHERE * np.where(valid > 0, top.sum(axis=1) / np.maximum(valid, 1), 0.0)
        for n, i in enumerate(multi):
            part = total[seg[n]:seg[n + 1]]
            scores[i] = part.tolist()
            chosen[i] = cands[i][int(np.argmax(part))]
    return chosen


def resolve(recognition: Recognition, gazetteer: Gazetteer, text: str) -> list[Mention]:
    """Choose a place (or none) for every recognised mention."""
    raws = recognition.mentions
    cands: list[list[Place]] = []
    for r in raws:
        places: dict[int, Place] = {}
        for kid in r.key_ids:
            for p in gazetteer.places_for_key(kid):
                places.setdefault(p.rowid, p)
        ranked = sorted(places.values(), key=lambda p: -prior(p))[:MAX_CANDIDATES]
        cands.append(ranked)

    # country focus: demonyms and country names, plus every mention whose candidates share a country
    evidence = Counter(recognition.countries)
    for cs in cands:
        ccs = {p.country_code for p in cs}
        if len(ccs) == 1 and cs:
            evidence[next(iter(ccs))] += 1
    focus = _focus(evidence)
    # names a cue marks as places but no gazetteer name matches: near spellings in the focus countries
    focus_countries = [cc for cc, share in sorted(focus.items(), key=lambda t: -t[1])[:2] if share >= 0.25]
    for i, r in enumerate(raws):
        if not cands[i] and focus_countries:
            places = {}
            for kid, _ in fuzzy_key_ids(gazetteer, r.surface, focus_countries):
                for p in gazetteer.places_for_key(kid):
                    if p.country_code in focus_countries:
                        places.setdefault(p.rowid, p)
            cands[i] = sorted(places.values(), key=lambda p: -prior(p))[:MAX_CANDIDATES]
    # hierarchy: mention i qualified by the mention right after it
    hier: list[dict[int, float]] = [dict() for _ in raws]
    for i in range(len(raws) - 1):
        a, b = raws[i], raws[i + 1]
        gap = text[a.end:b.start]
        if len(gap) > 60 or not _QUALIFIER_GAP.match(gap):
            continue
        region_ids = {p.rowid for p in cands[i + 1] if p.is_region}
        countries = {p.country_code for p in cands[i + 1] if p.is_country}
        for p in cands[i]:
            if p.admin1_rowid in region_ids or p.admin2_rowid in region_ids:
                hier[i][p.rowid] = 1.0
            elif p.country_code in countries:
                hier[i][p.rowid] = 0.5
        # the qualifier itself: prefer the divisions that contain a candidate of the mention
        contained = {p.admin1_rowid for p in cands[i]} | {p.admin2_rowid for p in cands[i]}
        for q in cands[i + 1]:
            if q.rowid in contained:
                hier[i + 1][q.rowid] = 1.0

    def base_score(i: int, p: Place) -> float:
        r = raws[i]
        return (W_PRIOR * prior(p) + _kind_fit(p, r.kind, fold(r.surface))
                + W_FOCUS * focus.get(p.country_code, 0.0) + W_HIER * hier[i].get(p.rowid, 0.0))

    scores = [[base_score(i, p) for p in cs] for i, cs in enumerate(cands)]
    chosen = [cs[max(range(len(cs)), key=lambda k: sc[k])] if cs else None for cs, sc in zip(cands, scores)]

    surface_keys = [fold(r.surface) for r in raws]
    chosen = _cohere(cands, scores, chosen, surface_keys)

    # a place qualified by a division it does not lie in ("the Haidarabad area of Nahri Saraj
    # district" when the only Haidarabad known is in Pakistan) is that division, more or less
    # and a name the gazetteer lacks, qualified by a division it knows ("Charbolak district,
    # Balkh"), is placed in that division at the precision the text supports
    qualified_by: dict[int, Place] = {}
    for i in range(len(raws) - 1):
        q = chosen[i + 1]
        if q is None or not q.is_region or q.is_country:
            continue
        gap = text[raws[i].end:raws[i + 1].start]
        if len(gap) > 60 or not _QUALIFIER_GAP.match(gap):
            continue
        p = chosen[i]
        if p is None:
            qualified_by[i] = q
            continue
        inside = q.rowid in (p.admin1_rowid, p.admin2_rowid)
        if not inside and _distance_km(p, q) > OUTSIDE_QUALIFIER_KM:
            qualified_by[i] = q
    # a minor place far from every other place of a document focused on another country
    top_focus = max(focus.items(), key=lambda t: t[1]) if focus else None
    implausible: set[int] = set()
    for i, p in enumerate(chosen):
        if p is None or i in qualified_by or p.is_country or p.feature_code in ("ADM1", "PPLC"):
            continue
        if top_focus and top_focus[1] >= 0.6 and p.country_code != top_focus[0]:
            others = [c for j, c in enumerate(chosen) if c is not None and j != i and not c.is_country]
            if not others or min(_distance_km(p, c) for c in others) > IMPLAUSIBLE_KM:
                implausible.add(i)

    out: list[Mention] = []
    for i, r in enumerate(raws):
        cs = cands[i]
        if i in qualified_by:
            q = qualified_by[i]
            out.append(Mention(r.surface, r.start, r.end, r.sentence, (Candidate(q, 0.5),), q, 0.5,
                               max(2, r.precision), (r.cue or "") + " (within the qualifying division)", "place"))
            continue
        if i in implausible:
            cs = []
        if not cs:
            out.append(Mention(r.surface, r.start, r.end, r.sentence, (), None, 0.0, r.precision, r.cue,
                               r.kind or "place"))
            continue
        sc = scores[i]
        top = max(sc)
        weights = [math.exp((s - top) / TEMPERATURE) for s in sc]
        total = sum(weights)
        ranked = sorted(zip(cs, (w / total for w in weights)), key=lambda t: -t[1])
        candidates = tuple(Candidate(p, round(s, 4)) for p, s in ranked[:5])
        place = chosen[i]
        score = next((c.score for c in candidates if c.place.rowid == place.rowid), 0.0)
        precision = r.precision
        if place.is_region:
            precision = 3
        kind = "country" if place.is_country else "region" if place.is_region else "place"
        out.append(Mention(r.surface, r.start, r.end, r.sentence, candidates, place, score, precision,
                           r.cue, kind))
    return out
