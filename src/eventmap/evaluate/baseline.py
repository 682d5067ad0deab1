"""The population-only baseline: the most populous place whose name appears in the text."""
from __future__ import annotations

import calendar

from ..gazetteer.fold import fold
from ..gazetteer.gazetteer import Gazetteer, key_ids_for
from ..model import Place
from ..text import tokens


_CALENDAR = {m.lower() for m in list(calendar.month_name) + list(calendar.day_name) if m}


def capitalised_ngrams(text: str, max_words: int = 4) -> set[str]:
    """Folded word n-grams starting with a capitalised word (month and weekday names excepted)."""
    toks = tokens(text)
    words = [text[a:b] for a, b in toks]
    keys = set()
    for i, w in enumerate(words):
        if not w[:1].isupper() or w.lower() in _CALENDAR or len(w) < 3:
            continue
        key = ""
        for j in range(i, min(i + max_words, len(words))):
            key += fold(words[j])
            keys.add(key)
    return keys


def most_populous(places, populated_only: bool = True) -> Place | None:
    pool = [p for p in places if p.feature_class == "P"] if populated_only else list(places)
    return max(pool, key=lambda p: (p.population, p.place_id), default=None)


def population_baseline(text: str, gazetteer: Gazetteer, populated_only: bool = True) -> Place | None:
    """The most populous (populated) place whose name appears capitalised in ``text``."""
    found = key_ids_for(gazetteer, capitalised_ngrams(text))
    places = [p for kid in found.values() for p in gazetteer.places_for_key(kid)]
    return most_populous(places, populated_only)


def population_for_name(name: str, gazetteer: Gazetteer) -> Place | None:
    """The most populous place of any kind called ``name`` (the gold-span baseline)."""
    return most_populous(gazetteer.lookup(name, limit=None), populated_only=False)
