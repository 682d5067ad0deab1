"""Resolution's plain-loop arithmetic is bitwise the numpy arithmetic it replaced.

Each reference below is the numpy form resolve used before (kept here as the definition);
hypothesis draws inputs and the two must agree to the last bit, since a last-bit difference can
flip a choice between two near-equal candidates or a rounded score.
"""
from __future__ import annotations

import importlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.model import Place

R = importlib.import_module("eventmap.geoparse.resolve")

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.0, max_value=1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(finite, max_size=700))
def test_np_sum_is_numpy_pairwise_sum(values):
    assert R.np_sum(values) == float(np.sum(np.array(values, dtype=float)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=50))
def test_round4_is_numpy_round(values):
    assert [R._round4(x) for x in values] == np.round(np.array(values), 4).tolist()


def test_round4_on_halfway_values():
    halves = [(k + 0.5) / 10000.0 for k in range(0, 10000, 7)] + [0.00005, 0.00015, 0.12345, 0.99995]
    assert [R._round4(x) for x in halves] == np.round(np.array(halves), 4).tolist()


def _softmax_reference(total: np.ndarray, seg: np.ndarray) -> list[float]:
    sizes_arr = np.diff(seg)
    nonempty = sizes_arr > 0
    starts = seg[:-1][nonempty]
    seg_max = np.maximum.reduceat(total, starts)
    weights = np.exp((total - np.repeat(seg_max, sizes_arr[nonempty])) / R.TEMPERATURE)
    sums = np.add.reduceat(weights, starts)
    return np.round(weights / np.repeat(sums, sizes_arr[nonempty]), 4).tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.floats(min_value=-3.0, max_value=3.0), max_size=40), min_size=1, max_size=30))
def test_softmax_probs_match_numpy(segments):
    total = [v for s in segments for v in s]
    seg = [0]
    for s in segments:
        seg.append(seg[-1] + len(s))
    if not total:
        return
    assert R._softmax_probs(total, seg) == _softmax_reference(np.array(total), np.array(seg))


COUNTRIES = ["AF", "PK", "US", "IR", "", "TJ", "UZ", "IN", "CN", "RU"]
CODES = ["PPL", "PPLA", "PPLC", "ADM1", "ADM2", "PCLI", "RGN"]


def _place(rowid: int, cc: str, code: str, pop: int, lat: float, lon: float, admin1: int | None) -> Place:
    fclass = "A" if code.startswith(("ADM", "PCL")) else ("L" if code == "RGN" else "P")
    return Place(place_id=f"t:{rowid}", name=f"n{rowid % 5}", country_code=cc, lat=lat, lon=lon,
                 feature_class=fclass, feature_code=code, population=pop, rowid=rowid, admin1_rowid=admin1)


places_st = st.builds(
    _place, st.integers(1, 60), st.sampled_from(COUNTRIES), st.sampled_from(CODES), st.integers(0, 10**7),
    st.floats(-60, 70), st.floats(-180, 180), st.one_of(st.none(), st.integers(1, 8)))
tables_st = st.lists(st.lists(places_st, max_size=8), min_size=1, max_size=12)


def _tables(raw):
    return [R._Ranked(tuple({p.rowid: p for p in places}.values())) for places in raw]


def _own_focus_reference(countries, tables, name_id: np.ndarray, sizes, cand_country: np.ndarray) -> np.ndarray:
    for cc in countries:
        R._country_index(cc)
    width = len(R._COUNTRY_INDEX)
    n_names = int(name_id.max()) + 1 if len(name_id) else 0
    vote_idx = [np.array([c for c, _ in t.vote_pairs], dtype=np.int64) for t in tables]
    vote_val = [np.array([v for _, v in t.vote_pairs], dtype=float) for t in tables]
    counts = [len(v) for v in vote_idx]
    if sum(counts):
        flat = np.repeat(name_id, counts) * width + np.concatenate(vote_idx)
        own = np.bincount(flat, weights=np.concatenate(vote_val), minlength=n_names * width).reshape(n_names, width)
    else:
        own = np.zeros((n_names, width), dtype=np.float64)
    everything = own.sum(axis=0)
    for cc, v in countries.items():
        everything[R._COUNTRY_INDEX[cc]] += v
    repeats = np.bincount(name_id, minlength=n_names).astype(float)[:, None]
    rest = np.maximum(everything[None, :] - own + own / np.maximum(repeats, 1.0), 0.0)
    n = rest.sum(axis=1, keepdims=True)
    share = np.divide(rest, n, out=np.zeros_like(rest), where=n > 0)
    cand_name = np.repeat(name_id, sizes)
    return share[cand_name, cand_country]


@settings(max_examples=150, deadline=None)
@given(tables_st, st.lists(st.integers(0, 4), min_size=12, max_size=12),
       st.dictionaries(st.sampled_from(COUNTRIES[:4]), positive, max_size=3))
def test_own_focus_matches_numpy(raw, names, countries):
    tables = _tables(raw)
    name_id = R._name_ids([f"k{names[i]}" for i in range(len(tables))])
    shares = R._own_focus(countries, tables, name_id)
    sizes = [len(t.places) for t in tables]
    cand_country = np.array([c for t in tables for c in t.cidx_l], dtype=np.int64)
    expected = _own_focus_reference(countries, tables, np.array(name_id, dtype=np.int64), sizes, cand_country)
    got = [shares[name_id[i]].share(c) for i, t in enumerate(tables) for c in t.cidx_l]
    assert got == expected.tolist()


def _admin_focus_reference(admin1, total, chosen, name_id, sizes):
    voters = [(i, c.rowid if c.feature_code in ("ADM1", "ADMD") else c.admin1_rowid)
              for i, c in enumerate(chosen) if c is not None and not c.is_country]
    voters = [(i, a1) for i, a1 in voters if a1]
    if not voters:
        return total
    vote_a1 = np.array([a1 for _, a1 in voters], dtype=np.int64)
    vote_name = name_id[[i for i, _ in voters]]
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
    return total + R.W_ADMIN * bonus


@settings(max_examples=150, deadline=None)
@given(tables_st, st.lists(st.integers(0, 4), min_size=12, max_size=12), st.data())
def test_admin_focus_matches_numpy(raw, names, data):
    tables = _tables(raw)
    sizes = [len(t.places) for t in tables]
    total = data.draw(st.lists(finite, min_size=sum(sizes), max_size=sum(sizes)))
    chosen = [t.places[data.draw(st.integers(0, len(t.places) - 1))] if t.places else None for t in tables]
    name_id = R._name_ids([f"k{names[i]}" for i in range(len(tables))])
    admin1 = [a for t in tables for a in t.admin1_l]
    got = R._admin_focus(admin1, total, chosen, name_id, sizes)
    expected = _admin_focus_reference(np.array(admin1, dtype=np.int64), np.array(total), chosen,
                                      np.array(name_id, dtype=np.int64), sizes)
    assert list(got) == list(np.asarray(expected).tolist())
