"""An optional spaCy NER stage: place-like entities (GPE, LOC, FAC) as extra recognition spans.

Used only when spaCy and an English model are installed (``pip install spacy`` and a model such
as ``en_core_web_sm``); eventmap never downloads one. The gazetteer matcher stays the primary
recogniser: NER spans only add names it could not match (as unresolved mentions, or resolved
through the gazetteer when their folded form is a known key).
"""
from __future__ import annotations

from functools import lru_cache

PLACE_LABELS = {"GPE", "LOC", "FAC"}


@lru_cache(maxsize=1)
def load_model(name: str = "en_core_web_sm"):
    """The spaCy pipeline, or None when spaCy or the model is not installed."""
    try:
        import spacy
        return spacy.load(name, disable=["lemmatizer", "textcat"])
    except (ImportError, OSError):
        return None


def ner_spans(text: str, model=None) -> list[tuple[int, int]]:
    """Character spans of place-like entities; empty when no model is available."""
    nlp = model or load_model()
    if nlp is None:
        return []
    return [(ent.start_char, ent.end_char) for ent in nlp(text).ents if ent.label_ in PLACE_LABELS]
