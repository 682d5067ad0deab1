"""A deterministic generator of ~4 KB synthetic conflict reports for the benchmarks.

Reports mix event sentences (dates, actors, cue phrases, place names drawn from the shipped
regional pack and from GeoNames places of several countries) with filler prose, so recognition,
resolution and event extraction all do real work. No third-party text is used.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

ACTORS = ["Armenian forces", "Azerbaijani units", "Afghan security forces", "Taliban militants",
          "government troops", "police officers", "Ukrainian forces", "Russian troops", "rebel fighters"]
EVENTS = [
    "On {date}, {a1} clashed with {a2} near the village of {p1}, according to the {org}.",
    "{a1} shelled positions in {p1} and {p2} overnight, the {org} said.",
    "A drone strike hit a convoy on the road between {p1} and {p2} on {date}.",
    "On {date}, {n} civilians were killed when a roadside bomb exploded in the {p1} area of {p2} district.",
    "Heavy fighting was reported in the directions of {p1}, {p2} and {p3}.",
    "{a1} reportedly captured {p1}, but local officials said the town had not been captured.",
    "Protesters gathered in central {p1} on {date} to demand an end to the fighting.",
    "Police arrested {n} suspects in {p1} after the attack, officials said.",
]
FILLER = [
    "The situation along the line of contact remained tense throughout the day.",
    "Humanitarian organisations called for access to the affected areas.",
    "Residents described hearing explosions late into the night.",
    "Independent verification of the claims was not possible.",
    "Officials on both sides traded accusations over who had started the fighting.",
    "Schools in the region were closed as a precaution.",
    "Analysts said the latest developments could affect the negotiations.",
]
ORGS = ["Ministry of Defence", "regional governor's office", "press service of the army", "local police"]


def build() -> str:
    """How the hot stages ran in this process: compiled by mypyc (setup.py) or pure Python."""
    from eventmap._compiled import status

    ran = status()
    compiled = sum(ran.values())
    return f"compiled with mypyc: {compiled} of the {len(ran)} stage modules used" if compiled else "pure Python"


def forget_texts() -> None:
    """Empty eventmap's per-text caches (words, sentences, tokens of the last texts seen), so
    that a text timed again costs what a new one does."""
    from eventmap.events import claims, dates, lexicon
    from eventmap.text import document_sentences, token_parts

    for cache in (lexicon.all_words, lexicon.words, document_sentences, token_parts):
        cache.cache_clear()
    for module in (lexicon, dates, claims):
        forget = getattr(module, "forget_last_text", None)   # (absent from builds before it, run as baselines)
        if forget is not None:
            forget()


def best_rate(fn, items, rounds: int = 3, batch: int = 50) -> float:
    """Items per second, least disturbed of ``rounds`` passes.

    The machine is shared and its disturbances come in bursts of a second or two, so each pass
    is timed per batch of ``batch`` items and every batch keeps its fastest pass: the sum is the
    time the whole set takes undisturbed (timeit's advice, at a finer grain). Every item is run
    ``rounds`` times; nothing is skipped; and no pass finds the texts of an earlier one cached.
    """
    import time

    batches = [items[k:k + batch] for k in range(0, len(items), batch)]
    best = [float("inf")] * len(batches)
    for _ in range(rounds):
        for b, chunk in enumerate(batches):
            forget_texts()   # a later pass must not find its texts' words in the caches
            t = time.perf_counter()
            for x in chunk:
                fn(x)
            best[b] = min(best[b], time.perf_counter() - t)
    return len(items) / sum(best)


def place_names(gazetteer, per_country: int = 60, countries=("AZ", "AM", "AF", "UA", "SY", "US")) -> list[str]:
    names = []
    for cc in countries:
        rows = gazetteer.con.execute(
            "SELECT name FROM places WHERE country_code=? AND feature_class='P' AND population>2000 "
            "ORDER BY population DESC LIMIT ?", (cc, per_country)).fetchall()
        names += [r[0] for r in rows]
    return names


def reports(gazetteer, n: int, size: int = 4000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    places = place_names(gazetteer)
    out = []
    for _ in range(n):
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(900))
        parts = []
        while sum(len(p) + 1 for p in parts) < size:
            if rng.random() < 0.6:
                d = start - timedelta(days=rng.randrange(5))
                parts.append(rng.choice(EVENTS).format(
                    date=d.strftime("%B %d"), a1=rng.choice(ACTORS).capitalize(), a2=rng.choice(ACTORS),
                    p1=rng.choice(places), p2=rng.choice(places), p3=rng.choice(places),
                    org=rng.choice(ORGS), n=rng.randrange(1, 20)))
            else:
                parts.append(rng.choice(FILLER))
            if rng.random() < 0.2:
                parts.append("\n")
        out.append(" ".join(parts))
    return out
