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
    best = [data.draw(st.integers(0, len(t.places) - 1)) if t.places else None for t in tables]
    chosen = [t.places[b] if b is not None else None for t, b in zip(tables, best)]
    name_id = R._name_ids([f"k{names[i]}" for i in range(len(tables))])
    admin1 = [a for t in tables for a in t.admin1_l]
    seg = [0]
    for size in sizes:
        seg.append(seg[-1] + size)
    got = R._admin_focus(admin1, total, best, seg, R._chosen_flags(tables, best, True), name_id, sizes)
    expected = _admin_focus_reference(np.array(admin1, dtype=np.int64), np.array(total), chosen,
                                      np.array(name_id, dtype=np.int64), sizes)
    assert list(got) == list(np.asarray(expected).tolist())


W_COHERE, PARTNER_TEMPERATURE = R.W_COHERE, R.PARTNER_TEMPERATURE
EARTH_RADIUS_KM, COHERENCE_KM = R.EARTH_RADIUS_KM, R.COHERENCE_KM


def _cohere_reference(units: np.ndarray, is_country: np.ndarray, base: np.ndarray, seg: np.ndarray,
            best: list[int | None], surface_keys: list[str]) -> np.ndarray:
    """The numpy form resolve used before (unit vectors and flags as arrays)."""
    # only mentions whose choice closeness could change: a runner-up within W_COHERE of the best
    sizes = np.diff(seg)
    multi = R._close_calls(base.tolist(), seg.tolist(), W_COHERE)
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


@settings(max_examples=200, deadline=None)
@given(tables_st, st.lists(st.integers(0, 5), min_size=12, max_size=12), st.data())
def test_cohere_matches_numpy(raw, names, data):
    tables = _tables(raw)
    sizes = [len(t.places) for t in tables]
    # scores on a coarse grid, so that ties and near-ties (close calls) are common
    base = [x / 8 for x in data.draw(st.lists(st.integers(-24, 24), min_size=sum(sizes), max_size=sum(sizes)))]
    seg = [0]
    for size in sizes:
        seg.append(seg[-1] + size)
    best = R._segment_argmax(base, seg, len(tables))
    keys = [f"k{names[i]}" for i in range(len(tables))]
    units = np.frombuffer(b"".join([t.units for t in tables]), dtype=np.float64).reshape(-1, 3)
    is_country = np.array([c for t in tables for c in t.country_l], dtype=bool)
    expected = _cohere_reference(units, is_country, np.array(base), np.array(seg), best, keys)
    assert list(R._cohere(tables, base, seg, best, keys)) == np.asarray(expected).tolist()


@settings(max_examples=100, deadline=None)
@given(tables_st, st.data())
def test_chosen_flags_are_the_places_own(raw, data):
    """The flags read from a table are the chosen Place's own is_country / is_region."""
    tables = _tables(raw)
    best = [data.draw(st.one_of(st.none(), st.integers(0, len(t.places) - 1))) if t.places else None
            for t in tables]
    chosen = [t.places[b] if b is not None else None for t, b in zip(tables, best)]
    assert R._chosen_flags(tables, best, True) == [p is not None and p.is_country for p in chosen]
    assert R._chosen_flags(tables, best, False) == [p is not None and p.is_region for p in chosen]
    for t in tables:
        assert t.region_l == [p.is_region for p in t.places]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**40)), st.lists(st.floats(allow_nan=False)))
def test_typed_buffers_are_np_array(ints, floats):
    got, expected = R._indices(ints), np.array(ints, dtype=np.intp)
    assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    got_f = R._floats(floats)
    assert got_f.dtype == np.float64 and got_f.tobytes() == np.array(floats, dtype=float).tobytes()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(places_st, max_size=8), min_size=1, max_size=6), st.lists(st.integers(0, 5), min_size=1, max_size=12),
       st.data())
def test_cohere_matches_numpy_with_repeated_names(raw, names, data):
    """Mentions written alike share their candidate set, as in resolve: their candidates are
    the same places (one partner, one contender each), their scores may differ."""
    by_name = _tables(raw)
    tables = [by_name[n % len(by_name)] for n in names]
    sizes = [len(t.places) for t in tables]
    base = [x / 8 for x in data.draw(st.lists(st.integers(-24, 24), min_size=sum(sizes), max_size=sum(sizes)))]
    seg = [0]
    for size in sizes:
        seg.append(seg[-1] + size)
    best = R._segment_argmax(base, seg, len(tables))
    keys = [f"k{n % len(by_name)}" for n in names]
    units = np.frombuffer(b"".join([t.units for t in tables]), dtype=np.float64).reshape(-1, 3)
    is_country = np.array([c for t in tables for c in t.country_l], dtype=bool)
    expected = _cohere_reference(units, is_country, np.array(base), np.array(seg), best, keys)
    assert list(R._cohere(tables, base, seg, best, keys)) == np.asarray(expected).tolist()
